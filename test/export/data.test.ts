/** The export's Python data pieces agree with core/data: char/word/BPE tokens on real Korean and English text, learned BPE merges, vocabularies, and the seeded random and stratified splits. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomSplit, stratifiedSplit } from '../../core/data/splits.ts';
import { readTable } from '../../core/data/table.ts';
import { charTokens, learnBpe, tokenize, wordTokens } from '../../core/data/tokenizers.ts';
import { buildVocab } from '../../core/data/vocab.ts';
import { PYTHON_SOURCES } from '../../core/io/export/pythonSources.generated.ts';
import { seqevalChunks } from '../../core/metrics/tagging.ts';
import { Random } from '../../core/random.ts';
import { readTagFile } from '../../core/tasks/tag/data.ts';
import { removeTempDirs, runPythonJson, sharedData, tempDir, torchAvailable } from './helpers.ts';

function column(file: string, index: number, skip = 0): string[] {
  return readFileSync(join(sharedData, file), 'utf8')
    .split('\n')
    .slice(skip)
    .map((l) => l.split('\t')[index] ?? '')
    .filter((t) => t.trim() !== '');
}

const texts = [
  ...column('nsmc-sample/nsmc_sample_10k.txt', 1, 1).slice(0, 2500),
  ...column('uci-sentiment-sentences/imdb_labelled.txt', 0),
  ...column('tatoeba-kor-eng/kor.txt', 0).slice(0, 1500),
  ...column('tatoeba-kor-eng/kor.txt', 1).slice(0, 1500),
  'Emoji 👍🏽 and flags 🇰🇷🇯🇵, a family 👨‍👩‍👧, café, naïve, e\u0301, 3.14, 1,000, U.S.A., don’t, x_y',
];

/** IOB2/IOBES corner cases for entity spans (seqeval's rules): stray I-, type changes, E-/S-, trailing spans. */
const TAG_SEQUENCES = [
  ['B-PER', 'I-PER', 'O', 'B-LOC'],
  ['I-ORG', 'I-ORG', 'B-ORG', 'O', 'I-LOC'],
  ['B-PER', 'I-LOC', 'I-LOC', 'O'],
  ['S-PER', 'B-LOC', 'E-LOC', 'E-LOC', 'I-MISC'],
  ['O', 'O'],
  ['B-A', 'B-A', 'I-B', 'O', 'B-C', 'I-C'],
];

// Two pairs seen twice each, one with an astral letter (U+1D400, a surrogate pair) and one with
// U+FF46: by UTF-16 code units (JS) the astral one sorts first, by code points (Python's str) last.
const TIE_TEXTS = ['\u{1D400}b \u{1D400}b \uFF46b \uFF46b'];

afterAll(removeTempDirs);

