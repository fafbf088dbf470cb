/** `rnn-studio train --word-vectors` with real vector files (test/data/wordVectors, from gensim's test data): coverage shown, training, a frozen embedding saved as the file's rows, and one-line refusals of bad files. */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { captureIo } from '../../test/support/captureIo.ts';
import { runTrain } from './train.ts';

const repo = join(import.meta.dirname, '..', '..');
const shared = join(repo, '..', 'shared', 'data');
const LEE = join(repo, 'test', 'data', 'wordVectors', 'lee_fasttext.vec');
const GLOVE = join(repo, 'test', 'data', 'wordVectors', 'test_glove.txt');
const dir = mkdtempSync(join(tmpdir(), 'rnn-vectors-'));
const options = { tasks: taskDefinition };
const SMALL = ['--cell', 'gru', '--hidden', '16', '--layers', '1', '--batch-size', '32'];
const SPECIALS = new Set(['<pad>', '<unk>', '<bos>', '<eos>']);

/** The file's vectors by word, in file order (first wins), parsed independently of core. */
function vectorsOf(path: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const lines = readFileSync(path, 'utf8').split('\n');
  const start = /^\d+ \d+\s*$/.test(lines[0] ?? '') ? 1 : 0;
  for (const line of lines.slice(start)) {
    const [word, ...values] = line.trim().split(' ');
    if (word === undefined || word === '' || out.has(word)) continue;
    out.set(word, values.map(Number));
  }
  return out;
}

/** The vector a vocabulary word gets: its exact spelling, else the first file word that normalises to it. */
function expectedRow(
  word: string,
  file: Map<string, number[]>,
  normalise: (w: string) => string,
): number[] | undefined {
  const exact = file.get(word);
  if (exact !== undefined) return exact;
  for (const [w, v] of file) if (normalise(w) === word) return v;
  return undefined;
}

