/** Each row's most likely columns with their log-softmax values in TypeScript: the reference for the wasm kernel and what the TypeScript backend's beam-search head runs. */
import { ShapeError } from '../../errors.ts';
import { logSumExp } from './logSumExp.ts';

/**
 * For each row r of `data` [rows, V]: the `count` columns of largest value, largest first, the
 * lower column first on ties (the first `count` of a full sort, kept by insertion into a short
 * sorted list), into ids [r·count, (r + 1)·count), and their log-softmax values x − logSumExp
 * (float64) into logProbs at the same places.
 */
export function topLogProbRows(
  data: Float32Array,
  rows: number,
  V: number,
  count: number,
  ids: Int32Array,
  logProbs: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const offset = r * V;
    const at0 = r * count;
    let filled = 0;
    for (let v = 0; v < V; v++) {
      const x = data[offset + v] as number;
      let at = filled;
      while (at > 0 && x > (logProbs[at0 + at - 1] as number)) at--;
      if (at >= count) continue;
      for (let i = Math.min(filled, count - 1); i > at; i--) {
        ids[at0 + i] = ids[at0 + i - 1] as number;
        logProbs[at0 + i] = logProbs[at0 + i - 1] as number;
      }
      ids[at0 + at] = v;
      logProbs[at0 + at] = x;
      filled = Math.min(filled + 1, count);
    }
    const logZ = logSumExp(data, offset, V);
    for (let i = 0; i < count; i++) logProbs[at0 + i] = (logProbs[at0 + i] as number) - logZ;
  }
}

/**
 * Checks applyTopLogProbs' arguments: 1 ≤ count ≤ outF, room for rows·count in both outputs.
 * @throws ShapeError otherwise.
 */
export function checkTopLogProbs(
  outF: number,
  rows: number,
  count: number,
  ids: Int32Array,
  logProbs: Float64Array,
): void {
  if (!Number.isInteger(count) || count < 1 || count > outF) {
    throw new ShapeError(
      `applyTopLogProbs: count must be an integer from 1 to the ${outF} outputs, got ${count}.`,
    );
  }
  if (ids.length < rows * count || logProbs.length < rows * count) {
    throw new ShapeError(
      `applyTopLogProbs: ids and logProbs must hold ${rows} × ${count} values, got ${ids.length} and ${logProbs.length}.`,
    );
  }
}
