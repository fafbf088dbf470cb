/** A prepared Linear's arg-max head (the wasm kernel and the TypeScript backend) picks the row maxima of its logits as the TypeScript loop does: the first on ties, NaN never, 0 when nothing exceeds −∞. */
import { describe, expect, it } from 'vitest';
import { backendInstances } from '../../../test/support/eachBackend.ts';
import { randomHead } from '../../../test/support/randomHead.ts';
import { argmaxRow, argmaxRows } from '../api/argmax.ts';
import type { Backend } from '../api/backend.ts';

const NEG = Number.NEGATIVE_INFINITY;

/** Rows whose maxima sit in awkward places: ties across SIMD lanes, the scalar tail, NaN, −∞. */
const CASES: { name: string; logits: number[]; expected: number }[] = [
  { name: 'tie across lanes keeps the first', logits: [0, 5, 1, 2, 3, 5, 5, 0, 1], expected: 1 },
  { name: 'tie in one lane keeps the first', logits: [1, 2, 7, 0, 1, 2, 7, 0], expected: 2 },
  { name: 'maximum in the scalar tail', logits: [0, 1, 2, 3, 4, 5, 6, 7, 9, 8, 8], expected: 8 },
  { name: 'tail ties the vector part', logits: [0, 9, 0, 0, 0, 0, 0, 0, 9], expected: 1 },
  { name: 'NaN is never chosen', logits: [Number.NaN, 1, Number.NaN, 3, 2], expected: 3 },
  { name: 'all −∞ or NaN gives 0', logits: [NEG, Number.NaN, NEG, NEG, NEG, NaN], expected: 0 },
  { name: '+∞ wins', logits: [1, 2, Number.POSITIVE_INFINITY, 3, 4, 5, 6], expected: 2 },
  { name: 'negative values', logits: [-5, -3, -4, -3, -9, -2.5, -8], expected: 5 },
  { name: 'shorter than a lane group', logits: [2, 3, 1], expected: 1 },
];

/** Each case's logits come out of x·Wᵀ + b as the bias alone (zero weights, zero input). */
function argmaxOfBias(backend: Backend, logits: number[], rows: number): Int32Array {
  const bias = Float32Array.from(logits);
  const V = bias.length;
  const linear = backend.prepareLinear({ inF: 1, outF: V, weight: new Float32Array(V), bias });
  const out = new Int32Array(rows).fill(-1);
  linear.applyArgmax(new Float32Array(rows), rows, out);
  linear.free();
  return out;
}

for (const [name, backend] of backendInstances()) {
  describe(`PreparedLinear.applyArgmax on the ${name} backend`, () => {
    for (const c of CASES) {
      it(`${c.name}`, () => {
        expect(argmaxRow(Float32Array.from(c.logits), 0, c.logits.length)).toBe(c.expected);
        expect([...argmaxOfBias(backend, c.logits, 3)]).toEqual([
          c.expected,
          c.expected,
          c.expected,
        ]);
      });
    }

    it('gives argmaxRows of apply on random rows of 3000 logits', () => {
      const [N, V] = [21, 3001];
      const { linear, x, logits } = randomHead(backend, 4, { N, H: 32, V });
      const expected = new Int32Array(N);
      argmaxRows(logits, N, V, expected);
      const picked = new Int32Array(N);
      linear.applyArgmax(x, N, picked);
      linear.free();
      expect(picked).toEqual(expected);
      expect(new Set(picked).size).toBeGreaterThan(1);
    });
  });
}
