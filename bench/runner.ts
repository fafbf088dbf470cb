/** Times the W1–W4 workloads on the installed backend (median/min/max after warm-up, peak RSS, heap before/after) and sets them beside PyTorch's figures. */
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { getBackend } from '../core/kernels/backend.ts';
import type { WasmBackend, WasmVariant } from '../core/kernels/wasm/index.ts';
import { type TimingHost, timeWorkload } from './timing.ts';
import { runTorchBench, type Stats, type TorchOutcome } from './torchRunner.ts';
import type { WorkloadName } from './workloads.ts';

export interface BenchOptions {
  workloads: readonly WorkloadName[];
  /** Timed steps per workload (≥ 20 for reported figures). */
  steps: number;
  /** Untimed steps first (JIT, workspace growth). */
  warmup: number;
  /** Also run bench/torch_bench.py when /usr/bin/python3 has torch. */
  torch: boolean;
  /** Called with a short line as each phase starts (progress for the text output). */
  onProgress?: (line: string) => void;
}

/** One workload's figures; the JSON output prints this object. */
export interface WorkloadResult {
  workload: WorkloadName;
  backend: string;
  /** Threads the backend ran large gemms on (the wasm backend with a helper thread: 2). */
  threads: number;
  /** The wasm build that ran ('relaxed-simd': fused multiply-add), or null on the js backend. */
  variant: WasmVariant | null;
  description: string;
  steps: number;
  msPerStep: Stats;
  /** Process CPU ms per timed step, all threads (less sensitive to a busy machine than wall time on one thread). */
  cpuMsPerStep: Stats | null;
  /** Loss at the first warm-up step and after the last timed step (it should go down). */
  loss: { first: number; last: number };
  inference: { what: string; ms: Stats; torchMs: number | null; ratio: number | null } | null;
  /** W4: beam search (size 4) beside PyTorch's batched beam search; null for the others. */
  beam: { what: string; ms: Stats; torchMs: number | null; ratio: number | null } | null;
  /** The process's peak resident set so far (workloads run in order, so it only grows). */
  peakRssMB: number;
  /** JS heap in use after a full GC, after warm-up and after the timed steps (flat = no growth). */
  heapUsedMB: { afterWarmup: number; afterSteps: number };
  torchMsPerStep: number | null;
  /** PyTorch's fastest step: on a busy machine min against min is the fairer comparison. */
  torchMinMsPerStep: number | null;
  /** msPerStep.median / torchMsPerStep (1 = as fast as PyTorch). */
  ratio: number | null;
}

/** Where the run happened: CPU, core count and the load average around it. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  /** 1-minute load average at the start and at the end of the run. */
  loadAverage: { start: number; end: number };
  /** Set when the machine was busy: threaded BLAS (PyTorch) suffers far more than one wasm thread. */
  warning: string | null;
}

export interface BenchReport {
  results: WorkloadResult[];
  machine: MachineInfo;
  /** Why the PyTorch figures are missing, or the BLAS warning that makes them unfair; null if fine. */
  torchNote: string | null;
  torch: TorchOutcome | null;
}

/** A full garbage collection (V8's gc, exposed on demand), so heap figures compare like with like. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
}

const mb = (bytes: number | null) => Math.round(((bytes ?? 0) / 2 ** 20) * 10) / 10;

const NODE_HOST: TimingHost = {
  collectGarbage,
  heapUsedBytes: () => process.memoryUsage().heapUsed,
  cpuMicros: () => {
    const c = process.cpuUsage();
    return c.user + c.system;
  },
};

function backendThreads(): number {
  const backend = getBackend();
  return 'kernels' in backend ? (backend as WasmBackend).kernels.threads : 1;
}

/** The wasm build that ran ('relaxed-simd' or 'simd'), or null on the TypeScript backend. */
export function backendVariant(): WasmVariant | null {
  const backend = getBackend();
  return 'kernels' in backend ? (backend as WasmBackend).kernels.variant : null;
}

function runOne(name: WorkloadName, options: BenchOptions): WorkloadResult {
  options.onProgress?.(`${name}: ${options.warmup} warm-up + ${options.steps} timed steps`);
  const t = timeWorkload(name, options, NODE_HOST);
  return {
    workload: name,
    backend: getBackend().name,
    threads: backendThreads(),
    variant: backendVariant(),
    description: t.description,
    steps: t.steps,
    msPerStep: t.msPerStep,
    cpuMsPerStep: t.cpuMsPerStep,
    loss: t.loss,
    inference: t.inference === null ? null : { ...t.inference, torchMs: null, ratio: null },
    beam: t.beam === null ? null : { ...t.beam, torchMs: null, ratio: null },
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapUsedMB: {
      afterWarmup: mb(t.heapUsedBytes.afterWarmup),
      afterSteps: mb(t.heapUsedBytes.afterSteps),
    },
    torchMsPerStep: null,
    torchMinMsPerStep: null,
    ratio: null,
  };
}