function jsonLines(out: string): Record<string, unknown>[] {
  return out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('rnn-studio train --word-vectors', () => {
  it('classify: shows the coverage, trains, and saves the frozen embedding as the vectors of its words', async () => {
    const out = join(dir, 'imdb.rnnmodel');
    const io = captureIo();
    const data = join(shared, 'uci-sentiment-sentences', 'imdb_labelled.txt');
    const code = await runTrain(
      [
        ...['--task', 'classify', '--data', data, '--out', out, ...SMALL, '--epochs', '2'],
        ...['--word-vectors', LEE, '--freeze-vectors', '--json'],
      ],
      io,
      options,
    );
    expect(code, io.err).toBe(0);
    const events = jsonLines(io.out);
    const progress = events.filter((e) => e.type === 'vectors-progress');
    expect(progress.at(-1)).toEqual({
      type: 'vectors-progress',
      fileName: 'lee_fasttext.vec',
      bytesRead: statSync(LEE).size,
      totalBytes: statSync(LEE).size,
    });
    const result = events.at(-1) as {
      metrics: { accuracy: number };
      wordVectors: Record<string, number | string | boolean>;
    };
    expect(result.metrics.accuracy).toBeGreaterThan(0);

    const model = readBundle(readFileSync(out));
    const vocab = model.vocabularies.vocab as string[];
    const file = vectorsOf(LEE);
    const lower = (w: string) => w.toLowerCase();
    const words = vocab.filter((w) => !SPECIALS.has(w));
    const covered = words.filter((w) => expectedRow(w, file, lower) !== undefined);
    expect(result.wordVectors).toMatchObject({
      fileName: 'lee_fasttext.vec',
      format: 'vec',
      dim: 10,
      vectors: 1762,
      vocabTypes: words.length,
      coveredTypes: covered.length,
      freeze: true,
    });
    // A news corpus covers a good part of movie reviews' common words.
    expect(covered.length / words.length).toBeGreaterThan(0.25);
    const log = events.find((e) => e.type === 'training-log');
    expect(String(log?.message)).toMatch(
      new RegExp(
        `^Word vectors from 'lee_fasttext\\.vec' \\(1762 vectors of 10 numbers\\): ${covered.length} of ${words.length} vocabulary words`,
      ),
    );

    expect(model.spec.model).toMatchObject({
      embeddingDim: 10,
      wordVectors: { file: 'lee_fasttext.vec', freeze: true },
    });
    // Resuming needs the vector file again (the checkpoint's spec names it).
    const resume = captureIo();
    const again = ['--task', 'classify', '--data', data, '--out', out, ...SMALL, '--epochs', '3'];
    expect(await runTrain([...again, '--resume'], resume, options)).toBe(1);
    expect(resume.err.trim()).toBe(
      "rnn-studio train: this run starts its embedding from the word vectors 'lee_fasttext.vec'; pass --word-vectors <file> again.",
    );
    const emb = model.weights.get('embedding.weight');
    expect(emb?.shape).toEqual([vocab.length, 10]);
    for (const w of covered) {
      const id = vocab.indexOf(w);
      const row = Array.from(emb?.data.subarray(id * 10, id * 10 + 10) ?? []);
      expect(row, w).toEqual((expectedRow(w, file, lower) ?? []).map(Math.fround));
    }
  }, 120_000);

  it('tag: reads GloVe text (no header), normalises words as the tagger does, and fine-tunes the embedding', async () => {
    const sentences = readFileSync(join(shared, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'), 'utf8')
      .split('\n\n')
      .slice(0, 300);
    const data = join(dir, 'ewt300.conllu');
    writeFileSync(data, `${sentences.join('\n\n')}\n\n`);
    const out = join(dir, 'tagger.rnnmodel');
    const io = captureIo();
    const code = await runTrain(
      [
        ...['--task', 'tag', '--data', data, '--out', out, ...SMALL, '--epochs', '1'],
        ...['--word-vectors', GLOVE],
      ],
      io,
      options,
    );
    expect(code, io.err).toBe(0);
    expect(io.err).toMatch(
      /Word vectors from 'test_glove\.txt' \(76 vectors of 50 numbers\): \d+ of \d+ vocabulary words .*The embedding is fine-tuned\./,
    );
    const model = readBundle(readFileSync(out));
    const vocab = model.vocabularies.vocab as string[];
    const emb = model.weights.get('embedding.weight');
    expect(emb?.shape).toEqual([vocab.length, 50]);
    // Fine-tuned: 'the' has moved away from its GloVe vector.
    const the = vocab.indexOf('the');
    const start = (vectorsOf(GLOVE).get('the') ?? []).map(Math.fround);
    expect(Array.from(emb?.data.subarray(the * 50, the * 50 + 50) ?? [])).not.toEqual(start);
  }, 120_000);

  it('seq2seq: the vectors start the source side, kept frozen', async () => {
    const pairs = readFileSync(join(shared, 'tatoeba-kor-eng', 'kor.txt'), 'utf8')
      .split('\n')
      .slice(0, 400)
      .map((l) => l.split('\t').slice(0, 2).join('\t'));
    const data = join(dir, 'pairs.tsv');
    writeFileSync(data, `english\tkorean\n${pairs.join('\n')}\n`);
    const out = join(dir, 'translate.rnnmodel');
    const io = captureIo();
    const code = await runTrain(
      [
        ...['--task', 'seq2seq', '--data', data, '--source-col', 'english'],
        ...['--target-col', 'korean', '--out', out, ...SMALL, '--epochs', '1'],
        ...['--word-vectors', LEE, '--freeze-vectors'],
      ],
      io,
      options,
    );
    expect(code, io.err).toBe(0);
    const model = readBundle(readFileSync(out));
    const src = model.vocabularies['vocab-src-vocab'] as string[];
    const emb = model.weights.get('src_embedding.weight');
    expect(emb?.shape).toEqual([src.length, 10]);
    expect(model.weights.get('tgt_embedding.weight')?.shape[1]).toBe(10);
    const file = vectorsOf(LEE);
    const lower = (w: string) => w.toLowerCase();
    let checked = 0;
    src.forEach((w, id) => {
      const row = SPECIALS.has(w) ? undefined : expectedRow(w, file, lower);
      if (row === undefined) return;
      checked += 1;
      expect(Array.from(emb?.data.subarray(id * 10, id * 10 + 10) ?? []), w).toEqual(
        row.map(Math.fround),
      );
    });
    expect(checked).toBeGreaterThan(20);
  }, 120_000);

  it('refuses a bad vector file in one line naming the file and line (exit 1)', async () => {
    const bad = join(dir, 'bad.vec');
    writeFileSync(bad, '3 4\nthe 1 2 3 4\nmovie 1 2 3\nbad 1 2 3 4\n');
    const io = captureIo();
    const data = join(shared, 'uci-sentiment-sentences', 'imdb_labelled.txt');
    const code = await runTrain(
      [
        '--task',
        'classify',
        '--data',
        data,
        '--out',
        join(dir, 'x.rnnmodel'),
        '--word-vectors',
        bad,
      ],
      io,
      options,
    );
    expect(code).toBe(1);
    expect(io.err.trim()).toBe(
      "rnn-studio train: 'bad.vec' line 3 must hold a word and 4 numbers, got 3 numbers; every vector must have the width of the first.",
    );
  });

  it('names a missing vector file, and refuses --freeze-vectors alone (exit 2)', async () => {
    const data = join(shared, 'uci-sentiment-sentences', 'imdb_labelled.txt');
    const missing = join(dir, 'nope.vec');
    const io = captureIo();
    const args = ['--task', 'classify', '--data', data, '--out', join(dir, 'y.rnnmodel')];
    expect(await runTrain([...args, '--word-vectors', missing], io, options)).toBe(1);
    expect(io.err.trim()).toBe(`rnn-studio train: cannot read '${missing}': no such file.`);
    const alone = captureIo();
    expect(await runTrain([...args, '--freeze-vectors'], alone, options)).toBe(2);
    expect(alone.err).toContain("Option '--freeze-vectors' needs '--word-vectors <file>'.");
  });
});
