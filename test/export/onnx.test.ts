/** ONNX export: ONNX Runtime runs each task's exported graph on real inputs (variable lengths, a batch of 1) and gives the core's outputs to 1e-4. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { noGrad } from '../../core/autograd/engine.ts';
import { tokenize } from '../../core/data/tokenizers.ts';
import { Vocab } from '../../core/data/vocab.ts';
import { buildOnnxModels } from '../../core/io/export/onnx/index.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import type { ClassifierModel } from '../../core/tasks/classify/model.ts';
import { timeMajor } from '../../core/tasks/common/batching.ts';
import { quickTrain } from '../../core/tasks/common/quickTrain.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RecurrentSpec, RunSpec } from '../../core/tasks/spec.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { maxAbsDiff, sharedData } from './helpers.ts';

const nsmcLines = readFileSync(
  join(sharedData, 'nsmc-sample', 'nsmc_sample_10k.txt'),
  'utf8',
).split('\n');

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

function classifySpec(
  recurrent: Partial<RecurrentSpec>,
  extra: Partial<RunSpec['model']>,
): RunSpec {
  const s = presetSpec('classify');
  s.data = { tokenizer: 'char', minFreq: 1, maxVocab: 600, maxLength: 24 };
  s.model = {
    embeddingDim: 12,
    recurrent: {
      cell: 'gru',
      hiddenSize: 10,
      numLayers: 1,
      bidirectional: true,
      dropout: 0,
      nonlinearity: 'tanh',
      ...recurrent,
    },
    pooling: 'max',
    headDropout: 0.1,
    ...extra,
  };
  s.train = { ...s.train, batchSize: 16, lr: 5e-3 };
  return s;
}

const CLASSIFY_CASES: { name: string; spec: RunSpec }[] = [
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
];

describe('ONNX export: classify', () => {
  for (const c of CLASSIFY_CASES) {
    it(`gives the core's logits and probabilities to 1e-4 (${c.name})`, async () => {
      const bytes = new TextEncoder().encode(`${nsmcLines.slice(0, 201).join('\n')}\n`);
      const task = await classifyTask.prepare({
        spec: c.spec,
        fileName: 'nsmc.txt',
        bytes,
        random: new Random(0),
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
      const onnx = buildOnnxModels(c.spec, weightsOf(model)).get('model.onnx') as Uint8Array;
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
