/** Inspects every file in ../shared/data and checks format, encoding, rows, columns and the suggested task. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConllTagged, parseConllu } from '../../core/data/conll.ts';
import { parseDialogYaml } from '../../core/data/dialogYaml.ts';
import { inspectBytes } from '../../core/data/inspect.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const dataDir = join(repoRoot, '..', 'shared', 'data');

function read(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dataDir, path)));
}

interface Expected {
  format: string;
  delimiter: string | null;
  rows: number;
  columns: string[];
  types?: string[];
  task: string;
  roles: Record<string, unknown>;
  tokens?: number;
  missing?: Record<string, number>;
}

// Row counts come from each folder's PROVENANCE.md, except sp500-2000.csv: the file has 5,106
// lines without a final newline, i.e. 5,105 data rows (PROVENANCE.md says 5,104).
const EXPECTED: Record<string, Expected> = {
  'samsung-005930-daily/005930.KS.csv': {
    format: 'csv',
    delimiter: ',',
    rows: 1225,
    columns: ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'],
    types: ['date', 'number', 'number', 'number', 'number', 'number', 'integer'],
    task: 'forecast',
    roles: {
      date: 'Date',
      target: 'Close',
      features: ['Open', 'High', 'Low', 'Adj Close', 'Volume'],
    },
    missing: { Open: 5, Close: 5, Volume: 5 },
  },
  'vega-stocks/sp500-2000.csv': {
    format: 'csv',
    delimiter: ',',
    rows: 5105,
    columns: ['date', 'open', 'high', 'low', 'close', 'adjclose', 'volume'],
    task: 'forecast',
    roles: { date: 'date', target: 'close' },
  },
  'vega-stocks/stocks.csv': {
    format: 'csv',
    delimiter: ',',
    rows: 560,
    columns: ['symbol', 'date', 'price'],
    types: ['category', 'date', 'number'],
    task: 'forecast',
    roles: { date: 'date', target: 'price', group: 'symbol' },
  },
  'seattle-weather/seattle-weather.csv': {
    format: 'csv',
    delimiter: ',',
    rows: 1461,
    columns: ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'],
    types: ['date', 'number', 'number', 'number', 'number', 'category'],
    task: 'forecast',
    roles: { date: 'date', target: 'temp_max' },
  },
  'us-births-daily/ssa-us-births-2000-2014.csv': {
    format: 'csv',
    delimiter: ',',
    rows: 5479,
    columns: ['year', 'month', 'date_of_month', 'day_of_week', 'births'],
    task: 'forecast',
    roles: { dateParts: { year: 'year', month: 'month', day: 'date_of_month' }, target: 'births' },
  },
  'nsmc-sample/nsmc_sample_10k.txt': {
    format: 'tsv',
    delimiter: '\t',
    rows: 10000,
    columns: ['id', 'document', 'label'],
    types: ['id', 'text', 'integer'],
    task: 'classify',
    roles: { text: 'document', label: 'label' },
  },
  'uci-sentiment-sentences/amazon_cells_labelled.txt': {
    format: 'tsv',
    delimiter: '\t',
    rows: 1000,
    columns: ['reviews', 'sentiment'],
    task: 'classify',
    roles: { text: 'reviews', label: 'sentiment' },
  },
  'uci-sentiment-sentences/imdb_labelled.txt': {
    format: 'tsv',
    delimiter: '\t',
    rows: 1000,
    columns: ['reviews', 'sentiment'],
    task: 'classify',
    roles: { text: 'reviews', label: 'sentiment' },
  },
  'uci-sentiment-sentences/yelp_labelled.txt': {
    format: 'tsv',
    delimiter: '\t',
    rows: 1000,
    columns: ['reviews', 'sentiment'],
    task: 'classify',
    roles: { text: 'reviews', label: 'sentiment' },
  },
  'ud-english-ewt/en_ewt-ud-dev.conllu': {
    format: 'conllu',
    delimiter: null,
    rows: 2001,
    tokens: 25147,
    columns: ['form', 'upos'],
    task: 'tag',
    roles: { token: 'form', tag: 'upos' },
  },
  'ud-korean-kaist/ko_kaist-ud-dev.first1000.conllu': {
    format: 'conllu',
    delimiter: null,
    rows: 1000,
    tokens: 12981,
    columns: ['form', 'upos'],
    task: 'tag',
    roles: { token: 'form', tag: 'upos' },
  },
  'klue-ner/klue-ner-v1.1_dev.first2000.tsv': {
    format: 'conll',
    delimiter: null,
    rows: 2000,
    tokens: 115139,
    columns: ['token', 'tag'],
    task: 'tag',
    roles: { token: 'token', tag: 'tag' },
  },
  'uner-english-ewt/en_ewt-ud-dev.iob2': {
    format: 'conll',
    delimiter: null,
    rows: 2001,
    tokens: 25149,
    columns: ['token', 'tag'],
    task: 'tag',
    roles: { token: 'token', tag: 'tag' },
  },
  'tatoeba-kor-eng/kor.txt': {
    format: 'tsv',
    delimiter: '\t',
    rows: 3798,
    columns: ['column 1', 'column 2', 'column 3'],
    task: 'seq2seq',
    roles: { source: 'column 1', target: 'column 2' },
  },
  'chatbot-data-ko/ChatbotData.csv': {
    format: 'csv',
    delimiter: ',',
    rows: 11823,
    columns: ['Q', 'A', 'label'],
    task: 'seq2seq',
    roles: { source: 'Q', target: 'A', label: 'label' },
  },
  'image-captions/captions.txt': {
    format: 'csv',
    delimiter: ',',
    rows: 5000,
    columns: ['image', 'caption'],
    task: 'seq2seq',
    roles: { source: 'image', target: 'caption' },
  },
};

// Files of the image-captioning set that are not tables to inspect on their own: the photos, their
// checksums, and the official split (image → train/dev/test), which the captioning importer reads.
const CAPTIONING_FILES = [
  'image-captions/images',
  'image-captions/images.sha256',
  'image-captions/official_split.tsv',
];

// Pairs per file as PyYAML reads them. PROVENANCE.md gives 347 for trivia.yml, but one trivia
// dialog is written `- question` + an over-indented `- '22'`, which YAML folds into one string;
// PyYAML and this reader both find 260 pairs there (2,306 in all).
const CHATTERBOT_PAIRS: Record<string, [number, number]> = {
  'ai.yml': [105, 105],
  'botprofile.yml': [19, 19],
  'coding.yml': [184, 184],
  'computers.yml': [10, 35],
  'conversations.yml': [23, 106],
  'emotion.yml': [48, 207],
  'food.yml': [17, 17],
  'gossip.yml': [19, 19],
  'greetings.yml': [25, 25],
  'health.yml': [1, 8],
  'history.yml': [8, 8],
  'humor.yml': [31, 31],
  'literature.yml': [43, 45],
  'money.yml': [31, 31],
  'movies.yml': [23, 23],
  'politics.yml': [15, 15],
  'psychology.yml': [63, 64],
  'science.yml': [28, 28],
  'sports.yml': [22, 26],
  'tech_support.yml': [1050, 1050],
  'trivia.yml': [261, 260],
};

describe('inspection of every file in ../shared/data', () => {
  it('covers every data file in the folder (a new file needs an expectation here)', () => {
    const files = readdirSync(dataDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(join(dataDir, d.name))
          .filter((f) => f !== 'PROVENANCE.md')
          .map((f) => `${d.name}/${f}`),
      );
    const known = [
      ...Object.keys(EXPECTED),
      ...Object.keys(CHATTERBOT_PAIRS).map((f) => `chatterbot-english/${f}`),
      ...CAPTIONING_FILES,
    ];
    expect(files.sort()).toEqual(known.sort());
  });

  for (const [path, want] of Object.entries(EXPECTED)) {
    it(`reads ${path} as ${want.format} with ${want.rows} rows and suggests ${want.task}`, async () => {
      const got = await inspectBytes(read(path), { fileName: path.split('/')[1] as string });
      expect(got.format).toBe(want.format);
      expect(got.encoding).toBe('utf-8');
      expect(got.delimiter).toBe(want.delimiter);
      expect(got.rows).toBe(want.rows);
      expect(got.columns.map((c) => c.name)).toEqual(want.columns);
      if (want.types) expect(got.columns.map((c) => c.type)).toEqual(want.types);
      if (want.tokens !== undefined) expect(got.tokens).toBe(want.tokens);
      expect(got.suggestedTask).toBe(want.task);
      expect(got.roles).toMatchObject(want.roles);
      for (const [name, n] of Object.entries(want.missing ?? {})) {
        expect(got.columns.find((c) => c.name === name)?.missing).toBe(n);
      }
    });
  }

  for (const [file, [dialogs, pairs]] of Object.entries(CHATTERBOT_PAIRS)) {
    it(`reads chatterbot-english/${file} as dialog YAML with ${pairs} pairs`, async () => {
      const bytes = read(`chatterbot-english/${file}`);
      const got = await inspectBytes(bytes, { fileName: file });
      expect(got.format).toBe('dialog-yaml');
      expect(got.rows).toBe(pairs);
      expect(got.suggestedTask).toBe('seq2seq');
      const corpus = parseDialogYaml(new TextDecoder().decode(bytes), { fileName: file });
      expect(corpus.dialogs).toHaveLength(dialogs);
    });
  }

  it('keeps block scalars of coding.yml as multi-line answers', () => {
    const text = readFileSync(join(dataDir, 'chatterbot-english', 'coding.yml'), 'utf8');
    const { pairs } = parseDialogYaml(text, { fileName: 'coding.yml' });
    expect(pairs[0]?.source).toBe('can you write a sorting algorithm?');
    expect(
      pairs[0]?.target.startsWith(
        "Sure. Here's quicksort in Python:\n\n```\ndef quicksort(arr):\n    if len(arr) <= 1:",
      ),
    ).toBe(true);
  });

  it('skips multi-word ranges and empty nodes in UD English EWT and reads XPOS on request', () => {
    const text = readFileSync(join(dataDir, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'), 'utf8');
    const upos = parseConllu(text, { fileName: 'en_ewt-ud-dev.conllu', tagField: 'upos' });
    const counts = new Map<string, number>();
    for (const s of upos) for (const t of s.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    expect(counts.get('NOUN')).toBe(4210);
    expect(counts.get('PUNCT')).toBe(3075);
    const xpos = parseConllu(text, { fileName: 'en_ewt-ud-dev.conllu', tagField: 'xpos' });
    expect(xpos[0]?.tags.length).toBe(upos[0]?.tags.length);
    expect(xpos[0]?.tags).not.toEqual(upos[0]?.tags);
    expect(upos[0]?.id).toBe(
      'weblog-blogspot.com_nominations_20041117172713_ENG_20041117_172713-0001',
    );
  });

  it('reads KLUE-NER characters including spaces and its BIO tag counts', async () => {
    const text = readFileSync(join(dataDir, 'klue-ner', 'klue-ner-v1.1_dev.first2000.tsv'), 'utf8');
    const got = await inspectBytes(new TextEncoder().encode(text), { fileName: 'klue.tsv' });
    const { sentences } = parseConllTagged(text, {
      fileName: 'klue.tsv',
      layout: got.conllLayout!,
    });
    const counts = new Map<string, number>();
    for (const s of sentences) for (const t of s.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    expect(counts.get('B-PS')).toBe(1841);
    expect(counts.get('I-TI')).toBe(741);
    expect(sentences[0]?.tokens.slice(0, 4)).toEqual(['경', '찰', '은', ' ']);
    expect(got.tagScheme).toBe('iob2');
  });

  it('reads the UNER token from the second field and the tag from the third', async () => {
    const got = await inspectBytes(read('uner-english-ewt/en_ewt-ud-dev.iob2'), {
      fileName: 'x.iob2',
    });
    expect(got.conllLayout).toEqual({
      separator: 'tab',
      fieldCount: 5,
      tokenField: 1,
      tagField: 2,
    });
    expect(got.exampleRows[0]?.[0]?.startsWith('where can I get morcillas')).toBe(true);
  });
});
