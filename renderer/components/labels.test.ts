/** Tests that the importer's stand-in column names (blank header cells, a plain-text file's lines) and the datasets' titles, languages and licences are worded in the UI's language. */
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { GALLERY } from '../../core/data/gallery/catalogue.ts';
import { inspectBytes } from '../../core/data/inspect.ts';
import { BUNDLED_SAMPLES } from '../../core/data/samples/index.ts';
import { resources } from '../i18n/i18n.ts';
import { columnLabel } from './columnLabel.ts';
import { datasetTitle, languageNames, licenceName } from './datasetText.ts';

async function translator(lng: 'en' | 'ko'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng, interpolation: { escapeValue: false } });
  return instance.t;
}

describe('column and licence labels', () => {
  it("words the importer's names for blank header cells, and leaves the file's own names", async () => {
    const got = await inspectBytes(new TextEncoder().encode('date,,price\n2020-01-01,1,2\n'), {
      fileName: 'blank.csv',
    });
    const names = got.columns.map((c) => c.name);
    expect(names).toEqual(['date', 'column 2', 'price']);
    const ko = await translator('ko');
    const en = await translator('en');
    expect(names.map((n) => columnLabel(n, ko))).toEqual(['date', '열 2', 'price']);
    expect(names.map((n) => columnLabel(n, en))).toEqual(names);
    expect(columnLabel('column 2b', ko)).toBe('column 2b');
  });

  it("words a plain-text file's column of lines, and leaves a CSV's own 'text' header", async () => {
    const lines = await inspectBytes(new TextEncoder().encode('오늘은 맑다\n내일은 비\n'), {
      fileName: 'story.txt',
    });
    const csv = await inspectBytes(new TextEncoder().encode('text,label\n좋다,1\n싫다,0\n'), {
      fileName: 'reviews.csv',
    });
    const ko = await translator('ko');
    const label = (i: typeof lines) => i.columns.map((c) => columnLabel(c.name, ko, i.format));
    expect(label(lines)).toEqual(['텍스트']);
    expect(label(csv)).toEqual(['text', 'label']);
  });

  it('words every licence of the gallery and the samples in Korean, and in English as core names it', async () => {
    const ko = await translator('ko');
    const en = await translator('en');
    const licences = [...GALLERY.map((g) => g.licence), ...BUNDLED_SAMPLES.map((s) => s.licence)];
    for (const l of licences) expect(licenceName(l, en)).toBe(l.name);
    expect(licenceName(GALLERY.find((g) => g.licence.id === 'none')!.licence, ko)).toBe(
      '명시되지 않음',
    );
    for (const l of licences) expect(licenceName(l, ko)).not.toMatch(/None|licence|Government/);
  });

  it('titles every gallery dataset in both languages, and names its languages', async () => {
    const ko = await translator('ko');
    const en = await translator('en');
    for (const g of GALLERY) {
      expect(datasetTitle(g, en)).toBe(g.title);
      expect(datasetTitle(g, ko)).not.toBe(g.title);
    }
    expect(languageNames('ko/en', ko)).toBe('한국어/영어');
    expect(languageNames('—', ko)).toBe('—');
  });
});
