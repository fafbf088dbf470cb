/** A pool of large Float32Arrays that a training step hands back and the next step reuses: gradients the autograd walk has consumed and buffers private to one op (a dropout mask), so steady-state steps stop paying for fresh memory. */

// NOTE: a fresh large typed array costs page faults on its first write: ~0.25–0.35 ms per MiB in
// Node, ~0.7–1.1 ms per MiB in a Chromium worker (which maps each large backing store anew);
// refilling an array already written costs neither (docs/benchmarks.md, "What the worker pays").

/** Arrays shorter than this (64 KiB) are allocated as usual: small ones cost little fresh. */
export const POOL_MIN_LENGTH = 16384;
/** Free arrays the pool keeps at most, in bytes; releases past it are left to the collector. */
const MAX_FREE_BYTES = 96 * 1024 * 1024;

/** Free arrays by length. */
const free = new Map<number, Float32Array[]>();
/** Arrays handed out by acquireArray and not released since. */
const live = new WeakSet<Float32Array>();
let freeBytes = 0;

/**
 * A Float32Array of `length` values that its owner may give back with releaseArray once nothing
 * reads it any more: a released one of the same length when the pool has one, else a new one.
 * With `zero` it is zero-filled; without, its values are whatever the last owner left (the caller
 * overwrites every element). Lengths below POOL_MIN_LENGTH always get a new array.
 */
export function acquireArray(length: number, o: { zero: boolean }): Float32Array {
  if (length < POOL_MIN_LENGTH) return new Float32Array(length);
  const reused = free.get(length)?.pop();
  if (reused === undefined) {
    const fresh = new Float32Array(length);
    live.add(fresh);
    return fresh;
  }
  freeBytes -= reused.byteLength;
  live.add(reused);
  if (o.zero) reused.fill(0);
  return reused;
}

/**
 * Gives an array from acquireArray back for reuse; the caller asserts that nothing reads or
 * writes it afterwards (no view of it is kept anywhere). Does nothing for any other array, or
 * for one already released, so a possibly pooled array may be released unconditionally.
 */
export function releaseArray(array: Float32Array | null | undefined): void {
  if (array === null || array === undefined || !live.has(array)) return;
  live.delete(array);
  if (freeBytes + array.byteLength > MAX_FREE_BYTES) return;
  const list = free.get(array.length);
  if (list === undefined) free.set(array.length, [array]);
  else list.push(array);
  freeBytes += array.byteLength;
}

/** Bytes of free arrays the pool holds (for tests and diagnostics). */
export function pooledFreeBytes(): number {
  return freeBytes;
}

/** Drops every free array (tests; a host that wants the memory back between runs). */
export function clearArrayPool(): void {
  free.clear();
  freeBytes = 0;
}
