/** A pool of large Float32Arrays that a training step hands back and the next step reuses: gradients the autograd walk has consumed and buffers private to one op (a dropout mask), so steady-state steps stop paying for fresh memory. */

// NOTE: a fresh large typed array costs page faults on its first write: ~0.25–0.35 ms per MiB in
// Node, ~0.7–1.1 ms per MiB in a Chromium worker (which maps each large backing store anew);
// refilling an array already written costs neither (docs/benchmarks.md, "What the worker pays").

/** Arrays shorter than this (64 KiB) are allocated as usual: small ones cost little fresh. */
export const POOL_MIN_LENGTH = 16384;
/** Free arrays the pool keeps at most, in bytes; releases past it are left to the collector. */
const MAX_FREE_BYTES = 96 * 1024 * 1024;

/**
 * The capacity an array of `length` values gets: `length` rounded up to one of eight steps per
 * power of two, so lengths a few percent apart (a text batch one word longer) share buffers, at
 * most 12.5 % of a buffer unused.
 */
export function capacityOf(length: number): number {
  const step = 2 ** Math.max(0, 28 - Math.clz32(length));
  return Math.ceil(length / step) * step;
}

/** Free buffers by capacity in floats. */
const free = new Map<number, ArrayBuffer[]>();
/** Arrays handed out by acquireArray and not released since. */
const live = new WeakSet<Float32Array>();
/** Views that stand for the pooled array they view (standIn): releasing one releases that array. */
const standIns = new WeakMap<Float32Array, Float32Array>();
let freeBytes = 0;
/** Bytes of the buffers acquireArray has allocated, ever. */
let allocatedBytes = 0;

/**
 * The smallest free buffer of a capacity above `capacity` and at most twice it, taken off its
 * list, or undefined. A batch a little shorter than the last finds no buffer of its own capacity
 * while the longer batch's buffers lie free; one of them serves it instead of a new allocation.
 */
function takeLarger(capacity: number): ArrayBuffer | undefined {
  let best = 0;
  for (const [size, list] of free) {
    if (size > capacity && size <= 2 * capacity && list.length > 0 && (best === 0 || size < best)) {
      best = size;
    }
  }
  return best === 0 ? undefined : free.get(best)?.pop();
}

/**
 * A Float32Array of `length` values that its owner may give back with releaseArray once nothing
 * reads it any more: a view of the first `length` values of a released buffer of the same
 * capacity (capacityOf) when the pool has one, else of the smallest released buffer up to twice
 * that capacity, else of a new one. With `zero` it is zero-filled;
 * without, its values are whatever the last owner left (the caller overwrites every element).
 * Lengths below POOL_MIN_LENGTH always get a new array of their own.
 */
export function acquireArray(length: number, o: { zero: boolean }): Float32Array {
  if (length < POOL_MIN_LENGTH) return new Float32Array(length);
  const capacity = capacityOf(length);
  const reused = free.get(capacity)?.pop() ?? takeLarger(capacity);
  if (reused === undefined) {
    const fresh = new Float32Array(new ArrayBuffer(capacity * 4), 0, length);
    allocatedBytes += capacity * 4;
    live.add(fresh);
    return fresh;
  }
  freeBytes -= reused.byteLength;
  const array = new Float32Array(reused, 0, length);
  live.add(array);
  if (o.zero) array.fill(0);
  return array;
}

/**
 * Gives an array from acquireArray back for reuse; the caller asserts that nothing reads or
 * writes it or its buffer afterwards (no view of it is kept anywhere). Does nothing for any other
 * array, or for one already released, so a possibly pooled array may be released unconditionally.
 */
export function releaseArray(array: Float32Array | null | undefined): void {
  if (array === null || array === undefined) return;
  const base = standIns.get(array);
  if (base !== undefined) {
    standIns.delete(array);
    releaseArray(base);
    return;
  }
  if (!live.has(array)) return;
  live.delete(array);
  const buffer = array.buffer as ArrayBuffer;
  if (freeBytes + buffer.byteLength > MAX_FREE_BYTES) return;
  const capacity = buffer.byteLength / 4;
  const list = free.get(capacity);
  if (list === undefined) free.set(capacity, [buffer]);
  else list.push(buffer);
  freeBytes += buffer.byteLength;
}

/**
 * Makes `view` stand for `pooled` (an array from acquireArray): releasing `view` then gives
 * `pooled` back. For an owner that hands out one view of its pooled array and no other reference
 * to it (every other part of it copied out), so that whoever receives the view may give the whole
 * array back with releaseArray once done with it. Does nothing when `pooled` is not live.
 */
export function standIn(view: Float32Array, pooled: Float32Array): void {
  if (view !== pooled && live.has(pooled)) standIns.set(view, pooled);
}

/** Bytes of free buffers the pool holds (for tests and diagnostics). */
export function pooledFreeBytes(): number {
  return freeBytes;
}

/** Bytes of the new buffers acquireArray has allocated so far (for tests and diagnostics). */
export function pooledAllocatedBytes(): number {
  return allocatedBytes;
}

/** Drops every free array (tests; a host that wants the memory back between runs). */
export function clearArrayPool(): void {
  free.clear();
  freeBytes = 0;
}
