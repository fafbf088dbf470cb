/** ONNX export: ONNX Runtime runs each task's exported graph on real inputs (variable lengths, a batch of 1) and gives the core's outputs to 1e-4. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { padSequences } from '../../core/data/batching.ts';
import { type TokenizerConfig, tokenize } from '../../core/data/tokenizers.ts';
import { Vocab } from '../../core/data/vocab.ts';
import { buildOnnxModels } from '../../core/io/export/onnx/index.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import type { ClassifierModel } from '../../core/tasks/classify/model.ts';
import { longest, timeMajor } from '../../core/tasks/common/batching.ts';
import { forecastTask } from '../../core/tasks/forecast/index.ts';
import { generateTask } from '../../core/tasks/generate/index.ts';
import type { LanguageModel } from '../../core/tasks/generate/model.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { encodeSide } from '../../core/tasks/seq2seq/data.ts';
import { greedyDecode } from '../../core/tasks/seq2seq/decode.ts';
import { seq2seqTask } from '../../core/tasks/seq2seq/index.ts';
import type { Seq2seqModel } from '../../core/tasks/seq2seq/model.ts';
import type { RecurrentSpec, RunSpec } from '../../core/tasks/spec.ts';
import { CharVocab } from '../../core/tasks/tag/chars.ts';
import { normalizeWord, tagTask } from '../../core/tasks/tag/index.ts';
import { type TaggerModel, wordChars } from '../../core/tasks/tag/model.ts';
import type { ForecastPrediction, LanguageModelInit } from '../../core/tasks/task.ts';
import { noGrad } from '../../core/tensor/autograd.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { quickTrain } from '../support/quickTrain.ts';
import { languageModelInit } from '../support/taskTesting.ts';
import { maxAbsDiff, PYTHON, removeTempDirs, sharedData, tempDir } from './helpers.ts';
import {
  classifySpec,
  koreanLanguageModel,
  seq2seqFromLmSpec,
  seq2seqSpec,
  tatoebaPairs,
} from './specs.ts';

const nsmcLines = readFileSync(
  join(sharedData, 'nsmc-sample', 'nsmc_sample_10k.txt'),
  'utf8',
).split('\n');

afterAll(removeTempDirs);

/** Every graph the tests below build, for ONNX's own checker at the end. */
const built: Uint8Array[] = [];

function onnxModels(
  spec: RunSpec,
  model: Parameters<typeof weightsOf>[0],
  taskState?: unknown,
): Map<string, Uint8Array> {
  const models = buildOnnxModels(spec, weightsOf(model), taskState);
  built.push(...models.values());
  return models;
}

function weightsOf(model: {
  stateDict(): Record<string, { shape: readonly number[]; data: Float32Array }>;
}) {
  return new Map(Object.entries(model.stateDict()));
}

/** Batch-first int64 ids padded with 0, and int64 lengths, as the graph takes them. */
function tokenFeeds(ids: readonly (readonly number[])[]): Record<string, ort.Tensor> {
  const L = Math.max(...ids.map((s) => s.length));
  const flat = new BigInt64Array(ids.length * L);
  ids.forEach((s, n) => {
    s.forEach((id, t) => {
      flat[n * L + t] = BigInt(id);
    });
  });
  return {
    input_ids: new ort.Tensor('int64', flat, [ids.length, L]),
    lengths: new ort.Tensor('int64', BigInt64Array.from(ids.map((s) => BigInt(s.length))), [
      ids.length,
    ]),
  };
}

async function run(
  bytes: Uint8Array,
  feeds: Record<string, ort.Tensor>,
): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return (await session.run(feeds)) as Record<string, ort.Tensor>;
  } finally {
    await session.release();
  }
}

/** A classify spec that reads a frozen language model's states (`--transfer features`). */
function withLanguageModel(spec: RunSpec): RunSpec {
  return { ...spec, train: { ...spec.train, initFrom: 'lm.rnnmodel', transfer: 'features' } };
}

