/** Round tick values for chart axes. */

/**
 * About `count` round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart); with
 * `integer` (an axis that counts: steps, epochs) only whole numbers, at least 1 apart.
 */
export function niceTicks(lo: number, hi: number, count: number, integer = false): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const round = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const step = integer ? Math.max(1, round) : round;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}
