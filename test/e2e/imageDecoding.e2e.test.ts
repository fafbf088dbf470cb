/** The browser's ImageDecoder (renderer/web/canvasImageDecoder.ts) in Chromium: the same pixels as pngjs for a PNG, torchvision's tensor for a JPEG photo after the stated transform, and its error for bytes that are no image. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { imageToTensorData } from '../../core/data/captions/imageTransform.ts';
import { nodeImageDecoder } from '../../node/images/nodeImageDecoder.ts';
import { type E2eEnvironment, repoRoot, sharedDataDir, startE2e } from './helpers.ts';

const FIXTURES = join(repoRoot, 'test', 'fixtures');
const FLICKR = join(sharedDataDir, 'image-captions', 'images');

/** The decoder bundled as a script that sets `window.decoderUnderTest`. */
async function decoderScript(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: join(repoRoot, 'renderer', 'web', 'canvasImageDecoder.ts'),
        formats: ['iife'],
        name: 'decoderUnderTest',
      },
    },
  });
  const output = (Array.isArray(result) ? result[0] : result) as { output: { code?: string }[] };
  return output.output[0]?.code ?? '';
}

let env: E2eEnvironment;
let script: string;

beforeAll(async () => {
  script = await decoderScript();
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** Decodes `bytes` in a fresh Chromium page; the pixels come back as base64. */
async function decodeInBrowser(
  bytes: Uint8Array,
): Promise<{ width: number; height: number; data: Uint8Array } | { error: string }> {
  const page = await env.browser.newPage();
  try {
    await page.addScriptTag({ content: script });
    const result = await page.evaluate(async (b64: string) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const w = window as unknown as {
        decoderUnderTest: {
          canvasImageDecoder: {
            decode(
              b: Uint8Array,
              n: string,
            ): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
          };
        };
      };
      try {
        const img = await w.decoderUnderTest.canvasImageDecoder.decode(raw, 'x');
        let text = '';
        for (let i = 0; i < img.data.length; i += 0x8000)
          text += String.fromCharCode(...img.data.subarray(i, i + 0x8000));
        return { width: img.width, height: img.height, data: btoa(text) };
      } catch (err) {
        return { error: (err as Error).message };
      }
    }, Buffer.from(bytes).toString('base64'));
    if (result.error !== undefined) return { error: result.error };
    return {
      width: result.width as number,
      height: result.height as number,
      data: new Uint8Array(Buffer.from(result.data as string, 'base64')),
    };
  } finally {
    await page.close();
  }
}

describe('canvasImageDecoder in Chromium', () => {
  it('gives the same RGBA pixels as pngjs for a PNG', async () => {
    const bytes = readFileSync(join(FIXTURES, 'image_synthetic_landscape.png'));
    const browser = await decodeInBrowser(bytes);
    const node = await nodeImageDecoder.decode(bytes, 'png');
    expect(browser).toMatchObject({ width: 67, height: 45 });
    expect(Buffer.from((browser as { data: Uint8Array }).data).equals(Buffer.from(node.data))).toBe(
      true,
    );
  });

  it('refuses bytes that are no image with the decoder message', async () => {
    expect(await decodeInBrowser(new TextEncoder().encode('not an image'))).toEqual({
      error: 'the file is not a JPEG or PNG image',
    });
  });

  const fixture = JSON.parse(readFileSync(join(FIXTURES, 'image_transform.json'), 'utf8')) as {
    flickr: { file: string; channelMeans: number[]; positions: number[]; values: number[] }[];
  };
  it.skipIf(!existsSync(FLICKR))(
    'matches torchvision on a Flickr8k JPEG after Resize(256) + CenterCrop(224)',
    async () => {
      const c = fixture.flickr[0] as (typeof fixture.flickr)[number];
      const decoded = await decodeInBrowser(readFileSync(join(FLICKR, c.file)));
      if ('error' in decoded) throw new Error(decoded.error);
      const out = imageToTensorData(decoded, { resize: 256, crop: 224 });
      const plane = 224 * 224;
      for (let ch = 0; ch < 3; ch++) {
        let sum = 0;
        for (let i = ch * plane; i < (ch + 1) * plane; i++) sum += out[i] as number;
        expect(Math.abs(sum / plane - (c.channelMeans[ch] as number))).toBeLessThan(0.005);
      }
      const errors = c.positions.map((p, i) =>
        Math.abs((out[p] as number) - (c.values[i] as number)),
      );
      expect(Math.max(...errors)).toBeLessThan(0.05);
    },
  );
});
