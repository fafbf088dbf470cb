// Two threads meeting inside one kernel call: a spin-then-sleep barrier on two i32 in shared memory.
//
// A step split two ways (rows, then columns) needs every thread's first part done before any
// thread starts its second. Meeting inside the call costs a few loads when both arrive together,
// where a second hand-off through the host would wake a sleeping thread each time.

/** Loads of the generation before sleeping (a few tens of microseconds: the bands' usual skew). */
const SPINS: i32 = 20000;
/** One sleep's limit, ns, and how many of them before giving up (about a minute). */
const WAIT_NS: i64 = 1000000000;
const WAITS: i32 = 60;

/**
 * Returns once `parties` threads have called barrier on `sync` (two zeroed i32 owned by these
 * threads: the arrivals, then the generation), true; false when the others have not arrived
 * within about a minute (a helper that died). One party, or a build without threads, never waits.
 */
export function barrier(sync: usize, parties: i32): bool {
  if (!ASC_FEATURE_THREADS || parties <= 1) return true;
  const generation = atomic.load<i32>(sync, 4);
  if (atomic.add<i32>(sync, 1) == parties - 1) {
    // The last to arrive resets the count before releasing the others, who may arrive again at once.
    atomic.store<i32>(sync, 0);
    atomic.add<i32>(sync, 1, 4);
    atomic.notify(sync + 4, parties - 1);
    return true;
  }
  for (let i = 0; i < SPINS; i++) if (atomic.load<i32>(sync, 4) != generation) return true;
  for (let i = 0; i < WAITS; i++) {
    atomic.wait<i32>(sync + 4, generation, WAIT_NS);
    if (atomic.load<i32>(sync, 4) != generation) return true;
  }
  return false;
}
