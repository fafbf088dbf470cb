// Two threads meeting inside one kernel call: each thread counts its own arrivals in shared memory and waits for the other's count to reach its own.
//
// A step split two ways (rows, then columns) needs every thread's first part done before any
// thread starts its second. Meeting inside the call costs a few loads when both arrive together,
// where a second hand-off through the host would wake a sleeping thread each time.
//
// Each counter has one writer, so there is no shared count to reset between meetings and no
// generation to read before arriving: the k-th meeting of a thread returns once the other thread
// has made its k-th arrival, which it makes only after the work it did before that meeting.

// Sleeping and waking go through the host's Atomics.wait and Atomics.notify (kernelImports in
// helperLoop.ts), not memory.atomic.wait32 and memory.atomic.notify: in V8 11.3 (Node 20) code from
// the baseline compiler (Liftoff, which runs a kernel until it is hot) lost a value it kept in a
// register across wait32. Written with it, this meeting read its counter from address 0 after
// sleeping and never returned (cli/kernelThreads.test.ts runs it under --liftoff-only). Across a
// call to an import every value stays in the frame.

/** Sleeps while the i32 at byte `at` holds `value`, at most `ms` milliseconds. */
// @ts-ignore: decorator
@external('env', 'sleep')
declare function sleep(at: usize, value: i32, ms: f64): void;

/** Wakes one thread sleeping on the i32 at byte `at`. */
// @ts-ignore: decorator
@external('env', 'wake')
declare function wake(at: usize): void;

/** Loads of the other counter before sleeping (a few tens of microseconds: the bands' usual skew). */
const SPINS: i32 = 20000;
/** One sleep's limit, ms, and how many of them before giving up (about a minute). */
const WAIT_MS: f64 = 1000;
const WAITS: i32 = 60;

/**
 * Returns once both threads of a pair have called meet on `sync` as often as this thread has,
 * true; false when the other has not within about a minute (a helper that died). `sync` holds
 * two zeroed i32 owned by the pair (the arrivals of side 0, then of side 1); `side` is this
 * thread's (0 or 1). A build without threads never waits.
 */
export function meet(sync: usize, side: i32): bool {
  if (!ASC_FEATURE_THREADS) return true;
  const mine = sync + <usize>(side * 4);
  const other = sync + <usize>((1 - side) * 4);
  const arrivals = atomic.add<i32>(mine, 1) + 1;
  wake(mine);
  let seen = atomic.load<i32>(other);
  for (let i = 0; i < SPINS && seen < arrivals; i++) seen = atomic.load<i32>(other);
  for (let i = 0; i < WAITS && seen < arrivals; i++) {
    sleep(other, seen, WAIT_MS);
    seen = atomic.load<i32>(other);
  }
  return seen >= arrivals;
}
