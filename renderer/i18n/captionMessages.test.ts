/** Core's captioning refusals (a missing or unreadable image, no captions file) worded by the renderer: English exactly as core writes it, Korean with the file's own names only. */
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { openCaptionDataset } from '../../core/data/captions/captionDataset.ts';
import { readImageBatch } from '../../core/data/captions/captionImages.ts';
import type { ImageFolder } from '../../core/data/captions/imageFolder.ts';
import { DatasetError } from '../../core/errors.ts';
import { wordCoreMessage } from './coreMessages.ts';
import { resources } from './i18n.ts';

async function translator(lng: 'en' | 'ko'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng, interpolation: { escapeValue: false } });
  return instance.t;
}

function folder(files: Record<string, string>): ImageFolder {
  return {
    name: 'photos',
    paths: Object.keys(files),
    read: async (path) => new TextEncoder().encode(files[path]),
  };
}

async function refusal(run: () => Promise<unknown>): Promise<DatasetError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof DatasetError) return err;
    throw err;
  }
  throw new Error('a refusal expected');
}

const REFUSALS = {
  missing: () =>
    openCaptionDataset(
      folder({ 'captions.csv': 'image,caption\na.jpg,a cat\nb.jpg,a dog\n', 'a.jpg': '' }),
    ),
  coco: () =>
    openCaptionDataset(
      folder({
        'captions.json': JSON.stringify({
          images: [{ id: 1, file_name: 'gone.jpg' }],
          annotations: [{ image_id: 1, caption: 'a cat' }],
        }),
      }),
    ),
  unreadable: () =>
    readImageBatch(
      {
        folder: folder({ 'a.jpg': 'text' }),
        decoder: {
          decode: async () => {
            throw new Error('the file is not a JPEG or PNG image');
          },
        },
        transform: { resize: 8, crop: 8 },
      },
      ['a.jpg'],
    ),
  noCaptions: () => openCaptionDataset(folder({ 'a.jpg': '' })),
};

describe('captioning refusals in the UI language', () => {
  it("read in English exactly as core's message", async () => {
    const t = await translator('en');
    for (const [name, run] of Object.entries(REFUSALS)) {
      const err = await refusal(run);
      expect(err.detail, name).toBeDefined();
      expect(wordCoreMessage(t, err.detail as NonNullable<typeof err.detail>), name).toBe(
        err.message,
      );
    }
  });

  it('read in Korean, the line number in Korean, naming the image and the folder', async () => {
    const t = await translator('ko');
    const missing = await refusal(REFUSALS.missing);
    expect(wordCoreMessage(t, missing.detail as NonNullable<typeof missing.detail>)).toBe(
      "캡션 파일 'captions.csv'의 3번째 줄: 이미지 'b.jpg'이(가) 'photos'에 없습니다. 이미지를 넣거나 그 캡션을 지우세요.",
    );
    const unreadable = await refusal(REFUSALS.unreadable);
    expect(wordCoreMessage(t, unreadable.detail as NonNullable<typeof unreadable.detail>)).toBe(
      "'photos'의 이미지 'a.jpg'을(를) 읽을 수 없습니다(the file is not a JPEG or PNG image). JPEG나 PNG 파일로 바꾸거나 그 캡션을 지우세요.",
    );
  });
});
