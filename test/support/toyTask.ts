/** A tiny sequence-sum regression task (GRU → dropout → Linear): exercises the training loop without a data file. */

import { Dropout } from '../../core/nn/dropout.ts';
import { Linear } from '../../core/nn/linear.ts';
import { mse } from '../../core/nn/losses.ts';
import { Module } from '../../core/nn/module.ts';
import { GRU } from '../../core/nn/rnn.ts';
import { Random } from '../../core/random.ts';
import { headLayer, recurrentLayer } from '../../core/tasks/common/describe.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import type {
  EvaluationReport,
  ModelDescription,
  Predictor,
  PreparedTask,
  RestoredTask,
  ShapeInfo,
  SplitName,
  TaskBatch,
  TaskDefinition,
} from '../../core/tasks/task.ts';
import { noGrad } from '../../core/tensor/autograd.ts';
import { tensor } from '../../core/tensor/creation.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import '../../core/tensor/ops.ts';

const STEPS = 6;

interface ToyBatch extends TaskBatch {
  x: Float32Array;
  y: Float32Array;
}

class ToyModel extends Module {
  readonly typeName = 'ToyModel';
  readonly rnn: GRU;
  readonly drop: Dropout;
  readonly head: Linear;
  constructor(hidden: number, p: number, random: Random) {
    super();
    this.rnn = this.registerModule(
      'rnn',
      new GRU({ inputSize: 1, hiddenSize: hidden, batchFirst: true, random }),
    );
    this.drop = this.registerModule('drop', new Dropout({ p, random }));
    this.head = this.registerModule('head', new Linear(hidden, 1, { random }));
  }

  /** x [N, STEPS, 1] → [N, 1]. */
  forward(x: Tensor): Tensor {
    const [, hn] = this.rnn.forward(x);
    const n = x.shape[0] as number;
    return this.head.forward(this.drop.forward(hn.reshape([n, hn.shape[2] as number])));
  }
}

/**
 * Prepares the toy task: `examples` sequences of STEPS values in [-1, 1) whose target is their
 * sum, drawn from `spec.train.seed`; the last 20 % are validation. `lossScale` multiplies the loss
 * (a huge value makes training diverge on purpose).
 */
export function prepareToyTask(
  spec: RunSpec,
  random: Random,
  options: { examples?: number; lossScale?: number } = {},
): PreparedTask {
  const total = options.examples ?? 40;
  const scale = options.lossScale ?? 1;
  const data = new Random(spec.train.seed);
  const xs = new Float32Array(total * STEPS).map(() => data.uniform(-1, 1));
  const ys = new Float32Array(total);
  for (let i = 0; i < total; i++) {
    for (let t = 0; t < STEPS; t++) ys[i] = (ys[i] as number) + (xs[i * STEPS + t] as number);
  }
  const nVal = Math.floor(total * 0.2);
  const nTrain = total - nVal;
  const model = new ToyModel(spec.model.recurrent.hiddenSize, spec.model.headDropout ?? 0, random);
  const batchOf = (ids: number[]): ToyBatch => {
    const x = new Float32Array(ids.length * STEPS);
    const y = new Float32Array(ids.length);
    ids.forEach((id, j) => {
      x.set(xs.subarray(id * STEPS, (id + 1) * STEPS), j * STEPS);
      y[j] = ys[id] as number;
    });
    return { x, y, examples: ids.length, tokens: ids.length };
  };
  const lossOf = (b: ToyBatch): Tensor => {
    const out = model.forward(tensor(b.x, [b.examples, STEPS, 1]));
    const l = mse(out, tensor(b.y, [b.examples, 1]));
    return scale === 1 ? l : l.mul(scale);
  };
  const range = (split: SplitName): number[] => {
    const ids: number[] = [];
    if (split === 'train') for (let i = 0; i < nTrain; i++) ids.push(i);
    if (split === 'val') for (let i = nTrain; i < total; i++) ids.push(i);
    return ids;
  };
  const report = (split: SplitName, predict: (b: ToyBatch) => Float32Array): EvaluationReport => {
    const ids = range(split);
    if (ids.length === 0) return { examples: 0, metrics: { loss: Number.NaN, mae: Number.NaN } };
    const b = batchOf(ids);
    const p = predict(b);
    let se = 0;
    let ae = 0;
    p.forEach((v, i) => {
      se += (v - (b.y[i] as number)) ** 2;
      ae += Math.abs(v - (b.y[i] as number));
    });
    return { examples: ids.length, metrics: { loss: se / ids.length, mae: ae / ids.length } };
  };
  const predictor: Predictor = {
    kind: 'forecast',
    predict: (input) => {
      const rows = input.rows ?? [];
      const x = Float32Array.from(rows.map((r) => r[0] ?? 0));
      model.eval();
      const out = noGrad(() => model.forward(tensor(x, [1, rows.length, 1])));
      return { kind: 'forecast', values: [out.data[0] as number] };
    },
  };
  return {
    kind: 'forecast',
    spec,
    primaryMetric: { name: 'mae', higherIsBetter: false },
    state: { kind: 'forecast', steps: STEPS },
    model,
    sizes: { train: nTrain, val: nVal, test: 0 },
    *trainBatches(r: Random) {
      const order = r.shuffle(range('train'));
      const size = spec.train.batchSize;
      for (let i = 0; i < order.length; i += size) yield batchOf(order.slice(i, i + size));
    },
    loss: (batch) => {
      model.train();
      return lossOf(batch as ToyBatch);
    },
    evaluate: (split) => {
      model.eval();
      return report(
        split,
        (b) => noGrad(() => model.forward(tensor(b.x, [b.examples, STEPS, 1]))).data,
      );
    },
    baseline: (split) => report(split, (b) => new Float32Array(b.examples)),
    predictor: () => predictor,
    describeModel: (): ModelDescription => describeToy(model),
  };
}

