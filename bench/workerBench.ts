/** The app bench's side inside a trainer host (the browser edition's Web Worker): answers a `bench-workload` message by timing one of W1–W4 on the kernels that host trains with. */
import { z } from 'zod';
import { getBackend } from '../core/kernels/backend.ts';
import { backendThreads, type WasmBackend } from '../core/kernels/wasm/index.ts';
import { type TimingHost, timeWorkload, type WorkloadTiming } from './timing.ts';
import { WORKLOAD_NAMES } from './workloads.ts';

/** The message type a trainer host hands to {@link answerBenchRequest} instead of its endpoint. */
export const BENCH_REQUEST_TYPE = 'bench-workload';

const benchRequestSchema = z
  .object({
    type: z.literal(BENCH_REQUEST_TYPE),
    id: z.number().int().nonnegative(),
    workload: z.enum(WORKLOAD_NAMES),
    steps: z.number().int().min(1).max(10_000),
    warmup: z.number().int().min(0).max(1_000),
  })
  .strict();
export type BenchRequest = z.infer<typeof benchRequestSchema>;

/** One workload timed in the host, with the kernels it ran on. */
export interface HostWorkloadTiming extends WorkloadTiming {
  backend: string;
  threads: number;
  /** 'relaxed-simd' or 'simd'; null on the TypeScript kernels. */
  variant: string | null;
  /** Whether the page was cross-origin isolated (shared memory for the helper thread). */
  crossOriginIsolated: boolean;
}

/** What the host posts back: the timing, or the error that stopped it. */
export type BenchReply =
  | { type: 'bench-workload-result'; id: number; result: HostWorkloadTiming }
  | { type: 'bench-workload-error'; id: number | null; message: string };

// NOTE: Chromium exposes gc() to workers under --js-flags=--expose-gc and the non-standard
// performance.memory; without them the heap is reported as unknown.
const scope = globalThis as {
  gc?: () => void;
  crossOriginIsolated?: boolean;
  performance: { memory?: { usedJSHeapSize?: number } };
};
const WORKER_HOST: TimingHost = {
  collectGarbage: () => scope.gc?.(),
  heapUsedBytes: () =>
    scope.gc === undefined ? null : (scope.performance.memory?.usedJSHeapSize ?? null),
};

/** Waits (at most 10 s) until the kernels' helper thread is ready, as the CLI bench does. */
async function waitForHelper(): Promise<void> {
  const deadline = Date.now() + 10_000;
  const backend = getBackend();
  if (!('kernels' in backend) || !(backend as WasmBackend).kernels.hasHelper) return;
  while (backendThreads(backend) < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Validates `raw` as a bench request, times the workload on the installed backend and posts the
 * result; any failure is posted as a `bench-workload-error`. Never throws.
 */
export async function answerBenchRequest(
  raw: unknown,
  post: (reply: BenchReply) => void,
): Promise<void> {
  const parsed = benchRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    post({
      type: 'bench-workload-error',
      id: typeof id === 'number' ? id : null,
      message: `Bench request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`,
    });
    return;
  }
  const request = parsed.data;
  try {
    await waitForHelper();
    const timing = timeWorkload(request.workload, request, WORKER_HOST);
    const backend = getBackend();
    post({
      type: 'bench-workload-result',
      id: request.id,
      result: {
        ...timing,
        backend: backend.name,
        threads: backendThreads(backend),
        variant: 'kernels' in backend ? (backend as WasmBackend).kernels.variant : null,
        crossOriginIsolated: scope.crossOriginIsolated === true,
      },
    });
  } catch (err) {
    post({ type: 'bench-workload-error', id: request.id, message: String(err) });
  }
}
