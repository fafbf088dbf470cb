/** Tests that the data refusals training meets cross the trainer protocol as a key and parameters and are worded in English (as core wrote them) and Korean. */
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { fitLabels } from '../../core/data/batching.ts';
import { numericColumn, readTable } from '../../core/data/table.ts';
import { DatasetError } from '../../core/errors.ts';
import { TrainerError } from '../../core/protocol/trainerClient.ts';
import { toErrorPayload, validateTrainerMessage } from '../../core/protocol/validate.ts';
import { wordCoreMessage } from './coreMessages.ts';
import { resources } from './i18n.ts';

async function translator(lng: 'en' | 'ko'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng, interpolation: { escapeValue: false } });
  return instance.t;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

async function refusal(run: () => unknown): Promise<DatasetError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof DatasetError) return err;
    throw err;
  }
  throw new Error('expected a DatasetError, but the call succeeded');
}

/** The refusal as the trainer sends it and the page rebuilds it. */
function acrossTheProtocol(e: DatasetError): TrainerError {
  const message = validateTrainerMessage({ type: 'error', id: 1, ...toErrorPayload(e) });
  if (message.type !== 'error') throw new Error('expected an error message');
  return new TrainerError(message);
}

const REFUSALS: Record<string, () => unknown> = {
  'one-class': () => fitLabels(['yes', 'yes'], { fileName: 'l.csv', column: 'label' }),
  'not-numeric': async () => {
    const { table } = await readTable(utf8('d,v\n1,2\n2,n/a?\n3,4\n'), { fileName: 'p.csv' });
    return numericColumn(table, 'v');
  },
  'all-missing': async () => {
    const { table } = await readTable(utf8('d,v,w\n1,NA,1\n2,NA,2\n'), { fileName: 'm.csv' });
    return numericColumn(table, 'v');
  },
};

describe("training's data refusals in the UI languages", () => {
  it('keep their key and parameters across the trainer protocol, and read as core wrote them in English', async () => {
    const en = await translator('en');
    for (const [key, run] of Object.entries(REFUSALS)) {
      const e = acrossTheProtocol(await refusal(run));
      expect(e.detail?.key, key).toBe(key);
      expect(wordCoreMessage(en, e.detail as NonNullable<typeof e.detail>)).toBe(e.message);
    }
  });

  it('are worded in Korean with the values from the file', async () => {
    const ko = await translator('ko');
    const e = acrossTheProtocol(await refusal(REFUSALS['one-class'] as () => unknown));
    expect(wordCoreMessage(ko, e.detail as NonNullable<typeof e.detail>)).toBe(
      "'l.csv' 파일의 'label' 열: 레이블 열에는 클래스가 2개 이상 있어야 하지만 클래스 수는 1 ('yes')입니다. 다른 레이블 열을 고르거나 다른 클래스의 예를 추가하세요.",
    );
    const n = acrossTheProtocol(await refusal(REFUSALS['not-numeric'] as () => unknown));
    expect(wordCoreMessage(ko, n.detail as NonNullable<typeof n.detail>)).toBe(
      "'p.csv' 3번째 줄, 'v' 열: 'n/a?'은(는) 숫자가 아니지만 이 열은 숫자여야 합니다. 값을 고치거나, 비워서 결측으로 표시하거나, 다른 열을 고르세요.",
    );
  });
});
