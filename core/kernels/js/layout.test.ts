/** Tests of the data-movement kernels: strided permutation and slab copies. */
import { describe, expect, it } from 'vitest';
import { copySlab, permuteCopy } from './layout.ts';

describe('permuteCopy', () => {
  it('writes out[k, i, j] = x[i, j, k] for perm [2, 0, 1]', () => {
    const x = Float32Array.from({ length: 24 }, (_, i) => i);
    const out = new Float32Array(24);
    permuteCopy(x, [2, 3, 4], [2, 0, 1], out);
    for (let k = 0; k < 4; k++)
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 3; j++) expect(out[k * 6 + i * 3 + j]).toBe(12 * i + 4 * j + k);
  });
});

describe('copySlab', () => {
  it('copies a range of the middle dimension into another at an offset', () => {
    const src = Float32Array.from({ length: 12 }, (_, i) => i); // [2, 3, 2]
    const dst = new Float32Array(2 * 4 * 2);
    copySlab({ src, srcSize: 3, start: 1, dst, dstSize: 4, at: 2, length: 2, outer: 2, inner: 2 });
    expect(Array.from(dst)).toEqual([0, 0, 0, 0, 2, 3, 4, 5, 0, 0, 0, 0, 8, 9, 10, 11]);
  });
});