const CLASSIFY_CASES: {
  name: string;
  spec: RunSpec;
  lm?: { embeddingDim: number; recurrent: RecurrentSpec };
  /** A backward language model beside `lm` (`train.initFromBackward`). */
  backward?: { embeddingDim: number; recurrent: RecurrentSpec };
}[] = [
  { name: 'bidirectional GRU, max pooling', spec: classifySpec({}, {}) },
  {
    name: '2-layer bidirectional LSTM, last pooling',
    spec: classifySpec({ cell: 'lstm', numLayers: 2, dropout: 0.2 }, { pooling: 'last' }),
  },
  {
    name: '2-layer GRU, mean pooling',
    spec: classifySpec({ numLayers: 2, bidirectional: false }, { pooling: 'mean' }),
  },
  {
    name: 'relu RNN, last pooling',
    spec: classifySpec(
      { cell: 'rnn', nonlinearity: 'relu', bidirectional: false },
      { pooling: 'last' },
    ),
  },
  {
    name: 'bidirectional tanh RNN, max pooling',
    spec: classifySpec({ cell: 'rnn' }, { pooling: 'max' }),
  },
  {
    name: 'bidirectional GRU over a frozen 2-layer LSTM language model (features), mean pooling',
    spec: withLanguageModel(classifySpec({}, { pooling: 'mean' })),
    lm: {
      embeddingDim: 6,
      recurrent: {
        cell: 'lstm',
        hiddenSize: 7,
        numLayers: 2,
        bidirectional: false,
        dropout: 0,
        nonlinearity: 'tanh',
      },
    },
  },
  {
    name: 'GRU over a forward GRU and a backward LSTM language model (features), last pooling',
    spec: (() => {
      const s = withLanguageModel(classifySpec({ bidirectional: false }, { pooling: 'last' }));
      return { ...s, train: { ...s.train, initFromBackward: 'lm-backward.rnnmodel' } };
    })(),
    lm: {
      embeddingDim: 6,
      recurrent: {
        cell: 'gru',
        hiddenSize: 7,
        numLayers: 1,
        bidirectional: false,
        dropout: 0,
        nonlinearity: 'tanh',
      },
    },
    backward: {
      embeddingDim: 5,
      recurrent: {
        cell: 'lstm',
        hiddenSize: 4,
        numLayers: 2,
        bidirectional: false,
        dropout: 0,
        nonlinearity: 'tanh',
      },
    },
  },
];

