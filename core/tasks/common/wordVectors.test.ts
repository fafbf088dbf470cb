/** Word vectors start a classifier's embedding: the rows of its words, the vectors' width, the coverage, and a frozen embedding that the trainer leaves bit-identical. */
import { describe, expect, it } from 'vitest';
import { tinyClassifyCsv, tinyClassifySpec } from '../../../test/support/tinyClassify.ts';
import { memoryByteSource } from '../../data/byteSource.ts';
import { readBundle } from '../../io/bundle.ts';
import { Random } from '../../random.ts';
import { decodeCheckpoint } from '../../train/checkpoint.ts';
import { TrainingService } from '../../train/service.ts';
import { classifyTask } from '../classify/index.ts';
import { presetSpec } from '../presets.ts';
import { taskDefinition } from '../registry/index.ts';
import type { RunSpec } from '../spec.ts';
import type { WordVectorSource } from '../task.ts';
import { describeWordVectors } from './wordVectors.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

/** fastText-style vectors of width 6: 'good' and 'bad' (upper-case 'Bad' too), a word not in the data. */
const VECTORS = [
  '4 6',
  'good 1 2 3 4 5 6',
  'Bad -1 -1 -1 -1 -1 -1',
  'bad -1 -2 -3 -4 -5 -6',
  'elsewhere 9 9 9 9 9 9',
].join('\n');

function source(text = VECTORS, fileName = 'tiny.vec'): WordVectorSource {
  return { fileName, chunks: () => memoryByteSource(fileName, bytes(text), 5).pieces() };
}

function vectorSpec(freeze: boolean, epochs = 1): RunSpec {
  const spec = tinyClassifySpec(epochs);
  spec.model.wordVectors = { file: 'tiny.vec', freeze };
  return spec;
}

async function prepared(spec: RunSpec, vectors?: WordVectorSource) {
  return classifyTask.prepare({
    spec,
    fileName: 'reviews.csv',
    bytes: bytes(tinyClassifyCsv()),
    random: new Random(spec.train.seed),
    ...(vectors === undefined ? {} : { wordVectors: vectors }),
  });
}

function row(task: Awaited<ReturnType<typeof prepared>>, word: string): number[] {
  const vocab = (task.state as unknown as { vocab: string[] }).vocab;
  const id = vocab.indexOf(word);
  const w = task.model.stateDict()['embedding.weight'];
  if (w === undefined || id < 0) throw new Error(`no row for ${word}`);
  const dim = w.shape[1] as number;
  return Array.from(w.data.subarray(id * dim, (id + 1) * dim));
}

