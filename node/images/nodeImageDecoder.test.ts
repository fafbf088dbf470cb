/** The Node ImageDecoder: decodes by content, and refuses non-images and oversized images before decoding them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { nodeImageDecoder } from './nodeImageDecoder.ts';

const PNG = readFileSync(join(__dirname, '../../test/fixtures/image_synthetic_portrait.png'));

describe('nodeImageDecoder', () => {
  it('decodes a PNG into RGBA pixels', async () => {
    const image = await nodeImageDecoder.decode(PNG, 'p.png');
    expect([image.width, image.height, image.data.length]).toEqual([41, 73, 41 * 73 * 4]);
    expect(image.data[3]).toBe(255);
  });

  it('decodes a colour JPEG by its bytes whatever its name says, converting YCbCr to RGB', async () => {
    const pixels = new Uint8Array(16 * 16 * 4);
    for (let i = 0; i < pixels.length; i += 4) pixels.set([200, 50, 100, 255], i);
    const bytes = jpeg.encode({ width: 16, height: 16, data: pixels }, 100).data;
    const image = await nodeImageDecoder.decode(new Uint8Array(bytes), 'wrong.png');
    expect([image.width, image.height]).toEqual([16, 16]);
    const rgb = Array.from(image.data.subarray(4 * 40, 4 * 40 + 4));
    [200, 50, 100, 255].forEach((v, i) => {
      expect(Math.abs((rgb[i] as number) - v)).toBeLessThanOrEqual(2);
    });
  });

  it('refuses bytes that are no image, and a PNG declaring more than 64 megapixels', async () => {
    await expect(
      nodeImageDecoder.decode(new TextEncoder().encode('GIF89a'), 'x.gif'),
    ).rejects.toThrow('the file is not a JPEG or PNG image');
    const huge = new Uint8Array(PNG.subarray(0, 64));
    new DataView(huge.buffer).setUint32(16, 10_000);
    new DataView(huge.buffer).setUint32(20, 10_000);
    await expect(nodeImageDecoder.decode(huge, 'huge.png')).rejects.toThrow(
      'the image must have at most 64 megapixels, got 10000×10000',
    );
  });
});