describe.runIf(torchAvailable('PyTorch export (data)'))(
  'PyTorch export: Python data pieces',
  () => {
    it('tokenises, learns BPE, builds vocabularies, splits and reads entity spans exactly as the core does', () => {
      const dir = tempDir();
      for (const [name, content] of Object.entries(PYTHON_SOURCES))
        writeFileSync(join(dir, name), content);
      const bpe = learnBpe(texts.slice(0, 400), { merges: 150, lowercase: true });
      const labels = texts.slice(0, 500).map((t) => String(t.length % 3));
      const out = runPythonJson<Record<string, unknown>>(
        join(import.meta.dirname, 'helper_data.py'),
        [dir],
        {
          texts,
          bpe,
          learnOn: 400,
          merges: 150,
          n: 1000,
          labels,
          tagSequences: TAG_SEQUENCES,
          tieTexts: TIE_TEXTS,
        },
      );
      const rng = new Random(12345);
      expect(out.uints).toEqual(Array.from({ length: 5 }, () => rng.nextUint32()));
      expect(out.char).toEqual(texts.map(charTokens));
      expect(out.word).toEqual(texts.map(wordTokens));
      expect(out.bpe).toEqual(texts.map((t) => tokenize(bpe, t)));
      expect(out.learned).toEqual(bpe.merges);
      expect(out.learnedTies).toEqual(learnBpe(TIE_TEXTS, { merges: 1, lowercase: false }).merges);
      expect(out.vocab).toEqual(
        buildVocab(texts.map(wordTokens), { minFreq: 2, maxSize: 300 }).tokens,
      );
      expect(out.chunks).toEqual(
        TAG_SEQUENCES.map((tags) =>
          seqevalChunks(tags).map(({ type, start, end }) => ({ type, start, end })),
        ),
      );
      expect(out.random).toEqual(
        randomSplit(1000, { valFraction: 0.1, testFraction: 0.2, seed: 7 }),
      );
      expect(out.stratified).toEqual(
        stratifiedSplit(labels, { valFraction: 0.1, testFraction: 0.2, seed: 7 }),
      );
    }, 60_000);

    it('reads the tables train.py trains on with the columns and rows the app reads', async () => {
      const dir = tempDir();
      for (const [name, content] of Object.entries(PYTHON_SOURCES))
        writeFileSync(join(dir, name), content);
      const kor = readFileSync(join(sharedData, 'tatoeba-kor-eng/kor.txt'), 'utf8')
        .split('\n')
        .slice(0, 40)
        .join('\n');
      const files: { name: string; text: string; wanted: string[] }[] = [
        // Header-less like Tatoeba's kor.txt: the app names the columns `column 1…3`.
        { name: 'kor.txt', text: kor, wanted: ['column 2', 'column 1'] },
        // U+0085 (NEL), U+2028 and a form feed stay inside their line, as in the UCI files.
        {
          name: 'reviews.txt',
          text: 'the script is\u0085 was there a script?\t0\nfine\u2028line\t1\nform\ffeed\t1\n',
          wanted: ['column 1', 'column 2'],
        },
        // A header, CRLF and CR line ends, a quoted field with a newline and a comma.
        {
          name: 'quoted.csv',
          text: 'text,label\r\n"two\nlines, one field",pos\r"plain",neg\r\n',
          wanted: ['text', 'label'],
        },
      ];
      for (const f of files) writeFileSync(join(dir, f.name), f.text);
      const out = runPythonJson<{ tables: { columns: string[]; rows: string[][] }[] }>(
        join(import.meta.dirname, 'helper_data.py'),
        [dir],
        { tables: files.map((f) => ({ path: join(dir, f.name), wanted: f.wanted })) },
      );
      for (const [i, f] of files.entries()) {
        const { table } = await readTable(new TextEncoder().encode(f.text), { fileName: f.name });
        expect(out.tables[i]?.columns).toEqual(table.columns);
        expect(out.tables[i]?.rows).toEqual(table.rows);
      }
    }, 60_000);

    it('reads a CoNLL-like file with the columns and comment prefix chosen in the app', async () => {
      const dir = tempDir();
      for (const [name, content] of Object.entries(PYTHON_SOURCES))
        writeFileSync(join(dir, name), content);
      const text = '; one\n1 the DET x\n2 dog NOUN x\n\n; two\n1 cats NOUN x\n';
      writeFileSync(join(dir, 'pos.txt'), text);
      const reading = {
        format: 'conll' as const,
        conll: { tokenColumn: 1, tagColumn: 2, commentPrefix: ';' },
      };
      const { layout } = await readTagFile(new TextEncoder().encode(text), {
        fileName: 'pos.txt',
        reading,
      });
      expect(layout.layout).toMatchObject({ commentPrefix: ';' });
      const out = runPythonJson<{ sentences: [string[], string[]][] }>(
        join(import.meta.dirname, 'helper_data.py'),
        [dir],
        { tagged: { path: join(dir, 'pos.txt'), layout } },
      );
      expect(out.sentences).toEqual([
        [
          ['the', 'dog'],
          ['DET', 'NOUN'],
        ],
        [['cats'], ['NOUN']],
      ]);
    }, 60_000);
  },
);
