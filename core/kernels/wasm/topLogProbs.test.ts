/** A prepared Linear's top log-probabilities (beam search's scoring; the wasm kernel and the TypeScript backend): the columns of a full sort, largest first and the lower first on ties, and log-probabilities that are the backend's own cross-entropy terms. */
import { describe, expect, it } from 'vitest';
import { crossEntropyLogProbs } from '../../../test/support/crossEntropyLogProbs.ts';
import { backendInstances } from '../../../test/support/eachBackend.ts';
import { randomHead } from '../../../test/support/randomHead.ts';
import { ShapeError } from '../../errors.ts';
import { logSumExp } from '../api/logSumExp.ts';
import { topLogProbRows } from '../api/topLogProbs.ts';

const NEG = Number.NEGATIVE_INFINITY;

/** The first `count` columns of a full sort of `row`: largest first, the lower column first on ties. */
function sortedColumns(row: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: row.length }, (_, j) => j)
    .sort((a, b) => (row[b] as number) - (row[a] as number) || a - b)
    .slice(0, count);
}

/** Rows whose best values sit in awkward places: ties across SIMD lanes and in the tail, −∞. */
const CASES: { name: string; logits: number[] }[] = [
  { name: 'ties across lanes keep the lower column first', logits: [0, 5, 1, 2, 3, 5, 5, 0, 1] },
  { name: 'ties in one lane', logits: [1, 2, 7, 0, 1, 2, 7, 0, 2, 2, 7, 1] },
  { name: 'the best in the scalar tail', logits: [0, 1, 2, 3, 4, 5, 6, 7, 9, 8, 8] },
  { name: 'the tail ties the vector part', logits: [0, 9, 0, 0, 0, 0, 0, 0, 9, 0] },
  { name: 'every value equal', logits: [3, 3, 3, 3, 3, 3, 3, 3, 3] },
  { name: '−∞ ranks last', logits: [NEG, -2, NEG, -1, -3, NEG, -4, -5, -0.5] },
  { name: 'shorter than a lane group', logits: [2, 3, 1] },
];

describe('topLogProbRows (the TypeScript reference)', () => {
  it('keeps the first count of a full sort, with x − logSumExp in float64', () => {
    const data = Float32Array.from([9, 0.5, -1, 2, 0.5, 2, -3, 0.5, 4, 0.25, 2, 2, 2, 7, 2, -1]);
    const [rows, V] = [2, 8];
    for (let count = 1; count <= V; count++) {
      const ids = new Int32Array(rows * count);
      const logProbs = new Float64Array(rows * count);
      topLogProbRows(data, rows, V, count, ids, logProbs);
      for (let r = 0; r < rows; r++) {
        const row = data.subarray(r * V, (r + 1) * V);
        const expected = sortedColumns(row, count);
        const logZ = logSumExp(data, r * V, V);
        expect([...ids.subarray(r * count, (r + 1) * count)]).toEqual(expected);
        expect([...logProbs.subarray(r * count, (r + 1) * count)]).toEqual(
          expected.map((j) => (row[j] as number) - logZ),
        );
      }
    }
  });
});

for (const [name, backend] of backendInstances()) {
  describe(`PreparedLinear.applyTopLogProbs on the ${name} backend`, () => {
    for (const c of CASES) {
      it(`${c.name}`, () => {
        // The logits come out of x·Wᵀ + b as the bias alone (zero weights, zero input).
        const bias = Float32Array.from(c.logits);
        const V = bias.length;
        const linear = backend.prepareLinear({
          inF: 1,
          outF: V,
          weight: new Float32Array(V),
          bias,
        });
        for (const count of [1, Math.min(3, V), V]) {
          const rows = 3;
          const ids = new Int32Array(rows * count);
          const logProbs = new Float64Array(rows * count);
          linear.applyTopLogProbs(new Float32Array(rows), rows, count, ids, logProbs);
          const expected = sortedColumns(c.logits, count);
          for (let r = 0; r < rows; r++) {
            expect([...ids.subarray(r * count, (r + 1) * count)]).toEqual(expected);
            expect([...logProbs.subarray(r * count, (r + 1) * count)]).toEqual(
              crossEntropyLogProbs(backend, bias, expected),
            );
          }
        }
        linear.free();
      });
    }

    it('scores random rows of 3001 logits as a full sort and the cross-entropy would', () => {
      const [N, V, count] = [21, 3001, 8];
      const { linear, x, logits } = randomHead(backend, 5, { N, H: 32, V });
      const ids = new Int32Array(N * count);
      const logProbs = new Float64Array(N * count);
      linear.applyTopLogProbs(x, N, count, ids, logProbs);
      linear.free();
      for (let r = 0; r < N; r++) {
        const row = logits.subarray(r * V, (r + 1) * V);
        const expected = sortedColumns(row, count);
        expect([...ids.subarray(r * count, (r + 1) * count)]).toEqual(expected);
        expect([...logProbs.subarray(r * count, (r + 1) * count)]).toEqual(
          crossEntropyLogProbs(backend, row, expected),
        );
      }
      expect(new Set(ids).size).toBeGreaterThan(count);
    });

    it('refuses a count outside [1, outF] and outputs too short, naming what it got', () => {
      const linear = backend.prepareLinear({
        inF: 2,
        outF: 5,
        weight: new Float32Array(10),
        bias: null,
      });
      const x = new Float32Array(4);
      const call =
        (count: number, room = 2 * count) =>
        () =>
          linear.applyTopLogProbs(x, 2, count, new Int32Array(room), new Float64Array(room));
      expect(call(0)).toThrow(ShapeError);
      expect(call(6)).toThrow(/from 1 to the 5 outputs, got 6/);
      expect(call(3, 5)).toThrow(/must hold 2 × 3 values, got 5 and 5/);
      linear.free();
    });
  });
}