function describeToy(model: ToyModel): ModelDescription {
  const count = (m: Module): number => m.parameters().reduce((n, p) => n + p.size, 0);
  const hidden = model.rnn.hiddenSize;
  const notation = { batchFirst: true };
  const encoder = recurrentLayer({
    kind: 'encoder',
    prefix: 'rnn',
    spec: {
      cell: 'gru',
      hiddenSize: hidden,
      numLayers: 1,
      bidirectional: false,
      dropout: 0,
      nonlinearity: 'tanh',
    },
    inputSize: 1,
    notation,
  });
  const last: ShapeInfo = { name: 'h_n[-1]', dims: ['N', hidden] };
  const head = headLayer({
    prefix: 'head',
    inFeatures: hidden,
    outFeatures: 1,
    inputs: [last],
    output: { name: 'prediction', dims: ['N', 1] },
  });
  const layers = [encoder, head];
  const total = count(model);
  return {
    layers,
    totalParameters: total,
    frozenParameters: 0,
    memory: {
      parameterBytes: total * 4,
      gradientBytes: total * 4,
      optimizerBytes: total * 8,
      activationBytes: 0,
      totalBytes: total * 16,
    },
    sizes: { numFeatures: 1, sequenceLength: STEPS, estimated: false },
  };
}

/**
 * The toy task as a TaskDefinition, for protocol and service tests: it ignores the file's bytes
 * and generates its data from `spec.train.seed`.
 */
export const toyTaskDefinition: TaskDefinition = {
  kind: 'forecast',
  primaryMetric: { name: 'mae', higherIsBetter: false },
  checkSpec: () => {},
  prepare: async ({ spec, random }) => prepareToyTask(spec, random),
  restore: ({ spec, state, weights }): RestoredTask => {
    const task = prepareToyTask(spec, new Random(spec.train.seed));
    task.model.loadStateDict(weights);
    task.model.eval();
    const predictor = task.predictor();
    return {
      kind: 'forecast',
      model: task.model,
      state,
      predict: (input) => predictor.predict(input),
      evaluateFile: async () => ({ model: task.evaluate('val'), baseline: task.baseline('val') }),
    };
  },
  describeModel: (spec) => prepareToyTask(spec, new Random(0)).describeModel(),
};