describe('ONNX export: classify', () => {
  for (const c of CLASSIFY_CASES) {
    it(`gives the core's logits and probabilities to 1e-4 (${c.name})`, async () => {
      const bytes = new TextEncoder().encode(`${nsmcLines.slice(0, 201).join('\n')}\n`);
      const lm =
        c.lm === undefined
          ? undefined
          : await languageModelInit(
              new TextEncoder().encode(`${nsmcLines.slice(0, 601).join('\n')}\n`),
              c.lm,
            );
      const backward =
        c.backward === undefined
          ? undefined
          : await languageModelInit(
              new TextEncoder().encode(`${nsmcLines.slice(0, 601).join('\n')}\n`),
              c.backward,
              { direction: 'backward', fileName: 'lm-backward.rnnmodel', seed: 6 },
            );
      const task = await classifyTask.prepare({
        spec: c.spec,
        fileName: 'nsmc.txt',
        bytes,
        random: new Random(0),
        ...(lm === undefined ? {} : { initFrom: lm }),
        ...(backward === undefined ? {} : { initFromBackward: backward }),
      });
      quickTrain(task, { steps: 3 });
      const state = task.state as unknown as {
        tokenizer: Parameters<typeof tokenize>[0];
        vocab: string[];
        maxLength: number;
      };
      const vocab = new Vocab(state.vocab);
      const texts = nsmcLines.slice(300, 308).map((l) => l.split('\t')[1] ?? '');
      const ids = texts.map((t) =>
        vocab.encode(tokenize(state.tokenizer, t).slice(0, state.maxLength)),
      );
      expect(new Set(ids.map((s) => s.length)).size).toBeGreaterThan(1);
      const model = task.model as ClassifierModel;
      model.eval();
      const onnx = onnxModels(task.spec, model).get('model.onnx') as Uint8Array;
      for (const batch of [ids, ids.slice(2, 3)]) {
        const logits = noGrad(() => model.forward(timeMajor(batch))) as Tensor;
        const out = await run(onnx, tokenFeeds(batch));
        const onnxLogits = out.logits as ort.Tensor;
        expect(onnxLogits.dims).toEqual([batch.length, logits.shape[1]]);
        expect(maxAbsDiff(onnxLogits.data as Float32Array, logits.data)).toBeLessThan(1e-4);
        const probs = (out.probabilities as ort.Tensor).data as Float32Array;
        for (let n = 0; n < batch.length; n++) {
          const row = [...logits.data.subarray(n * 2, n * 2 + 2)];
          const max = Math.max(...row);
          const z = row.reduce((s, v) => s + Math.exp(v - max), 0);
          row.forEach((v, k) => {
            expect(Math.abs((probs[n * 2 + k] as number) - Math.exp(v - max) / z)).toBeLessThan(
              1e-4,
            );
          });
        }
      }
    }, 60_000);
  }
});

/** `[L, N, K]` time-major values as `[N, L, K]` batch-first. */
function batchFirst(t: Tensor): Float32Array {
  const [L, N, K] = t.shape as [number, number, number];
  const out = new Float32Array(L * N * K);
  for (let l = 0; l < L; l++)
    for (let n = 0; n < N; n++)
      for (let k = 0; k < K; k++) out[(n * L + l) * K + k] = t.data[(l * N + n) * K + k] as number;
  return out;
}

function int64(values: readonly number[], dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(values.map((v) => BigInt(v))), dims);
}

const TAG_CASES = [
  {
    name: '2-layer BiLSTM, UD English EWT',
    file: 'ud-english-ewt/en_ewt-ud-dev.conllu',
    recurrent: { cell: 'lstm' as const, numLayers: 2 },
  },
  {
    name: 'character encoder + BiGRU, UD Korean KAIST',
    file: 'ud-korean-kaist/ko_kaist-ud-dev.first1000.conllu',
    recurrent: { cell: 'gru' as const, numLayers: 1 },
    charEncoder: { embeddingDim: 6, hiddenSize: 5 },
  },
];

