/** Comparing large numeric arrays in tests: the first index at which they differ, in a plain loop (vitest's toEqual takes seconds on arrays of hundreds of thousands of values). */

/**
 * The first index at which `a` and `b` differ, or -1: two Float32Arrays by their bits, other
 * arrays by Object.is (NaN equals NaN, 0 and −0 differ); when one is shorter and agrees up to its
 * end, its length.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (a instanceof Float32Array && b instanceof Float32Array) {
    const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
    const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
    for (let i = 0; i < n; i++) if (x[i] !== y[i]) return i;
  } else {
    for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  }
  return a.length === b.length ? -1 : n;
}