describe('classify with word vectors', () => {
  it('takes the rows of its words, the width of the vectors, and reports the coverage', async () => {
    const task = await prepared(vectorSpec(false), source());
    expect(task.spec.model.embeddingDim).toBe(6);
    expect(task.model.stateDict()['embedding.weight']?.shape).toEqual([
      (task.state as unknown as { vocab: string[] }).vocab.length,
      6,
    ]);
    expect(row(task, 'good')).toEqual([1, 2, 3, 4, 5, 6]);
    // The exact word wins over 'Bad', which the lower-casing tokenizer would also read as 'bad'.
    expect(row(task, 'bad')).toEqual([-1, -2, -3, -4, -5, -6]);
    expect(row(task, 'great').every((v) => v !== 0)).toBe(true);
    const report = task.wordVectors;
    // Vocabulary: good great fine bad awful poor w0..w6 = 13 words; tokens: 4 per row.
    expect(report).toMatchObject({ vocabTypes: 13, coveredTypes: 2, dim: 6, vectors: 4 });
    expect(report?.trainTokens).toBe(4 * task.sizes.train);
    expect(report?.coveredTokens).toBe(task.sizes.train);
    expect(describeWordVectors(report as NonNullable<typeof report>)).toMatch(
      /^Word vectors from 'tiny\.vec' \(4 vectors of 6 numbers\): 2 of 13 vocabulary words \(15\.4 %\) and \d+ of \d+ training tokens \(25\.0 %\) have a vector; the other words start from random rows \(PyTorch's N\(0, 1\)\)\. The embedding is fine-tuned\.$/,
    );
  });

  it('refuses a spec naming vectors that were not read, and vectors the spec does not name', async () => {
    await expect(prepared(vectorSpec(true))).rejects.toMatchObject({
      code: 'word-vectors',
      message:
        "classify: model.wordVectors names 'tiny.vec', but no vector file was read; open it again or remove model.wordVectors.",
    });
    await expect(prepared(tinyClassifySpec(1), source())).rejects.toThrow(
      "classify: model.wordVectors must name the vector file 'tiny.vec', got none.",
    );
  });

  it('is refused for forecast and generate, and together with a language model', () => {
    for (const task of ['forecast', 'generate'] as const) {
      const spec = presetSpec(task);
      spec.model.wordVectors = { file: 'v.vec', freeze: true };
      expect(() => taskDefinition(task).checkSpec(spec)).toThrow(
        `${task}: model.wordVectors must be left out (classify, tag and seq2seq start from word vectors), got 'v.vec'.`,
      );
    }
    const both = vectorSpec(true);
    both.train.initFrom = 'lm.rnnmodel';
    expect(() => classifyTask.checkSpec(both)).toThrow(
      'classify: model.wordVectors and train.initFrom must not both be set (the language model brings its own embedding); remove one.',
    );
  });
});

/** Trains through the trainer's service (the app's path) and returns the run's log and the saved model. */
async function trainThroughService(spec: RunSpec) {
  const s = new TrainingService({
    tasks: taskDefinition,
    yieldControl: () => new Promise((r) => setImmediate(r)),
  });
  const logs: string[] = [];
  const progress: number[] = [];
  const reports: unknown[] = [];
  let lastCheckpoint: Uint8Array | null = null;
  s.addSink((m) => {
    if (m.type === 'checkpoint' && m.kind === 'last') lastCheckpoint = m.bytes;
    if (m.type === 'training-log') logs.push(m.message);
    if (m.type === 'vectors-progress') progress.push(m.bytesRead);
    if (m.type === 'vectors-progress' && m.report !== undefined) reports.push(m.report);
  });
  await s.start({
    runId: 'r',
    spec,
    data: { fileName: 'reviews.csv', bytes: bytes(tinyClassifyCsv()) },
    wordVectors: { fileName: 'tiny.vec', bytes: bytes(VECTORS) },
  });
  const task = s.list()[0];
  expect(task?.state).toBe('running');
  await s.whenDone('r');
  // NOTE: a finished run's model holds its best epoch's weights; the last checkpoint, the last epoch's.
  const last = lastCheckpoint === null ? null : decodeCheckpoint(lastCheckpoint).weights;
  return { logs, progress, reports, last, bundle: readBundle(s.exportBundle('r', 'last').bytes) };
}

describe('a frozen word-vector embedding', () => {
  it('stays bit-identical through training, while the rest of the model learns', async () => {
    const frozen = await trainThroughService(vectorSpec(true, 2));
    const start = await prepared(vectorSpec(true), source());
    const before = start.model.stateDict();
    const after = frozen.bundle.weights;
    expect(Array.from(after.get('embedding.weight')?.data ?? [])).toEqual(
      Array.from(before['embedding.weight']?.data ?? [0]),
    );
    expect(Array.from(frozen.last?.get('embedding.weight')?.data ?? [])).toEqual(
      Array.from(before['embedding.weight']?.data ?? [0]),
    );
    expect(Array.from(after.get('head.weight')?.data ?? [])).not.toEqual(
      Array.from(before['head.weight']?.data ?? []),
    );
    expect(frozen.bundle.spec.model).toMatchObject({
      embeddingDim: 6,
      wordVectors: { file: 'tiny.vec', freeze: true },
    });
    expect(frozen.logs[0]).toMatch(/^Word vectors from 'tiny\.vec'.*The embedding is frozen\.$/);
    expect(frozen.progress.at(-1)).toBe(bytes(VECTORS).length);
    expect(frozen.reports).toEqual([
      expect.objectContaining({
        format: 'vec',
        dim: 6,
        vocabTypes: 13,
        coveredTypes: 2,
        freeze: true,
      }),
    ]);
  });

  it('stays frozen under gradual unfreezing, which would otherwise train it from epoch 3', async () => {
    const spec = vectorSpec(true, 3);
    spec.train = { ...spec.train, unfreeze: 'gradual', layerLrDecay: 2 };
    const run = await trainThroughService(spec);
    const start = (await prepared(vectorSpec(true), source())).model.stateDict();
    expect(run.logs).toContain('Epoch 3: training all layers (gradual unfreezing).');
    expect(Array.from(run.last?.get('embedding.weight')?.data ?? [])).toEqual(
      Array.from(start['embedding.weight']?.data ?? [0]),
    );
    expect(Array.from(run.last?.get('rnn.weight_ih_l0')?.data ?? [])).not.toEqual(
      Array.from(start['rnn.weight_ih_l0']?.data ?? []),
    );
  });

  it('streams a vector file handle (a File or Blob, as the browser edition posts it)', async () => {
    const s = new TrainingService({
      tasks: taskDefinition,
      yieldControl: () => new Promise((r) => setImmediate(r)),
    });
    const reports: unknown[] = [];
    s.addSink((m) => {
      if (m.type === 'vectors-progress' && m.report !== undefined) reports.push(m.report);
    });
    await s.start({
      runId: 'blob',
      spec: vectorSpec(true, 1),
      data: { fileName: 'reviews.csv', bytes: bytes(tinyClassifyCsv()) },
      wordVectors: { fileName: 'tiny.vec', file: new Blob([VECTORS]) },
    });
    await s.whenDone('blob');
    expect(reports).toEqual([expect.objectContaining({ dim: 6, coveredTypes: 2, freeze: true })]);
  });

  it('is trained when not frozen', async () => {
    const tuned = await trainThroughService(vectorSpec(false, 1));
    const start = await prepared(vectorSpec(false), source());
    expect(Array.from(tuned.bundle.weights.get('embedding.weight')?.data ?? [])).not.toEqual(
      Array.from(start.model.stateDict()['embedding.weight']?.data ?? []),
    );
  });
});