describe('ONNX export: tag', () => {
  for (const c of TAG_CASES) {
    it(`gives the core's per-token logits to 1e-4 (${c.name})`, async () => {
      const blocks = readFileSync(join(sharedData, c.file), 'utf8').split(/\n\n/);
      const spec = presetSpec('tag');
      spec.data = { tagField: 'upos', minFreq: 1, maxVocab: 2000, maxLength: 30 };
      spec.model = {
        embeddingDim: 12,
        recurrent: {
          hiddenSize: 10,
          bidirectional: true,
          dropout: 0.1,
          nonlinearity: 'tanh',
          ...c.recurrent,
        },
        headDropout: 0.2,
        ...(c.charEncoder === undefined ? {} : { charEncoder: c.charEncoder }),
      };
      spec.train = { ...spec.train, batchSize: 16, lr: 1e-2 };
      const bytes = new TextEncoder().encode(`${blocks.slice(0, 150).join('\n\n')}\n\n`);
      const task = await tagTask.prepare({
        spec,
        fileName: c.file.split('/')[1] as string,
        bytes,
        random: new Random(0),
      });
      quickTrain(task, { steps: 3 });
      const sentences = blocks
        .slice(200, 207)
        .map((b) =>
          b
            .split('\n')
            .filter((l) => /^\d+\t/.test(l))
            .map((l) => l.split('\t')[1] as string),
        )
        .filter((s) => s.length > 0);
      const state = task.state as unknown as { vocab: string[]; charVocab?: string[] };
      const vocab = new Vocab(state.vocab);
      const charVocab = state.charVocab === undefined ? null : new CharVocab(state.charVocab);
      const model = task.model as TaggerModel;
      model.eval();
      const onnx = onnxModels(spec, model).get('model.onnx') as Uint8Array;
      for (const batch of [sentences, sentences.slice(1, 2)]) {
        const ids = batch.map((s) => s.map((w) => vocab.id(normalizeWord(w))));
        const chars = batch.map((s) => s.map((w) => charVocab?.encode(w) ?? []));
        const L = longest(ids.map((s) => s.length));
        const input =
          charVocab === null ? timeMajor(ids) : { ...timeMajor(ids), chars: wordChars(chars, L) };
        const logits = noGrad(() => model.forward(input));
        const feeds = tokenFeeds(ids);
        if (charVocab !== null) {
          const C = Math.max(...chars.flat().map((w) => w.length));
          const grid: number[] = [];
          const lens: number[] = [];
          for (let n = 0; n < batch.length; n++) {
            for (let t = 0; t < L; t++) {
              const w = chars[n]?.[t] ?? [];
              lens.push(w.length);
              for (let k = 0; k < C; k++) grid.push(w[k] ?? 0);
            }
          }
          feeds.char_ids = int64(grid, [batch.length, L, C]);
          feeds.char_lengths = int64(lens, [batch.length, L]);
        }
        const out = await run(onnx, feeds);
        const onnxLogits = out.logits as ort.Tensor;
        expect(onnxLogits.dims).toEqual([batch.length, L, logits.shape[2]]);
        expect(maxAbsDiff(onnxLogits.data as Float32Array, batchFirst(logits))).toBeLessThan(1e-4);
      }
    }, 60_000);
  }
});

const nsmcTexts = nsmcLines.slice(1).map((l) => l.split('\t')[1] ?? '');

function argmax(data: Float32Array, offset: number, size: number): number {
  let best = 0;
  for (let v = 1; v < size; v++)
    if ((data[offset + v] as number) > (data[offset + best] as number)) best = v;
  return best;
}

describe('ONNX export: generate', () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as const) {
    it(`steps the language model like the core: logits to 1e-4 and the same greedy tokens (${cell})`, async () => {
      const spec = presetSpec('generate');
      spec.data = { tokenizer: 'char', minFreq: 2, maxVocab: 400, maxLength: 24 };
      spec.model = {
        embeddingDim: 12,
        recurrent: { ...spec.model.recurrent, cell, hiddenSize: 16, numLayers: 2, dropout: 0.1 },
        headDropout: 0.1,
      };
      spec.train = { ...spec.train, batchSize: 16 };
      const bytes = new TextEncoder().encode(`text\n${nsmcTexts.slice(0, 200).join('\n')}\n`);
      const task = await generateTask.prepare({
        spec,
        fileName: 'nsmc.txt',
        bytes,
        random: new Random(0),
      });
      quickTrain(task, { steps: 3 });
      const state = task.state as unknown as { tokenizer: TokenizerConfig; vocab: string[] };
      const vocab = new Vocab(state.vocab);
      const model = task.model as LanguageModel;
      model.eval();
      const onnx = onnxModels(spec, model).get('model.onnx') as Uint8Array;
      const session = await ort.InferenceSession.create(onnx);
      const V = vocab.size;
      const H = 16;
      const prompt = vocab.encode(tokenize(state.tokenizer, '영화가 정말'), {
        bos: true,
        eos: false,
      });
      let core = noGrad(() => model.continue(prompt, null));
      let feeds: Record<string, ort.Tensor> = {
        input_ids: int64(prompt, [1, prompt.length]),
        state_h: new ort.Tensor('float32', new Float32Array(2 * H), [2, 1, H]),
      };
      if (cell === 'lstm')
        feeds.state_c = new ort.Tensor('float32', new Float32Array(2 * H), [2, 1, H]);
      const tokensCore: number[] = [];
      const tokensOnnx: number[] = [];
      for (let step = 0; step < 12; step++) {
        const out = (await session.run(feeds)) as Record<string, ort.Tensor>;
        const logits = out.logits as ort.Tensor;
        const T = logits.dims[1] as number;
        const last = (logits.data as Float32Array).subarray((T - 1) * V, T * V);
        expect(maxAbsDiff(last, core.logits)).toBeLessThan(1e-4);
        expect(maxAbsDiff(out.next_h?.data as Float32Array, core.state.h.data)).toBeLessThan(1e-4);
        const nextOnnx = argmax(last, 0, V);
        const nextCore = argmax(core.logits, 0, V);
        tokensOnnx.push(nextOnnx);
        tokensCore.push(nextCore);
        const coreState = core.state;
        core = noGrad(() => model.continue([nextCore], coreState));
        feeds = { input_ids: int64([nextOnnx], [1, 1]), state_h: out.next_h as ort.Tensor };
        if (cell === 'lstm') feeds.state_c = out.next_c as ort.Tensor;
      }
      await session.release();
      expect(tokensOnnx).toEqual(tokensCore);
    }, 60_000);
  }
});