/** Runs the workloads in order, then PyTorch's (so the two never compete for the cores). */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const loadStart = loadavg()[0] as number;
  const results = options.workloads.map((name) => runOne(name, options));
  const torch = options.torch ? await torchFigures(results, options) : null;
  const cores = cpus().length;
  const loadEnd = loadavg()[0] as number;
  const busy = Math.max(loadStart, loadEnd) > cores - 0.5;
  const machine: MachineInfo = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores,
    loadAverage: { start: loadStart, end: loadEnd },
    warning: busy
      ? `the machine was busy (load average ${loadStart.toFixed(1)} → ${loadEnd.toFixed(1)} on ${cores} cores): figures, PyTorch's above all, are not reliable`
      : null,
  };
  if (torch === null) {
    return { results, machine, torchNote: 'PyTorch not run (--no-torch)', torch: null };
  }
  if (!torch.ok) return { results, machine, torchNote: `PyTorch not run: ${torch.reason}`, torch };
  return { results, machine, torchNote: torch.report.blas.warning ?? null, torch };
}

/** Runs PyTorch on the same workloads and fills in the torch figures and ratios. */
async function torchFigures(
  results: WorkloadResult[],
  options: BenchOptions,
): Promise<TorchOutcome> {
  options.onProgress?.('PyTorch: bench/torch_bench.py, 2 threads');
  const torch = await runTorchBench(options.workloads, {
    steps: options.steps,
    warmup: Math.max(options.warmup, 3),
  });
  if (!torch.ok) return torch;
  for (const r of results) {
    const t = torch.report.workloads.find((x) => x.workload === r.workload);
    if (t === undefined) continue;
    r.torchMsPerStep = t.train.median;
    r.torchMinMsPerStep = t.train.min;
    r.ratio = r.msPerStep.median / t.train.median;
    if (r.inference !== null && t.inference !== null) {
      r.inference.torchMs = t.inference.median;
      r.inference.ratio = r.inference.ms.median / t.inference.median;
    }
    if (r.beam !== null && (t.beam ?? null) !== null) {
      const torchBeam = t.beam as Stats;
      r.beam.torchMs = torchBeam.median;
      r.beam.ratio = r.beam.ms.median / torchBeam.median;
    }
  }
  return torch;
}

const fmt = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));

/** The text table of a bench run: one line per workload, then inference, then notes. */
export function formatBenchTable(report: BenchReport): string {
  const lines = [
    `${'workload'.padEnd(9)}${'backend'.padEnd(8)}${'median'.padStart(9)}${'min'.padStart(9)}${'max'.padStart(9)}${'torch'.padStart(9)}${'ratio'.padStart(8)}${'RSS MB'.padStart(8)}${'heap MB (warm→end)'.padStart(20)}`,
  ];
  for (const r of report.results) {
    const s = r.msPerStep;
    lines.push(
      `${r.workload.padEnd(9)}${`${r.backend}${r.threads > 1 ? `×${r.threads}` : ''}`.padEnd(8)}${fmt(s.median).padStart(9)}${fmt(s.min).padStart(9)}${fmt(s.max).padStart(9)}${fmt(r.torchMsPerStep).padStart(9)}${fmt(r.ratio, 2).padStart(8)}${String(r.peakRssMB).padStart(8)}${`${r.heapUsedMB.afterWarmup} → ${r.heapUsedMB.afterSteps}`.padStart(20)}`,
    );
  }
  lines.push('(ms per training step: forward + loss + backward + Adam)');
  const cpu = report.results.filter((r) => r.cpuMsPerStep !== null);
  if (cpu.length > 0) {
    const each = cpu.map((r) => {
      const c = r.cpuMsPerStep as Stats;
      return `${r.workload} median ${fmt(c.median)}, min ${fmt(c.min)}`;
    });
    lines.push(`Process CPU ms per step (all threads): ${each.join('; ')}`);
  }
  const variants = [...new Set(report.results.map((r) => r.variant ?? 'none (js backend)'))];
  lines.push(`WebAssembly build: ${variants.join(', ')}`);
  for (const r of report.results) {
    for (const i of [r.inference, r.beam]) {
      if (i === null) continue;
      lines.push(
        `${r.workload} inference (${i.what}): median ${fmt(i.ms.median)} ms, min ${fmt(i.ms.min)}, max ${fmt(i.ms.max)}; torch ${fmt(i.torchMs)} ms; ratio ${fmt(i.ratio, 2)}`,
      );
    }
  }
  if (report.torch?.ok) {
    const t = report.torch.report;
    lines.push(
      `PyTorch ${t.torch}, ${t.threads} threads, BLAS: ${t.blas.kind} (${t.blas.libraries.join(', ') || 'none mapped'})`,
    );
  }
  const m = report.machine;
  lines.push(
    `Machine: ${m.cpu}, ${m.cores} cores, load average ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)}`,
  );
  if (m.warning !== null) lines.push(`WARNING: ${m.warning}`);
  if (report.torchNote !== null) lines.push(`NOTE: ${report.torchNote}`);
  return `${lines.join('\n')}\n`;
}
