/** GFLOP/s of each backend's gemm on the matrix shapes the benchmark workloads W1–W4 run. */
import type { Backend, GemmOptions } from '../core/kernels/backend.ts';
import type { WasmKernels } from '../core/kernels/wasm/index.ts';
import { Random } from '../core/random.ts';

/** What timing a gemm needs of a backend. */
type GemmRunner = Pick<Backend, 'name' | 'gemm'>;

/** One gemm shape, named after where a workload runs it. */
export interface GemmShape {
  /** What it is, e.g. 'W1 recurrent h·W_hhᵀ'. */
  label: string;
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  /** Adds a fused bias (forward projections). */
  bias: boolean;
}

function shape(label: string, dims: [number, number, number], flags: string): GemmShape {
  const [m, n, k] = dims;
  return {
    label,
    m,
    n,
    k,
    transA: flags.includes('A'),
    transB: flags.includes('B'),
    bias: flags.includes('b'),
  };
}

/**
 * The shapes of W1 (RNN 4→256, seq 100, batch 30), W3 (bi-LSTM 100→128, batch 32, seq 40) and
 * W4 (GRU 256, batch 64, seq 20, vocab 3000), forward and backward. Flags: A = transA, B = transB
 * (weights [out, in]), b = fused bias.
 */
export const GEMM_SHAPES: readonly GemmShape[] = [
  shape('W1 input projection X·W_ihᵀ [3000,4]·[256,4]ᵀ', [3000, 256, 4], 'Bb'),
  shape('W1 recurrent step h·W_hhᵀ [30,256]·[256,256]ᵀ', [30, 256, 256], 'Bb'),
  shape('W1 backward dh·W_hh [30,256]·[256,256]', [30, 256, 256], ''),
  shape('W1 backward dW_hh = dZᵀ·H [3000,256]ᵀ·[3000,256]', [256, 256, 3000], 'A'),
  shape('W1 backward dW_ih = dZᵀ·X [3000,256]ᵀ·[3000,4]', [256, 4, 3000], 'A'),
  shape('W3 recurrent step h·W_hhᵀ [32,128]·[512,128]ᵀ', [32, 512, 128], 'Bb'),
  shape('W4 recurrent step h·W_hhᵀ [64,256]·[768,256]ᵀ', [64, 768, 256], 'Bb'),
  shape('W4 output head [1280,256]·[3000,256]ᵀ', [1280, 3000, 256], 'Bb'),
  shape('W4 head backward dX = dY·W [1280,3000]·[3000,256]', [1280, 256, 3000], ''),
  shape('W4 head backward dW = dYᵀ·X [1280,3000]ᵀ·[1280,256]', [3000, 256, 1280], 'A'),
];

/** One measured shape on one backend. */
export interface GemmResult {
  label: string;
  backend: string;
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  /** Median milliseconds per call. */
  msPerCall: number;
  /** 2·m·n·k / median time. */
  gflops: number;
  /**
   * 2·m·n·k / median process CPU time per call (all threads), or null without a CPU clock: on a
   * shared machine this moves far less than the wall figure (time spent waiting for a core is
   * not counted), and on two threads it is the rate per thread.
   */
  cpuGflops: number | null;
}

export interface GemmBenchOptions {
  /** Time budget per shape and backend (after one warm-up call); at least 3 calls run. */
  msPerShape?: number;
  /** Restrict to shapes whose label contains this text (e.g. 'W1'). */
  filter?: string;
  /**
   * Also time these kernels with every operand resident in wasm memory and op(B) prepacked
   * (backend 'wasm-resident'): the figure the arena design reaches, without copies or packing B.
   */
  resident?: WasmKernels;
  /** The process's CPU time in microseconds (user + system, all threads), for cpuGflops. */
  cpuMicros?: () => number;
}

