/** The attentional decoder's intermediates on the array pool (the concatenation, projections, scores, keys and context go back once the backward has passed them): steps on reused arrays give the losses and gradients of steps on fresh ones. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearArrayPool, pooledFreeBytes } from '../../kernels/arrayPool.ts';
import { Random } from '../../random.ts';
import { backward } from '../../tensor/autograd.ts';
import { Seq2seqModel } from './model.ts';

const N = 16;
const S = 20;
const T = 18;

const recurrent = (bidirectional: boolean) => ({
  cell: 'gru' as const,
  hiddenSize: 64,
  numLayers: 1,
  bidirectional,
  dropout: 0,
  nonlinearity: 'tanh' as const,
});

function model(attention: 'luong' | 'bahdanau'): Seq2seqModel {
  return new Seq2seqModel(
    {
      srcVocab: 40,
      tgtVocab: 40,
      embeddingDim: 32,
      encoder: recurrent(true),
      decoder: recurrent(false),
      attention,
      headDropout: 0.2,
    },
    new Random(3),
  );
}

/** One training step on batch `seed` (as the task's loss computes it); the loss and every gradient. */
function step(m: Seq2seqModel, seed: number) {
  const random = new Random(seed);
  const lengths = Int32Array.from({ length: N }, (_, n) => (n === 0 ? S : 1 + random.int(S)));
  const ids = new Int32Array(N * S);
  for (let n = 0; n < N; n++)
    for (let s = 0; s < (lengths[n] as number); s++) ids[n * S + s] = 4 + random.int(36);
  const tgtIn = Int32Array.from({ length: N * T }, () => 4 + random.int(36));
  const tgtOut = Int32Array.from({ length: N * T }, () => 4 + random.int(36));
  m.train();
  for (const p of m.parameters()) p.grad = null;
  const enc = m.encode(ids, [N, S], lengths);
  const { features } = m.decodeFeatures(tgtIn, [N, T], enc.state, enc.memory);
  const loss = m.headLoss(features, tgtOut);
  backward(loss);
  return {
    loss: loss.data[0],
    grads: [...m.namedParameters()].map(([name, p]) => [
      name,
      Float32Array.from(p.grad?.data ?? []),
    ]),
  };
}

afterEach(() => clearArrayPool());

describe.each(['luong', 'bahdanau'] as const)(
  'seq2seq with %s attention on the array pool',
  (attention) => {
    it("gives steps on the last steps' arrays the losses and gradients of steps on fresh ones", () => {
      const seeds = [1, 2, 3, 4];
      // Every step of the fresh model runs on an empty pool: each array it takes is new.
      const fresh = model(attention);
      const expected = seeds.map((seed) => {
        clearArrayPool();
        return step(fresh, seed);
      });
      // The reused model's steps run one after another: each draws what the last gave back.
      clearArrayPool();
      const reused = model(attention);
      seeds.forEach((seed, i) => {
        const got = step(reused, seed);
        expect(pooledFreeBytes()).toBeGreaterThan(0);
        expect(got.loss).toBe(expected[i]?.loss);
        expect(got.grads).toEqual(expected[i]?.grads);
      });
    });
  },
);
