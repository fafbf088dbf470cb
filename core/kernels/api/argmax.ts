/** Row-wise arg-max in TypeScript: the reference for the wasm kernel and what the TypeScript backend's greedy head runs. */

/** Index of the largest of `V` values at `offset` (the first on ties, NaN never chosen, 0 when none exceeds −∞). */
export function argmaxRow(data: Float32Array, offset: number, V: number): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < V; v++) {
    const x = data[offset + v] as number;
    if (x > bestValue) {
      bestValue = x;
      best = v;
    }
  }
  return best;
}

/** out[r] = argmaxRow of row r of `data` [rows, V]. */
export function argmaxRows(data: Float32Array, rows: number, V: number, out: Int32Array): void {
  for (let r = 0; r < rows; r++) out[r] = argmaxRow(data, r * V, V);
}
