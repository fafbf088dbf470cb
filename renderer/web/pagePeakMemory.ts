/** The tab's peak memory during a web run, measured from the page: Chromium gives `performance.measureUserAgentSpecificMemory()` to windows only, not to the trainer worker, so the page samples it and keeps the highest figure. */

/** What {@link createPeakSampler} needs. */
export interface PeakSamplerOptions {
  /** One measurement in bytes; may take seconds (Chromium answers after its next garbage collection, within ~20 s). */
  measure: () => Promise<number>;
  /** The least time between the starts of two measurements (ms); one is in flight at a time. */
  intervalMs: number;
  /** Timers; tests pass fake ones. */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** The clock for the interval (ms). */
  now?: () => number;
}

/** Samples while a run trains; the peak belongs to the run since the last `start()`. */
export interface PeakSampler {
  /** Starts sampling for a new run (its peak starts empty); a no-op while sampling. */
  start(): void;
  /** Stops sampling; a measurement already in flight still counts for this run. */
  stop(): void;
  /** The highest measurement of the current run, or null before the first one answers. */
  peak(): number | null;
  /** Whether measurements work here (false after one failed: it is not tried again). */
  available(): boolean;
  /** Resolves once no measurement of the current run is in flight (at once when none is). */
  settled(): Promise<void>;
  /** Counts the runs sampled: changes at every `start()` that began a new run. */
  generation(): number;
}

/** A sampler over `options.measure`: one measurement at a time, no more often than `intervalMs`. */
export function createPeakSampler(options: PeakSamplerOptions): PeakSampler {
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as number));
  const now = options.now ?? (() => performance.now());
  let run = 0;
  let sampling = false;
  let inFlight = false;
  let timer: unknown = null;
  let peak: number | null = null;
  let broken = false;
  const whenSettled: Array<() => void> = [];
  const settle = (): void => {
    inFlight = false;
    for (const resolve of whenSettled.splice(0)) resolve();
  };

  const measureOnce = (): void => {
    timer = null;
    if (!sampling || inFlight || broken) return;
    inFlight = true;
    const forRun = run;
    const started = now();
    options.measure().then(
      (bytes) => {
        if (forRun === run && Number.isFinite(bytes) && bytes >= 0) {
          peak = Math.max(peak ?? 0, bytes);
        }
        settle();
        if (sampling)
          timer = setTimer(measureOnce, Math.max(0, started + options.intervalMs - now()));
      },
      (err: unknown) => {
        broken = true;
        settle();
        console.warn('web trainer: the page cannot measure its memory; no peak is shown.', err);
      },
    );
  };

  return {
    start() {
      if (sampling || broken) return;
      sampling = true;
      run += 1;
      peak = null;
      // NOTE: a measurement of the previous run still in flight answers into nothing (run moved
      // on); the next one starts once it settles.
      if (!inFlight) measureOnce();
    },
    stop() {
      sampling = false;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
    peak: () => peak,
    available: () => !broken,
    generation: () => run,
    settled: () =>
      inFlight ? new Promise<void>((resolve) => whenSettled.push(resolve)) : Promise.resolve(),
  };
}

/** The page's measurement where the browser offers it (a cross-origin-isolated window), else null. */
export function pageMemoryMeasure(): (() => Promise<number>) | null {
  const perf = performance as {
    measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
  };
  const measure = perf.measureUserAgentSpecificMemory;
  if (typeof measure !== 'function') return null;
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) return null;
  return () => measure.call(performance).then((result) => result.bytes);
}
