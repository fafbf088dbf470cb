/** Tests of the array pool: reuse of released buffers by capacity (or a little larger), zero-filling on request, release only of arrays it handed out, once, and views that stand in for their array. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireArray,
  capacityOf,
  clearArrayPool,
  POOL_MIN_LENGTH,
  pooledFreeBytes,
  releaseArray,
  standIn,
} from './arrayPool.ts';

const N = POOL_MIN_LENGTH;

afterEach(() => clearArrayPool());

describe('array pool', () => {
  it('hands a released buffer to the next owner of the same length', () => {
    const a = acquireArray(N, { zero: false });
    releaseArray(a);
    expect(pooledFreeBytes()).toBe(N * 4);
    const b = acquireArray(N, { zero: false });
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(N);
    expect(pooledFreeBytes()).toBe(0);
    expect(acquireArray(N, { zero: false }).buffer).not.toBe(a.buffer);
  });

  it('shares buffers between lengths a few percent apart, each view exactly as long as asked', () => {
    // Text batches one word longer than the last: 64 texts × 17 or 18 words × 64 hidden units.
    const short = acquireArray(64 * 17 * 64, { zero: false });
    short.fill(3);
    releaseArray(short);
    const long = acquireArray(64 * 18 * 64, { zero: true });
    expect(long.buffer).toBe(short.buffer);
    expect(long.length).toBe(64 * 18 * 64);
    expect(long.byteOffset).toBe(0);
    expect(long.every((v) => v === 0)).toBe(true);
    releaseArray(long);
    // Twice the length is another capacity.
    expect(acquireArray(2 * 64 * 18 * 64, { zero: false }).buffer).not.toBe(short.buffer);
  });

  it('serves a shorter request from the smallest free buffer up to twice its capacity', () => {
    // A batch of 12-word texts after one of 16 words and one of 30: the 16-word buffer serves it.
    const longest = acquireArray(64 * 30 * 64, { zero: false });
    const longer = acquireArray(64 * 16 * 64, { zero: false });
    releaseArray(longest);
    releaseArray(longer);
    const short = acquireArray(64 * 12 * 64, { zero: true });
    expect(short.buffer).toBe(longer.buffer);
    expect(short.length).toBe(64 * 12 * 64);
    expect(short.every((v) => v === 0)).toBe(true);
    // The 30-word buffer is more than twice a 12-word batch's capacity: a new buffer instead.
    const next = acquireArray(64 * 12 * 64, { zero: false });
    expect(next.buffer).not.toBe(longest.buffer);
    expect(pooledFreeBytes()).toBe(longest.buffer.byteLength);
    // Given back, the borrowed buffer returns to its own capacity and serves a 16-word batch again.
    releaseArray(short);
    expect(acquireArray(64 * 16 * 64, { zero: false }).buffer).toBe(longer.buffer);
  });

  it('wastes at most an eighth of a buffer', () => {
    for (let length = N; length < 50_000_000; length = Math.ceil(length * 1.0137) + 1) {
      const capacity = capacityOf(length);
      expect(capacity).toBeGreaterThanOrEqual(length);
      expect(capacity).toBeLessThanOrEqual(length * 1.125);
      expect(capacityOf(capacity)).toBe(capacity);
    }
  });

  it('zero-fills a reused array when asked and leaves its values otherwise', () => {
    const a = acquireArray(N, { zero: false });
    a.fill(7);
    releaseArray(a);
    const b = acquireArray(N, { zero: false });
    expect(b[5]).toBe(7);
    releaseArray(b);
    const z = acquireArray(N, { zero: true });
    expect(z.buffer).toBe(a.buffer);
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
    expect(acquireArray(N, { zero: false }).buffer).toBe(a.buffer);
    expect(acquireArray(N, { zero: false }).buffer).not.toBe(a.buffer);
  });

  it('gives the whole array back when a view standing in for it is released, once', () => {
    const packed = acquireArray(2 * N, { zero: false });
    const out = packed.subarray(0, N);
    // A view alone is not the pool's: releasing it does nothing.
    releaseArray(packed.subarray(N));
    expect(pooledFreeBytes()).toBe(0);
    standIn(out, packed);
    releaseArray(out);
    expect(pooledFreeBytes()).toBe(2 * N * 4);
    const next = acquireArray(2 * N, { zero: false });
    expect(next.buffer).toBe(packed.buffer);
    // The stand-in was used up: releasing it again must not take the new owner's array.
    releaseArray(out);
    expect(pooledFreeBytes()).toBe(0);
  });

  it('does not let a stand-in release an array released another way and handed on', () => {
    const packed = acquireArray(2 * N, { zero: false });
    const out = packed.subarray(0, N);
    standIn(out, packed);
    releaseArray(packed);
    const next = acquireArray(2 * N, { zero: false });
    expect(next.buffer).toBe(packed.buffer);
    releaseArray(out);
    expect(pooledFreeBytes()).toBe(0);
    // Nor does a stand-in for an array the pool did not hand out.
    const own = new Float32Array(2 * N);
    standIn(own.subarray(0, N), own);
    releaseArray(own.subarray(0, N));
    expect(pooledFreeBytes()).toBe(0);
  });
});
