/** A row's log-sum-exp in float64: the one the TypeScript cross-entropies and the beam-search reference share, so a token's log-probability is exactly minus its loss. */

/** log Σ_v exp(x_v) of the V values at `offset`, in float64 (max first, for range). */
export function logSumExp(data: Float32Array, offset: number, V: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < V; v++) max = Math.max(max, data[offset + v] as number);
  let sum = 0;
  for (let v = 0; v < V; v++) sum += Math.exp((data[offset + v] as number) - max);
  return max + Math.log(sum);
}