const SEQ2SEQ_CASES: { name: string; spec: RunSpec; lm?: () => Promise<LanguageModelInit> }[] = [
  {
    name: 'Luong attention, 2-layer GRU encoder started from a language model (its tokenizer and vocabulary)',
    spec: seq2seqFromLmSpec(),
    lm: koreanLanguageModel,
  },
  {
    name: 'Luong attention, bidirectional GRU encoder (bridge)',
    spec: seq2seqSpec('luong', { bidirectional: true }, {}),
  },
  {
    name: 'Bahdanau attention, 2-layer LSTMs (bridge_h and bridge_c)',
    spec: seq2seqSpec(
      'bahdanau',
      { cell: 'lstm', numLayers: 2, bidirectional: true, dropout: 0.1 },
      { cell: 'lstm', numLayers: 2, hiddenSize: 12 },
    ),
  },
  {
    name: 'no attention, RNNs passing the state through',
    spec: seq2seqSpec('none', { cell: 'rnn' }, { cell: 'rnn' }),
  },
  {
    name: 'Luong attention, GRU encoder into an LSTM decoder (c starts at 0)',
    spec: seq2seqSpec('luong', {}, { cell: 'lstm' }),
  },
];

describe('ONNX export: seq2seq', () => {
  for (const c of SEQ2SEQ_CASES) {
    it(`decodes greedily through the encoder and decoder graphs to the core's tokens (${c.name})`, async () => {
      const body = tatoebaPairs
        .slice(0, 300)
        .map((p) => p.join('\t'))
        .join('\n');
      const task = await seq2seqTask.prepare({
        spec: c.spec,
        fileName: 'kor.tsv',
        bytes: new TextEncoder().encode(`ko\ten\n${body}\n`),
        random: new Random(0),
        ...(c.lm === undefined ? {} : { initFrom: await c.lm() }),
      });
      quickTrain(task, { steps: 20 });
      const state = task.state as unknown as {
        srcTokenizer: TokenizerConfig;
        srcVocab: string[];
        maxLength: number;
      };
      const sv = new Vocab(state.srcVocab);
      const sources = tatoebaPairs
        .slice(400, 406)
        .map(([s]) => encodeSide(s as string, state.srcTokenizer, sv, state.maxLength));
      const model = task.model as Seq2seqModel;
      model.eval();
      const models = onnxModels(c.spec, model);
      const encoder = await ort.InferenceSession.create(models.get('encoder.onnx') as Uint8Array);
      const decoder = await ort.InferenceSession.create(models.get('decoder.onnx') as Uint8Array);
      for (const batch of [sources, sources.slice(3, 4)]) {
        const padded = padSequences(batch);
        const lengths = Int32Array.from(batch.map((s) => s.length));
        const coreTokens = greedyDecode(
          model,
          { ids: padded.ids, shape: padded.shape, lengths },
          { maxLength: 10 },
        );
        const N = batch.length;
        const sourceLengths = int64([...lengths], [N]);
        const enc = (await encoder.run({
          source_ids: int64([...padded.ids], padded.shape),
          source_lengths: sourceLengths,
        })) as Record<string, ort.Tensor>;
        let feeds: Record<string, ort.Tensor> = {
          token_ids: int64(new Array(N).fill(2), [N, 1]),
          state_h: enc.decoder_h as ort.Tensor,
          source_lengths: sourceLengths,
          encoder_outputs: enc.encoder_outputs as ort.Tensor,
        };
        if (enc.decoder_c !== undefined) feeds.state_c = enc.decoder_c;
        const onnxTokens: number[][] = Array.from({ length: N }, () => []);
        const done = new Array(N).fill(false);
        const memory = noGrad(() => model.encode(padded.ids, padded.shape, lengths));
        let coreState = memory.state;
        for (let t = 0; t < 10; t++) {
          const out = (await decoder.run(feeds)) as Record<string, ort.Tensor>;
          const logits = (out.logits as ort.Tensor).data as Float32Array;
          const V = (out.logits as ort.Tensor).dims[1] as number;
          const prev = Int32Array.from(feeds.token_ids?.data as BigInt64Array, (v) => Number(v));
          const core = noGrad(() => model.decode(prev, [N, 1], coreState, memory.memory));
          coreState = core.state;
          expect(maxAbsDiff(logits, core.logits.data)).toBeLessThan(1e-4);
          const next = Array.from({ length: N }, (_, n) => argmax(logits, n * V, V));
          next.forEach((id, n) => {
            if (done[n]) return;
            if (id === 3) done[n] = true;
            else onnxTokens[n]?.push(id);
          });
          if (out.attention !== undefined) {
            const att = out.attention.data as Float32Array;
            const S = padded.shape[1];
            for (let n = 0; n < N; n++) {
              let sum = 0;
              for (let k = 0; k < S; k++) sum += att[n * S + k] as number;
              expect(Math.abs(sum - 1)).toBeLessThan(1e-4);
              for (let k = lengths[n] as number; k < S; k++) expect(att[n * S + k]).toBe(0);
            }
          }
          feeds = { ...feeds, token_ids: int64(next, [N, 1]), state_h: out.next_h as ort.Tensor };
          if (out.next_c !== undefined) feeds.state_c = out.next_c;
        }
        expect(onnxTokens).toEqual(coreTokens);
      }
      await encoder.release();
      await decoder.release();
    }, 60_000);
  }
});

