/** Core's import refusals worded by the renderer: English exactly as core writes it, Korean with no English word left but the file's own names. */
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { inspectBytes } from '../../core/data/inspect.ts';
import { readWordVectors } from '../../core/data/wordVectors.ts';
import { DATASET_MESSAGE_KEYS, DatasetError } from '../../core/errors.ts';
import { trainingFileError } from '../../core/train/trainingFile.ts';
import { wordCoreMessage } from './coreMessages.ts';
import en from './en.json' with { type: 'json' };
import { resources } from './i18n.ts';

async function translator(lng: 'en' | 'ko'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng, interpolation: { escapeValue: false } });
  return instance.t;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Files of the bad-file corpus (test/data/badFiles.test.ts) the importer refuses. */
const BAD_FILES: [string, Uint8Array][] = [
  ['empty.csv', new Uint8Array(0)],
  ['header.csv', utf8('date,open,close\n')],
  [
    'ragged.csv',
    utf8(
      [
        'a,b,c',
        ...Array.from({ length: 40 }, (_, i) => (i % 6 === 5 ? `${i},${i}` : `${i},${i},${i}`)),
      ].join('\n'),
    ),
  ],
  ['bad.csv', utf8('a,b\n1,2\n3\n4,5,6\n')],
  ['one.tsv', utf8('a\tb\n1\t2\n3\n')],
  [
    'bad.conllu',
    utf8(
      '# sent_id = 1\n1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n2\tdog\tdog\tNOUN\tNN\t_\t0\troot\t_\t_\n\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\n\n',
    ),
  ],
  ['ner.tsv', utf8(`${'John\tB-PER\nlives\tO\nhere\tO\n\n'.repeat(5)}Paris\tB-LOC\textra\n\n`)],
  ['broken.xlsx', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0])],
  [
    'image.csv',
    new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]),
  ],
];

async function refusals(): Promise<DatasetError[]> {
  const out: DatasetError[] = [];
  for (const [fileName, bytes] of BAD_FILES) {
    try {
      await inspectBytes(bytes, { fileName });
    } catch (err) {
      if (err instanceof DatasetError) out.push(err);
      else throw err;
    }
  }
  return out;
}

/**
 * Latin-script words allowed in Korean text, each with its reason: format and encoding names are
 * names, not English (xlsx: a file extension); `_` and quoted values are the file's own.
 */
const ALLOWED_LATIN = new Set([
  'CSV',
  'TSV',
  'JSONL',
  'CoNLL',
  'CoNLL-U',
  'UTF-8',
  'UTF-16',
  'CP949',
  'Shift-JIS',
  'GB18030',
  'windows-1252',
  'Excel',
  'ID',
  'YAML',
  'ChatterBot',
  'conversations',
  'xlsx',
]);

/** Latin-letter words of `text` outside quotes ('…' holds file names, headers and values from the file). */
function englishWords(text: string): string[] {
  const unquoted = text.replace(/'[^']*'/g, '');
  return (unquoted.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []).filter((w) => !ALLOWED_LATIN.has(w));
}

describe('wordCoreMessage', () => {
  it('has a message in both languages for every key core sends', () => {
    const words = en.coreMessages as Record<string, unknown>;
    const missing = DATASET_MESSAGE_KEYS.filter(
      (k) => words[k] === undefined && words[`${k}_other`] === undefined,
    );
    expect(missing).toEqual([]);
  });

  it("words every refusal of the bad-file corpus in English exactly as core's message", async () => {
    const t = await translator('en');
    const errors = await refusals();
    expect(errors).toHaveLength(BAD_FILES.length);
    for (const e of errors) {
      expect(e.detail, e.message).toBeDefined();
      if (e.detail !== undefined) expect(wordCoreMessage(t, e.detail)).toBe(e.message);
    }
  });

  it('words them in Korean with no English word but names and the values from the file', async () => {
    const t = await translator('ko');
    for (const e of await refusals()) {
      if (e.detail === undefined) continue;
      const text = wordCoreMessage(t, e.detail);
      expect(englishWords(text), text).toEqual([]);
      expect(text).toMatch(/[가-힣]/);
    }
  });

  it("words the trainers' file-size refusals as core does in English, and in Korean", async () => {
    const [en, ko] = [await translator('en'), await translator('ko')];
    const refusals = [
      trainingFileError('browser', 'sensors.csv', 700 * 2 ** 20),
      trainingFileError('desktop', 'sensors.csv', 5000 * 2 ** 20),
    ];
    for (const e of refusals) {
      expect(e?.detail).toBeDefined();
      if (e?.detail === undefined) continue;
      expect(wordCoreMessage(en, e.detail)).toBe(e.message);
      const text = wordCoreMessage(ko, e.detail);
      // MiB is a unit; rnn-studio train is the command to type.
      const words = englishWords(text).filter((w) => !['MiB', 'rnn-studio', 'train'].includes(w));
      expect(words, text).toEqual([]);
      expect(text).toContain(`${e.detail.params.size} MiB`);
    }
  });

  it('words the ragged rows list with its remainder in Korean', async () => {
    const t = await translator('ko');
    const text = wordCoreMessage(t, {
      key: 'ragged',
      params: {
        file: 'r.csv',
        count: 6,
        expected: 3,
        reference: 'header',
        lines: [7, 13],
        got: [2, 4],
        more: 4,
        delimiter: '\t',
      },
    });
    expect(text).toBe(
      "'r.csv': 행 6개가 머리글처럼 필드 3개를 가져야 하는데, 7번째 줄은 2개, 13번째 줄은 4개 외 4개. 구분자(탭)와 따옴표를 확인하거나 해당 줄을 고치세요.",
    );
  });

  it('words every word-vector refusal in English as core writes it, and in Korean', async () => {
    const en = await translator('en');
    const ko = await translator('ko');
    const files: [string, Uint8Array][] = [
      ['wide.vec', utf8(`a ${'1 '.repeat(40_000)}\n`)],
      ['empty.vec', utf8('\n')],
      ['cut.vec', utf8('5 2\na 1 2\n')],
      ['ragged.vec', utf8('a 1 2\nb 1\n')],
      ['huge.vec', utf8('3 9999\n')],
      ['text.vec', utf8('a 1 x\n')],
      ['w.bin', new Uint8Array([...utf8('1 2\na '), 0, 0x80, 0x0a])],
      ['inf.vec', utf8('a 1 1e999\n')],
      ['latin1.vec', new Uint8Array([0x61, 0xe9, 0x20, 0x31, 0x0a])],
    ];
    const keys: string[] = [];
    for (const [fileName, bytes] of files) {
      const err = await readWordVectors([bytes], {
        fileName,
        wanted: { rows: new Map([['a', 0]]), rowCount: 1 },
      }).catch((e: unknown) => e);
      expect(err, fileName).toBeInstanceOf(DatasetError);
      const detail = (err as DatasetError).detail;
      if (detail === undefined) throw new Error(`${fileName}: no detail`);
      keys.push(detail.key);
      expect(wordCoreMessage(en, detail)).toBe((err as DatasetError).message);
      const korean = wordCoreMessage(ko, detail);
      expect(englishWords(korean), korean).toEqual([]);
      expect(korean).toMatch(/[가-힣]/);
    }
    expect(new Set(keys)).toEqual(
      new Set(DATASET_MESSAGE_KEYS.filter((k) => k.startsWith('vectors-'))),
    );
  });
});