/** A Backend-shaped runner over resident copies of one shape's operands (freed by dispose). */
function residentRunner(
  kernels: WasmKernels,
  op: GemmOptions,
): { backend: GemmRunner; dispose(): void } {
  const put = (x: Float32Array) => {
    const buffer = kernels.alloc(x.length);
    buffer.view().set(x);
    return buffer;
  };
  const a = put(op.a);
  const c = put(op.c);
  const bias = op.bias === undefined ? undefined : put(op.bias);
  const packedB = kernels.packB(op.b, { n: op.n, k: op.k, transB: op.transB ?? false });
  const run = { ...op, a, c, packedB, ...(bias === undefined ? {} : { bias }) };
  return {
    backend: { name: 'wasm', gemm: () => kernels.gemm(run) },
    dispose: () => {
      for (const buffer of [a, c, packedB.buffer, ...(bias === undefined ? [] : [bias])]) {
        kernels.free(buffer);
      }
    },
  };
}

function median(times: number[]): number {
  times.sort((x, y) => x - y);
  return times[times.length >> 1] as number;
}

/** Median wall and CPU milliseconds per call (cpu null without a clock), after one warm-up call. */
function timeMedian(
  backend: GemmRunner,
  op: GemmOptions,
  budget: number,
  cpuMicros?: () => number,
): { ms: number; cpuMs: number | null } {
  backend.gemm(op);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const start = performance.now();
  while (times.length < 3 || performance.now() - start < budget) {
    const c0 = cpuMicros?.() ?? 0;
    const t0 = performance.now();
    backend.gemm(op);
    times.push(performance.now() - t0);
    if (cpuMicros !== undefined) cpuTimes.push((cpuMicros() - c0) / 1000);
  }
  return { ms: median(times), cpuMs: cpuMicros === undefined ? null : median(cpuTimes) };
}

/** Times every shape on every backend; the same random operands go to each backend. */
export function runGemmBench(
  backends: readonly Backend[],
  options: GemmBenchOptions = {},
): GemmResult[] {
  const budget = options.msPerShape ?? 300;
  const rng = new Random(7);
  const fill = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  const results: GemmResult[] = [];
  for (const s of GEMM_SHAPES) {
    if (options.filter !== undefined && !s.label.includes(options.filter)) continue;
    const op: GemmOptions = {
      m: s.m,
      n: s.n,
      k: s.k,
      a: fill(s.m * s.k),
      b: fill(s.k * s.n),
      c: new Float32Array(s.m * s.n),
      transA: s.transA,
      transB: s.transB,
      ...(s.bias ? { bias: fill(s.n) } : {}),
    };
    const { label, m, n, k, transA, transB } = s;
    const flops = 2 * m * n * k;
    const record = (backend: string, t: { ms: number; cpuMs: number | null }) =>
      results.push({
        label,
        backend,
        m,
        n,
        k,
        transA,
        transB,
        msPerCall: t.ms,
        gflops: flops / (t.ms * 1e6),
        // NOTE: a call shorter than the CPU clock's tick can read 0; no rate then.
        cpuGflops: t.cpuMs === null || t.cpuMs <= 0 ? null : flops / (t.cpuMs * 1e6),
      });
    const time = (runner: GemmRunner) => timeMedian(runner, op, budget, options.cpuMicros);
    for (const backend of backends) record(backend.name, time(backend));
    if (options.resident !== undefined) {
      const runner = residentRunner(options.resident, op);
      record('wasm-resident', time(runner.backend));
      runner.dispose();
    }
  }
  return results;
}

/** A plain-text table of gemm results, one line per shape and backend. */
export function formatGemmTable(results: readonly GemmResult[]): string {
  const lines = [
    `${'shape'.padEnd(58)}${'backend'.padEnd(15)}${'ms/call'.padStart(10)}${'GFLOP/s'.padStart(10)}${'per CPU s'.padStart(11)}`,
  ];
  for (const r of results) {
    const cpu = r.cpuGflops === null ? '—' : r.cpuGflops.toFixed(2);
    lines.push(
      `${r.label.padEnd(58)}${r.backend.padEnd(15)}${r.msPerCall.toFixed(3).padStart(10)}${r.gflops.toFixed(2).padStart(10)}${cpu.padStart(11)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
