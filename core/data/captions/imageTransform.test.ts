/** Parity of the captioning image preprocessing with torchvision 0.14 (fixtures from test/fixtures/gen_image_transform.py). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeImageDecoder } from '../../../node/images/nodeImageDecoder.ts';
import type { DecodedImage } from './imageDecoder.ts';
import {
  cropWindow,
  IMAGENET_MEAN,
  IMAGENET_STD,
  imageToTensorData,
  resizedSize,
} from './imageTransform.ts';

const FIXTURES = join(__dirname, '../../../test/fixtures');
const FLICKR = join(__dirname, '../../../../shared/data/image-captions/images');

interface SyntheticCase {
  file: string;
  resize: number;
  crop: number;
  levels: number[];
  values: number[];
}
interface FlickrCase {
  file: string;
  size: [number, number];
  channelMeans: number[];
  positions: number[];
  values: number[];
}
const fixture = JSON.parse(readFileSync(join(FIXTURES, 'image_transform.json'), 'utf8')) as {
  synthetic: SyntheticCase[];
  flickr: FlickrCase[];
};

interface NoiseCase {
  seed: number;
  height: number;
  width: number;
  resize: number;
  crop: number;
  /** torchvision's uint8 levels [3, crop, crop], base64. */
  levels: string;
}
const noiseFixture = JSON.parse(readFileSync(join(FIXTURES, 'image_resize.json'), 'utf8')) as {
  cases: NoiseCase[];
};

/** RGBA noise as test/fixtures/gen_image_resize.py draws it: the low byte of successive xorshift32 states, planar RGB. */
function noiseImage(seed: number, height: number, width: number): DecodedImage {
  let x = seed >>> 0;
  const plane = height * width;
  const data = new Uint8Array(plane * 4).fill(255);
  for (let i = 0; i < 3 * plane; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    data[(i % plane) * 4 + Math.floor(i / plane)] = x & 255;
  }
  return { width, height, data };
}

function levelsOf(values: Float32Array, crop: number): number[] {
  const plane = crop * crop;
  return Array.from(values, (v, i) => {
    const ch = Math.floor(i / plane);
    // NOTE: + 0 turns a level of −0 (a value just below 0 before rounding) into 0.
    return Math.round((v * (IMAGENET_STD[ch] as number) + (IMAGENET_MEAN[ch] as number)) * 255) + 0;
  });
}

describe('imageToTensorData', () => {
  it.each(
    fixture.synthetic.map(
      (c) => [`${c.file} Resize(${c.resize}) CenterCrop(${c.crop})`, c] as const,
    ),
  )('matches torchvision on %s', async (_, c) => {
    const image = await nodeImageDecoder.decode(readFileSync(join(FIXTURES, c.file)), c.file);
    const out = imageToTensorData(image, { resize: c.resize, crop: c.crop });
    expect(out.length).toBe(3 * c.crop * c.crop);
    expect(levelsOf(out, c.crop)).toEqual(c.levels);
    c.values.forEach((v, i) => {
      expect(out[i]).toBeCloseTo(v, 6);
    });
  });

  it("gives torchvision's levels on noise, where float32 rounding order decides values at x.5", () => {
    let levels = 0;
    for (const c of noiseFixture.cases) {
      const out = imageToTensorData(noiseImage(c.seed, c.height, c.width), c);
      const expected = Array.from(Buffer.from(c.levels, 'base64'));
      expect(levelsOf(out, c.crop), JSON.stringify({ ...c, levels: undefined })).toEqual(expected);
      levels += expected.length;
    }
    expect(levels).toBeGreaterThan(40_000);
  });

  it('computes the resized size as torchvision (shorter side to S, longer truncated)', () => {
    expect(resizedSize(375, 500, 256)).toEqual([256, 341]);
    expect(resizedSize(500, 333, 256)).toEqual([384, 256]);
    expect(resizedSize(100, 100, 7)).toEqual([7, 7]);
  });

  it('maps the centre crop back to the image: the window a feature map covers', () => {
    // 500×375 → Resize(256) gives 341×256; CenterCrop(224) keeps x 58…282, y 16…240 of it.
    const w = cropWindow(500, 375, { resize: 256, crop: 224 });
    expect(w.x).toBeCloseTo((58 * 500) / 341, 9);
    expect(w.y).toBeCloseTo((16 * 375) / 256, 9);
    expect(w.width).toBeCloseTo((224 * 500) / 341, 9);
    expect(w.height).toBeCloseTo((224 * 375) / 256, 9);
    // Resize(S) + CenterCrop(S) keeps the centre square of the shorter side.
    expect(cropWindow(300, 200, { resize: 64, crop: 64 })).toEqual({
      x: 50,
      y: 0,
      width: 200,
      height: 200,
    });
  });

  it('writes into a batch buffer at an offset, leaving the rest alone', () => {
    const image = { width: 2, height: 2, data: new Uint8Array(16).fill(255) };
    const out = new Float32Array(2 * 3 * 4).fill(7);
    imageToTensorData(image, { resize: 2, crop: 2 }, { out, offset: 12 });
    expect(Array.from(out.subarray(0, 12))).toEqual(new Array(12).fill(7));
    expect(out[12]).toBeCloseTo((1 - 0.485) / 0.229, 5);
  });

  it('refuses a crop larger than the resize with a config error', () => {
    const image = { width: 2, height: 2, data: new Uint8Array(16) };
    expect(() => imageToTensorData(image, { resize: 4, crop: 5 })).toThrow(
      'ImageTransform: crop must be an integer in [1, resize 4], got 5.',
    );
  });

  const haveFlickr = existsSync(FLICKR);
  it.skipIf(!haveFlickr).each(fixture.flickr.map((c) => [c.file, c] as const))(
    'is within JPEG-decoder tolerance of torchvision on the Flickr8k photo %s',
    async (_, c) => {
      const image = await nodeImageDecoder.decode(readFileSync(join(FLICKR, c.file)), c.file);
      expect([image.height, image.width]).toEqual(c.size);
      const out = imageToTensorData(image, { resize: 256, crop: 224 });
      const plane = 224 * 224;
      for (let ch = 0; ch < 3; ch++) {
        let sum = 0;
        for (let i = ch * plane; i < (ch + 1) * plane; i++) sum += out[i] as number;
        // NOTE: jpeg-js and libjpeg-turbo round the IDCT and chroma upsampling differently (±1–2 levels).
        expect(Math.abs(sum / plane - (c.channelMeans[ch] as number))).toBeLessThan(0.005);
      }
      const errors = c.positions.map((p, i) =>
        Math.abs((out[p] as number) - (c.values[i] as number)),
      );
      expect(Math.max(...errors)).toBeLessThan(0.05);
    },
  );
  if (!haveFlickr)
    console.warn(`imageTransform.test: skipping the Flickr8k parity cases: ${FLICKR} is absent.`);
});