const weatherLines = readFileSync(
  join(sharedData, 'seattle-weather', 'seattle-weather.csv'),
  'utf8',
).split('\n');

const FORECAST_CASES: {
  name: string;
  recurrent: Partial<RecurrentSpec>;
  horizon: number;
  mode: 'level' | 'change' | 'window-norm';
  known?: string[];
}[] = [
  { name: 'GRU, horizon 1, levels', recurrent: { cell: 'gru' }, horizon: 1, mode: 'level' },
  {
    name: '2-layer bidirectional LSTM, horizon 3, changes',
    recurrent: { cell: 'lstm', numLayers: 2, bidirectional: true, dropout: 0.1 },
    horizon: 3,
    mode: 'change',
  },
  {
    name: 'RNN, horizon 2, window-norm',
    recurrent: { cell: 'rnn' },
    horizon: 2,
    mode: 'window-norm',
  },
  {
    name: 'GRU, horizon 3, window-norm, temp_min known in advance',
    recurrent: { cell: 'gru' },
    horizon: 3,
    mode: 'window-norm',
    known: ['temp_min'],
  },
];

describe('ONNX export: forecast', () => {
  for (const c of FORECAST_CASES) {
    it(`forecasts in original units as the app's predictor does (${c.name})`, async () => {
      const spec = presetSpec('forecast');
      spec.data = {
        ...spec.data,
        targetColumn: 'temp_max',
        dateColumn: 'date',
        featureColumns: ['temp_min', 'wind'],
        window: 10,
        horizon: c.horizon,
        targetMode: c.mode,
        ...(c.known ? { knownFutureColumns: c.known } : {}),
      };
      spec.model = {
        recurrent: { ...spec.model.recurrent, hiddenSize: 12, ...c.recurrent },
        headDropout: 0.1,
      };
      spec.train = { ...spec.train, batchSize: 32, lr: 5e-3 };
      const task = await forecastTask.prepare({
        spec,
        fileName: 'weather.csv',
        bytes: new TextEncoder().encode(weatherLines.slice(0, 301).join('\n')),
        random: new Random(0),
      });
      quickTrain(task, { steps: 3 });
      const state = task.state as unknown as { columns: string[]; window: number };
      const header = (weatherLines[0] as string).split(',');
      const rows = weatherLines.slice(400, 440).map((l) => {
        const f = l.split(',');
        return state.columns.map((col) => Number(f[header.indexOf(col)]));
      });
      const starts = [0, 7, 16];
      const windows = starts.map((s) => rows.slice(s, s + state.window));
      const knownIdx = (c.known ?? []).map((k) => state.columns.indexOf(k));
      const futures = starts.map((s) =>
        rows
          .slice(s + state.window, s + state.window + c.horizon)
          .map((r) => knownIdx.map((k) => r[k] as number)),
      );
      const predictor = task.predictor();
      const app = windows.map(
        (w, i) =>
          (
            predictor.predict({
              rows: w,
              ...(c.known ? { future: futures[i] } : {}),
            }) as ForecastPrediction
          ).values,
      );
      const onnx = onnxModels(spec, task.model, task.state).get('model.onnx') as Uint8Array;
      const F = state.columns.length;
      const feeds: Record<string, ort.Tensor> = {
        rows: new ort.Tensor('float32', Float32Array.from(windows.flat(2)), [
          windows.length,
          state.window,
          F,
        ]),
      };
      if (c.known) {
        feeds.future = new ort.Tensor('float32', Float32Array.from(futures.flat(2)), [
          windows.length,
          c.horizon,
          knownIdx.length,
        ]);
      }
      const out = (await run(onnx, feeds)).forecast as ort.Tensor;
      expect(out.dims).toEqual([windows.length, c.horizon]);
      // float32 in the graph against the app's float64 frame and scaler: relative 1e-5.
      const got = out.data as Float32Array;
      app.flat().forEach((v, i) => {
        expect(Math.abs((got[i] as number) - v)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v)));
      });
    }, 60_000);
  }
});

function onnxCheckerAvailable(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' });
  if (r.status !== 0)
    console.warn(
      'ONNX checker: python3-onnx is not installed; skipping (apt-get install python3-onnx).',
    );
  return r.status === 0;
}

describe.runIf(onnxCheckerAvailable())("ONNX's own checker", () => {
  it('accepts every exported graph with full shape inference', () => {
    expect(built.length).toBeGreaterThan(10);
    const dir = tempDir();
    const paths = built.map((bytes, i) => {
      const path = join(dir, `graph${i}.onnx`);
      writeFileSync(path, bytes);
      return path;
    });
    const r = spawnSync(
      PYTHON,
      [
        '-c',
        'import onnx, sys\nfor p in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(p), full_check=True)\nprint("ok")',
        ...paths,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
  });
});
