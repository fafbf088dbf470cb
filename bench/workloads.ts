/** The benchmark workloads W1–W4 of docs/ARCHITECTURE.md built from the core's modules: one training step and, for W1 and W4, an inference run. */

import { EOS_ID } from '../core/data/vocab.ts';
import { releaseArray } from '../core/kernels/arrayPool.ts';
import { Embedding } from '../core/nn/embedding.ts';
import { Linear } from '../core/nn/linear.ts';
import { linearCrossEntropy, mse } from '../core/nn/losses.ts';
import type { Module } from '../core/nn/module.ts';
import { GRU, LSTM, RNN } from '../core/nn/rnn.ts';
import { Adam } from '../core/optim/adam.ts';
import { Random } from '../core/random.ts';
import { beamSearchBatch, greedyDecode, type SourceBatch } from '../core/tasks/seq2seq/decode.ts';
import { Seq2seqModel } from '../core/tasks/seq2seq/model.ts';
import { backward, noGrad, releaseDataWhenSpent } from '../core/tensor/autograd.ts';
import { concat, narrow, reshape } from '../core/tensor/shapeOps.ts';
import { Tensor } from '../core/tensor/tensor.ts';

export const WORKLOAD_NAMES = ['W1', 'W2', 'W3', 'W4'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** One workload, ready to run: random data and a model built from a fixed seed. */
export interface Workload {
  name: WorkloadName;
  /** One line saying what runs, as in ARCHITECTURE.md. */
  description: string;
  /** forward + loss + backward + Adam update; returns the loss. */
  trainStep(): number;
  /** Inference figure (W1: forward; W4: greedy decoding of 20 steps), or null. */
  inference: { what: string; run(): void } | null;
  /** W4: beam search (size 4) of 20 steps over the same batch, or null. */
  beam?: { what: string; run(): void } | null;
}

function randomIds(rng: Random, count: number, vocab: number): Int32Array {
  return Int32Array.from({ length: count }, () => rng.int(vocab));
}

function randomTensor(rng: Random, shape: number[]): Tensor {
  let size = 1;
  for (const d of shape) size *= d;
  return new Tensor(
    Float32Array.from({ length: size }, () => rng.normal()),
    shape,
  );
}

/** Wraps forward + loss into a training step with Adam(lr 1e-3) over the modules' parameters. */
function trainer(modules: Module[], loss: () => Tensor): () => number {
  const params = modules.flatMap((m) => m.parameters());
  const optimizer = new Adam(params, { lr: 1e-3 });
  return () => {
    for (const m of modules) m.train();
    optimizer.zeroGrad({ setToNone: true });
    const l = loss();
    backward(l);
    optimizer.step();
    return l.item();
  };
}

/** Row `index` of a [L, N, H] tensor as [N, H]. */
function step(x: Tensor, index: number): Tensor {
  const [, n, h] = x.shape as [number, number, number];
  return reshape(narrow(x, 0, index, 1), [n, h]);
}

function w1(rng: Random): Workload {
  const rnn = new RNN({ inputSize: 4, hiddenSize: 256, random: rng });
  const head = new Linear(256, 1, { random: rng });
  const x = randomTensor(rng, [100, 30, 4]);
  const y = randomTensor(rng, [30, 1]);
  const forward = () => {
    const [output] = rnn.forward(x);
    const last = step(output, 99);
    // As the tasks do (core/tasks/classify/model.ts): the last step is a copy, the output's one
    // reader, so the output goes back to the array pool (now without a graph, else after the
    // backward has passed it).
    releaseDataWhenSpent(output);
    return head.forward(last);
  };
  return {
    name: 'W1',
    description: 'seed-stock: x [100, 30, 4] → RNN(4→256, tanh) → last step → Linear(256, 1) → MSE',
    trainStep: trainer([rnn, head], () => mse(forward(), y)),
    inference: {
      what: 'forward',
      run: () => {
        rnn.eval();
        noGrad(forward);
      },
    },
  };
}

function w2(rng: Random): Workload {
  const emb = new Embedding(5000, 64, { random: rng });
  const rnn = new RNN({
    inputSize: 64,
    hiddenSize: 128,
    numLayers: 2,
    bidirectional: true,
    dropout: 0.2,
    batchFirst: true,
    random: rng,
  });
  const head = new Linear(256, 2, { random: rng });
  const ids = randomIds(rng, 32 * 64, 5000);
  const labels = randomIds(rng, 32, 2);
  return {
    name: 'W2',
    description:
      'sentiment: ids [32, 64] → Embedding(5000, 64) → bi-RNN(64→128, 2 layers, dropout 0.2) → Linear(256, 2) → CE',
    trainStep: trainer([emb, rnn, head], () => {
      const [output, hN] = rnn.forward(emb.forward(ids, [32, 64]));
      // Only h_n is read: the output's array goes back to the pool at once, as the forecaster's
      // does (core/tasks/forecast/model.ts).
      releaseArray(output.data);
      const last = concat([step(hN, 2), step(hN, 3)], 1);
      return linearCrossEntropy(last, head.weight, head.bias, labels);
    }),
    inference: null,
  };
}

function w3(rng: Random): Workload {
  const emb = new Embedding(5000, 100, { random: rng });
  const lstm = new LSTM({
    inputSize: 100,
    hiddenSize: 128,
    bidirectional: true,
    batchFirst: true,
    random: rng,
  });
  const head = new Linear(256, 17, { random: rng });
  const ids = randomIds(rng, 32 * 40, 5000);
  const tags = randomIds(rng, 32 * 40, 17);
  return {
    name: 'W3',
    description:
      'tagger: ids [32, 40] → Embedding(5000, 100) → bi-LSTM(100→128) → Linear(256, 17) per token → CE',
    trainStep: trainer([emb, lstm, head], () => {
      const [out] = lstm.forward(emb.forward(ids, [32, 40]));
      return linearCrossEntropy(out, head.weight, head.bias, tags);
    }),
    inference: null,
  };
}

function w4(rng: Random): Workload {
  const srcEmb = new Embedding(3000, 128, { random: rng });
  const encoder = new GRU({ inputSize: 128, hiddenSize: 256, batchFirst: true, random: rng });
  const tgtEmb = new Embedding(3000, 128, { random: rng });
  const decoder = new GRU({ inputSize: 128, hiddenSize: 256, batchFirst: true, random: rng });
  const head = new Linear(256, 3000, { random: rng });
  const src = randomIds(rng, 64 * 20, 3000);
  const tgt = randomIds(rng, 64 * 21, 3000);
  const tgtIn = new Int32Array(64 * 20);
  const tgtOut = new Int32Array(64 * 20);
  for (let b = 0; b < 64; b++) {
    tgtIn.set(tgt.subarray(b * 21, b * 21 + 20), b * 20);
    tgtOut.set(tgt.subarray(b * 21 + 1, b * 21 + 21), b * 20);
  }
  const modules = [srcEmb, encoder, tgtEmb, decoder, head];
  return {
    name: 'W4',
    description:
      'seq2seq: GRU encoder (emb 128, hidden 256) over [64, 20], vocab 3000; GRU decoder, teacher forcing, 20 steps → Linear(256, 3000) → CE (fused head)',
    trainStep: trainer(modules, () => {
      const [, h] = encoder.forward(srcEmb.forward(src, [64, 20]));
      const [out] = decoder.forward(tgtEmb.forward(tgtIn, [64, 20]), h);
      // The logits feed only the loss: the fused head keeps them (and their gradient) in the kernels.
      return linearCrossEntropy(out, head.weight, head.bias, tgtOut);
    }),
    ...w4Decoding(rng, src),
  };
}

/**
 * W4's decoding as the seq2seq task runs it (core/tasks/seq2seq/decode.ts: the prepared decoder,
 * no autograd) on a Seq2seqModel of W4's sizes, without attention: greedy decoding of 20 steps
 * and beam search of size 4 over the 64 source rows (all beams of all rows in one step).
 */
function w4Decoding(rng: Random, src: Int32Array): Pick<Workload, 'inference' | 'beam'> {
  const gru = { cell: 'gru' as const, hiddenSize: 256, numLayers: 1, bidirectional: false };
  const recurrent = { ...gru, dropout: 0, nonlinearity: 'tanh' as const };
  const model = new Seq2seqModel(
    {
      srcVocab: 3000,
      tgtVocab: 3000,
      embeddingDim: 128,
      encoder: recurrent,
      decoder: recurrent,
      attention: 'none',
      headDropout: 0,
    },
    rng,
  ).eval();
  // NOTE: <eos> is never chosen, so every row runs all 20 steps, as PyTorch's loops do.
  (model.out.bias as Tensor).data[EOS_ID] = -1e4;
  const batch: SourceBatch = { ids: src, shape: [64, 20], lengths: new Int32Array(64).fill(20) };
  return {
    inference: {
      what: 'greedy decoding, 20 steps',
      run: () => greedyDecode(model, batch, { maxLength: 20 }),
    },
    beam: {
      what: 'beam search (size 4), 20 steps',
      run: () => beamSearchBatch(model, batch, { beamSize: 4, lengthPenalty: 0, maxLength: 20 }),
    },
  };
}

const BUILDERS: Record<WorkloadName, (rng: Random) => Workload> = {
  W1: w1,
  W2: w2,
  W3: w3,
  W4: w4,
};

/** Builds a workload with its own generator (seed 0): the same data and weights every run. */
export function createWorkload(name: WorkloadName): Workload {
  return BUILDERS[name](new Random(0));
}
