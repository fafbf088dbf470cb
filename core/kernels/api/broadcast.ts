/** Broadcast plans: how operands of NumPy-broadcasting ops map onto their output, worked out once above the backends and handed to their kernels. */

/**
 * How operands broadcast against an output, collapsed to rows: row `r` of the output starts at
 * `r * n`, operand `k`'s matching element at `offsets[k][r]`, and walks with `inner[k]` (0 or 1).
 */
export interface BroadcastPlan {
  rows: number;
  n: number;
  offsets: Int32Array[];
  inner: number[];
}

/**
 * Plans a broadcast of operands shaped `inShapes` to `outShape` (already checked compatible).
 * Output dimensions of size 1 are dropped and neighbours that broadcast alike are merged, so
 * `[B, T, H] + [H]` becomes `B·T` rows of `H` contiguous elements.
 */
export function broadcastPlan(
  outShape: readonly number[],
  inShapes: readonly (readonly number[])[],
): BroadcastPlan {
  const nd = outShape.length;
  const k = inShapes.length;
  const groups: { size: number; full: boolean[] }[] = [];
  for (let d = 0; d < nd; d++) {
    const size = outShape[d];
    if (size === 1) continue;
    const full = inShapes.map((s) => (s[s.length - nd + d] ?? 1) === size);
    const last = groups[groups.length - 1];
    if (last?.full.every((f, i) => f === full[i])) last.size *= size;
    else groups.push({ size, full });
  }
  const g = groups.length;
  const n = g > 0 ? groups[g - 1].size : 1;
  const inner = inShapes.map((_, i) => (g > 0 && groups[g - 1].full[i] ? 1 : 0));
  // Strides of each operand per group: product of the later groups it spans.
  const strides = inShapes.map((_, i) => {
    const s = new Array<number>(g).fill(0);
    let acc = 1;
    for (let j = g - 1; j >= 0; j--) {
      if (groups[j].full[i]) {
        s[j] = acc;
        acc *= groups[j].size;
      }
    }
    return s;
  });
  let rows = 1;
  for (let j = 0; j < g - 1; j++) rows *= groups[j].size;
  const offsets = inShapes.map(() => new Int32Array(rows));
  const counter = new Int32Array(Math.max(g - 1, 0));
  const cur = new Array<number>(k).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) offsets[i][r] = cur[i];
    // Odometer increment over the outer groups.
    for (let j = g - 2; j >= 0; j--) {
      counter[j]++;
      for (let i = 0; i < k; i++) cur[i] += strides[i][j];
      if (counter[j] < groups[j].size) break;
      for (let i = 0; i < k; i++) cur[i] -= strides[i][j] * groups[j].size;
      counter[j] = 0;
    }
  }
  return { rows, n, offsets, inner };
}
