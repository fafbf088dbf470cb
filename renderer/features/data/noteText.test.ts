/** Tests that detection's notes and evidence are worded in English and Korean from their codes and numbers. */
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { inspectBytes } from '../../../core/data/inspect.ts';
import { resources } from '../../i18n/i18n.ts';
import { noteText } from './noteText.ts';
import { evidenceText } from './readingText.ts';

async function translator(lng: 'en' | 'ko'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng, interpolation: { escapeValue: false } });
  return instance.t;
}

const EUROPEAN = [
  'Date;Time;CO;;',
  ...Array.from(
    { length: 24 },
    (_, h) =>
      `${13 + Math.floor(h / 12)}/03/2004;${h % 12}.00.00;${h % 5 === 0 ? '-200' : `${h},5`};;`,
  ),
  ';;;;',
].join('\n');

describe('detection notes in the UI languages', () => {
  it('words every note of a European file, with its numbers, in English and Korean', async () => {
    const got = await inspectBytes(new TextEncoder().encode(EUROPEAN), { fileName: 'eu.csv' });
    const kinds = got.notes.map((n) => n.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'number-format',
        'empty-columns',
        'blank-records',
        'date-order',
        'date-time-columns',
        'sentinel',
      ]),
    );
    const en = await translator('en');
    const ko = await translator('ko');
    for (const note of got.notes) {
      const english = noteText(note, en, 'en');
      const korean = noteText(note, ko, 'ko');
      expect(english, note.kind).not.toMatch(/data\.summary/);
      expect(korean, note.kind).not.toMatch(/data\.summary/);
      expect(korean, note.kind).not.toBe(english);
    }
    const sentinel = got.notes.find((n) => n.kind === 'sentinel');
    expect(noteText(sentinel as never, en, 'en')).toBe(
      "Column 'CO': '-200' occurs 5 times far outside the other values; it may be a missing-value code.",
    );
    const decimal = got.reading.decisions.decimal;
    expect(decimal?.by).toBe('guess');
    if (decimal?.by !== 'guess') return;
    expect(evidenceText(decimal.evidence, ko)).toBe(
      "'1,5' 같은 칸 19개는 소수점 쉼표로 읽어야만 숫자가 됩니다.",
    );
  });
});
