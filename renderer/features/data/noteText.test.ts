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
    const step = got.notes.find((n) => n.kind === 'date-step');
    expect(noteText(step as never, en, 'en')).toBe(
      "'Date + Time': one row every hour; gaps: 1 (12 steps missing in all, the first between 2004-03-13 11:00 and 2004-03-14 00:00).",
    );
    expect(noteText(step as never, ko, 'ko')).toBe(
      "'Date + Time': 1시간마다 한 행입니다. 빠진 곳 1곳, 모두 12개(처음은 2004-03-13 11:00와 2004-03-14 00:00 사이).",
    );
    const decimal = got.reading.decisions.decimal;
    expect(decimal?.by).toBe('guess');
    if (decimal?.by !== 'guess') return;
    expect(evidenceText(decimal.evidence, ko)).toBe(
      "'1,5' 같은 칸 19개는 소수점 쉼표로 읽어야만 숫자가 됩니다.",
    );
  });

  it('words Excel serial dates and a gap-free monthly step in both languages', async () => {
    const csv = 'Report Date,Units\n43831,1\n43862,2\n43891,3\n43922,4\n43952,5\n';
    const got = await inspectBytes(new TextEncoder().encode(csv), { fileName: 'm.csv' });
    const en = await translator('en');
    const ko = await translator('ko');
    const excel = got.notes.find((n) => n.kind === 'excel-dates');
    expect(noteText(excel as never, ko, 'ko')).toBe(
      "'Report Date' 열: 43831 같은 숫자를 엑셀 날짜(2020-01-01)로 읽었습니다. 그냥 숫자라면 읽기 설정에서 엑셀 날짜를 끄세요.",
    );
    const step = got.notes.find((n) => n.kind === 'date-step');
    expect(noteText(step as never, en, 'en')).toBe("'Report Date': one row every month; no gaps.");
    expect(noteText(step as never, ko, 'ko')).toBe(
      "'Report Date': 1개월마다 한 행이며 빠진 곳이 없습니다.",
    );
    const serial = got.reading.decisions.serialDates;
    if (serial?.by !== 'guess') throw new Error('serialDates must be a guess');
    expect(evidenceText(serial.evidence, en)).toBe(
      "Column 'Report Date' holds numbers such as 43831 that read as Excel dates (2020-01-01).",
    );
  });
});
