/** Tests of the array pool: reuse of released arrays by length, zero-filling on request, and release only of arrays it handed out, once. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireArray,
  clearArrayPool,
  POOL_MIN_LENGTH,
  pooledFreeBytes,
  releaseArray,
} from './arrayPool.ts';

const N = POOL_MIN_LENGTH;

afterEach(() => clearArrayPool());

describe('array pool', () => {
  it('hands a released array of the same length to the next owner', () => {
    const a = acquireArray(N, { zero: false });
    releaseArray(a);
    expect(pooledFreeBytes()).toBe(N * 4);
    expect(acquireArray(N, { zero: false })).toBe(a);
    expect(pooledFreeBytes()).toBe(0);
    expect(acquireArray(N + 1, { zero: false })).not.toBe(a);
  });

  it('zero-fills a reused array when asked and leaves its values otherwise', () => {
    const a = acquireArray(N, { zero: false });
    a.fill(7);
    releaseArray(a);
    expect(acquireArray(N, { zero: false })[5]).toBe(7);
    releaseArray(a);
    const z = acquireArray(N, { zero: true });
    expect(z).toBe(a);
    expect(z.every((v) => v === 0)).toBe(true);
  });

  it('ignores arrays it did not hand out, small ones, and a second release', () => {
    releaseArray(new Float32Array(N));
    releaseArray(acquireArray(16, { zero: false }));
    releaseArray(null);
    expect(pooledFreeBytes()).toBe(0);
    const a = acquireArray(N, { zero: false });
    releaseArray(a);
    releaseArray(a);
    expect(pooledFreeBytes()).toBe(N * 4);
    expect(acquireArray(N, { zero: false })).toBe(a);
    expect(acquireArray(N, { zero: false })).not.toBe(a);
  });
});
