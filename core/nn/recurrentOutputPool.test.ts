/** A recurrent stack's arrays on the array pool: evaluation copies its results straight out of the kernels with the graph forward's values, gives back the inputs it made once a layer has read them, and a caller that gives back a one-direction output returns the layer's whole result, so steady evaluation and training allocate nothing new. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearArrayPool, pooledAllocatedBytes, releaseArray } from '../kernels/arrayPool.ts';
import { getBackend, setBackend } from '../kernels/backend.ts';
import { jsBackend } from '../kernels/js/index.ts';
import { createWasmBackend } from '../kernels/wasm/index.ts';
import { Random } from '../random.ts';
import { backward, noGrad, releaseDataWhenSpent } from '../tensor/autograd.ts';
import { mul, sum } from '../tensor/ops.ts';
import { narrow, reshape } from '../tensor/shapeOps.ts';
import { Tensor } from '../tensor/tensor.ts';
import { GRU, LSTM, RNN } from './rnn.ts';

const installed = getBackend();
afterEach(() => {
  setBackend(installed);
  clearArrayPool();
});

// 16 steps × 16 rows × 64 units: 16,384 values per output, large enough to pool.
const L = 16;
const N = 16;
const I = 8;
const H = 64;

type Cell = 'rnn' | 'lstm' | 'gru';

function build(
  cell: Cell,
  o: { bidirectional: boolean; numLayers: number; batchFirst: boolean },
): RNN | LSTM | GRU {
  const options = { inputSize: I, hiddenSize: H, ...o, dropout: 0.3, random: new Random(4) };
  const module =
    cell === 'rnn' ? new RNN(options) : cell === 'lstm' ? new LSTM(options) : new GRU(options);
  return module.eval();
}

function input(seed: number): Tensor {
  const random = new Random(seed);
  return new Tensor(
    Float32Array.from({ length: L * N * I }, () => random.uniform(-1, 1)),
    [L, N, I],
  );
}

/** Lengths 1..L spread over the rows (row 0 the longest). */
const lengths = Int32Array.from({ length: N }, (_, n) => L - (n % L));

/** Output, h_n and c_n as copies. */
function run(
  module: RNN | LSTM | GRU,
  x: Tensor,
  withLengths: boolean,
): { out: Float32Array; h: Float32Array; c: Float32Array | null } {
  const options = withLengths ? { lengths } : {};
  if (module instanceof LSTM) {
    const [out, [h, c]] = module.forward(x, null, options);
    return { out: out.data.slice(), h: h.data.slice(), c: c.data.slice() };
  }
  const [out, h] = module.forward(x, null, options);
  return { out: out.data.slice(), h: h.data.slice(), c: null };
}

describe('recurrent evaluation on the wasm kernels', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    for (const bidirectional of [false, true]) {
      for (const withLengths of [false, true]) {
        it(`gives the graph forward's outputs and states (${cell}, ${bidirectional ? 'two directions' : 'one direction'}${withLengths ? ', lengths' : ''})`, () => {
          setBackend(createWasmBackend());
          const module = build(cell, { bidirectional, numLayers: 2, batchFirst: false });
          const x = input(1);
          // With grad enabled and parameters that require it, the layers keep their states for
          // a backward; without, they run forward-only and copy their results out directly.
          const graph = run(module, x, withLengths);
          const evaluated = noGrad(() => run(module, x, withLengths));
          expect(evaluated.out).toEqual(graph.out);
          expect(evaluated.h).toEqual(graph.h);
          expect(evaluated.c).toEqual(graph.c);
        });
      }
    }
  }
});

describe('recurrent arrays given back to the pool', () => {
  for (const [name, backend] of [
    ['TypeScript', jsBackend],
    ['wasm', createWasmBackend()],
  ] as const) {
    for (const shape of [
      { bidirectional: false, batchFirst: false },
      { bidirectional: false, batchFirst: true },
      { bidirectional: true, batchFirst: false },
    ]) {
      const label = `${shape.bidirectional ? 'two directions' : 'one direction'}${shape.batchFirst ? ', batch first' : ''}`;
      it(`evaluates batch after batch without new arrays once the caller gives each output back (${name}, 2 layers, ${label})`, () => {
        setBackend(backend);
        const module = build('lstm', { ...shape, numLayers: 2 });
        const batch = (seed: number) => {
          const x = input(seed);
          return shape.batchFirst ? new Tensor(x.data, [N, L, I]) : x;
        };
        const expected = [1, 2, 3, 4].map((seed) => noGrad(() => run(module, batch(seed), false)));
        clearArrayPool();
        const given = (seed: number) =>
          noGrad(() => {
            const [out, [h]] = (module as LSTM).forward(batch(seed));
            const copy = { out: out.data.slice(), h: h.data.slice() };
            releaseArray(out.data);
            return copy;
          });
        expect(given(1).out).toEqual(expected[0]?.out);
        const settled = pooledAllocatedBytes();
        for (const seed of [2, 3, 4]) {
          const got = given(seed);
          expect(got.out).toEqual(expected[seed - 1]?.out);
          expect(got.h).toEqual(expected[seed - 1]?.h);
        }
        expect(pooledAllocatedBytes()).toBe(settled);
      });
    }

    it(`evaluates a 3-layer, one-direction stack to the final states of fresh arrays (${name})`, () => {
      setBackend(backend);
      const module = build('gru', { bidirectional: false, numLayers: 3, batchFirst: false });
      const x = input(5);
      clearArrayPool();
      const first = noGrad(() => run(module, x, false));
      // Again on the arrays the first run gave back: the third layer's result may take the
      // buffer of the first, whose h_n must already be copied out by then.
      const again = noGrad(() => run(module, x, false));
      // With a graph nothing goes back before the final states are copied.
      clearArrayPool();
      const graph = run(module, x, false);
      expect(first.h).toEqual(graph.h);
      expect(again.h).toEqual(graph.h);
      expect(again.out).toEqual(graph.out);
    });

    it(`trains a one-direction, time-major layer without new arrays once its output goes back after each backward (${name})`, () => {
      setBackend(backend);
      const weight = new Tensor(new Random(8).fillUniform(new Float32Array(N * H), -1, 1), [N, H]);
      /** One step: the output's last time step (a copy, the output's one reader) against a fixed weight. */
      const step = (module: GRU, seed: number) => {
        for (const p of module.parameters()) p.grad = null;
        const [out] = module.forward(input(seed));
        const last = reshape(narrow(out, 0, L - 1, 1), [N, H]);
        releaseDataWhenSpent(out);
        const loss = sum(mul(last, weight));
        backward(loss);
        return {
          loss: loss.data[0],
          grads: module.parameters().map((p) => Float32Array.from(p.grad?.data ?? [])),
        };
      };
      const oneLayer = { bidirectional: false, numLayers: 1, batchFirst: false };
      const reused = build('gru', oneLayer) as GRU;
      const fresh = build('gru', oneLayer) as GRU;
      reused.train();
      fresh.train();
      step(reused, 1);
      step(reused, 2);
      const settled = pooledAllocatedBytes();
      const got = [3, 4, 5].map((seed) => step(reused, seed));
      expect(pooledAllocatedBytes()).toBe(settled);
      // The same steps on a model whose arrays are all new give the same losses and gradients.
      for (const [k, seed] of [3, 4, 5].entries()) {
        clearArrayPool();
        const want = step(fresh, seed);
        expect(got[k]?.loss).toBe(want.loss);
        expect(got[k]?.grads).toEqual(want.grads);
      }
    });
  }
});
