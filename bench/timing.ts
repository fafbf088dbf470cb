/** Times one workload's training steps and inference in any JavaScript runtime (Node, a Web Worker): the measuring loop the CLI bench and the app bench share. */
import { createWorkload, type WorkloadName } from './workloads.ts';

/** Median / min / max milliseconds over the timed steps. */
export interface Stats {
  median: number;
  min: number;
  max: number;
}

/** What the host gives the loop: a full garbage collection and the JS heap in use, where it has them. */
export interface TimingHost {
  /** A full garbage collection before each heap reading (a no-op where none is exposed). */
  collectGarbage(): void;
  /** Bytes of JS heap in use, or null when the runtime cannot tell. */
  heapUsedBytes(): number | null;
  /** CPU time this process has used, all threads, in microseconds (Node: process.cpuUsage), where the runtime tells. */
  cpuMicros?(): number;
}

/** One workload's timings, host-independent (the CLI adds RSS and PyTorch, the app its host). */
export interface WorkloadTiming {
  workload: WorkloadName;
  description: string;
  steps: number;
  msPerStep: Stats;
  /** Process CPU milliseconds per timed step (all threads), or null where the host has no CPU clock. */
  cpuMsPerStep: Stats | null;
  /** Loss at the first warm-up step and after the last timed step (it should go down). */
  loss: { first: number; last: number };
  inference: { what: string; ms: Stats } | null;
  /** W4: beam search (size 4), timed like the inference; null for the others. */
  beam: { what: string; ms: Stats } | null;
  /** JS heap in use after a full GC, after warm-up and after the timed steps (null: unknown). */
  heapUsedBytes: { afterWarmup: number | null; afterSteps: number | null };
}

/** Median, min and max of `times`. */
export function stats(times: readonly number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

function timeRuns(
  run: () => unknown,
  steps: number,
  cpuTimes?: number[],
  host?: TimingHost,
): number[] {
  const times: number[] = [];
  const cpu = host?.cpuMicros?.bind(host);
  for (let i = 0; i < steps; i++) {
    const c0 = cpu?.() ?? 0;
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
    if (cpu !== undefined) cpuTimes?.push((cpu() - c0) / 1000);
  }
  return times;
}

/** Warm-up runs, then `steps` timed ones, of an inference figure (null stays null). */
function timeInference(
  inf: { what: string; run(): void } | null,
  options: { steps: number; warmup: number },
): WorkloadTiming['inference'] {
  if (inf === null) return null;
  for (let i = 0; i < Math.max(1, options.warmup); i++) inf.run();
  return { what: inf.what, ms: stats(timeRuns(() => inf.run(), options.steps)) };
}

/**
 * Builds workload `name` (seed 0) on the installed backend, runs `warmup` untimed steps, then
 * `steps` timed ones, then its inference as many times.
 */
export function timeWorkload(
  name: WorkloadName,
  options: { steps: number; warmup: number },
  host: TimingHost,
): WorkloadTiming {
  const w = createWorkload(name);
  let first = Number.NaN;
  for (let i = 0; i < options.warmup; i++) {
    const loss = w.trainStep();
    if (i === 0) first = loss;
  }
  host.collectGarbage();
  const afterWarmup = host.heapUsedBytes();
  let last = Number.NaN;
  const cpuTimes: number[] = [];
  const times = timeRuns(
    () => {
      last = w.trainStep();
    },
    options.steps,
    cpuTimes,
    host,
  );
  if (Number.isNaN(first)) first = last;
  host.collectGarbage();
  const afterSteps = host.heapUsedBytes();
  const inference = timeInference(w.inference, options);
  const beam = timeInference(w.beam ?? null, options);
  return {
    workload: name,
    description: w.description,
    steps: options.steps,
    msPerStep: stats(times),
    cpuMsPerStep: cpuTimes.length > 0 ? stats(cpuTimes) : null,
    loss: { first, last },
    inference,
    beam,
    heapUsedBytes: { afterWarmup, afterSteps },
  };
}
