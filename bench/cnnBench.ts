/** Times resnet18 forward + backward (training mode) on the installed backend in images per second, beside torchvision's on the same machine. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getBackend } from '../core/kernels/backend.ts';
import { ResNet18 } from '../core/nn/resnet.ts';
import { Random } from '../core/random.ts';
import { backward } from '../core/tensor/autograd.ts';
import { Tensor } from '../core/tensor/tensor.ts';
import { PYTHON, type Stats } from './torchRunner.ts';

const TORCH_CNN_SCRIPT = fileURLToPath(new URL('./torch_cnn_bench.py', import.meta.url));

export interface CnnBenchOptions {
  batch: number;
  /** Images are size × size. */
  size: number;
  steps: number;
  warmup: number;
  torch: boolean;
}

/** One backend's (or torch's) figures. */
export interface CnnTiming {
  what: string;
  ms: Stats;
  imagesPerSecond: number;
}

export interface CnnBenchResult {
  batch: number;
  size: number;
  steps: number;
  ours: CnnTiming;
  /** torchvision's, or why it did not run. */
  torch: CnnTiming | { reason: string };
}

function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

function timing(what: string, ms: Stats, batch: number): CnnTiming {
  return { what, ms, imagesPerSecond: batch / (ms.median / 1000) };
}

function timeOurs(o: CnnBenchOptions): CnnTiming {
  const random = new Random(0);
  const model = new ResNet18({ random });
  const x = new Tensor(random.fillUniform(new Float32Array(o.batch * 3 * o.size * o.size), -1, 1), [
    o.batch,
    3,
    o.size,
    o.size,
  ]);
  const times: number[] = [];
  for (let step = 0; step < o.warmup + o.steps; step++) {
    model.zeroGrad();
    const start = performance.now();
    backward(model.forward(x).sum());
    if (step >= o.warmup) times.push(performance.now() - start);
  }
  return timing(`rnn-studio ${getBackend().name}`, stats(times), o.batch);
}

function timeTorch(o: CnnBenchOptions): Promise<CnnTiming | { reason: string }> {
  if (!existsSync(PYTHON)) return Promise.resolve({ reason: `${PYTHON} does not exist` });
  const args = [TORCH_CNN_SCRIPT, '--batch', `${o.batch}`, '--size', `${o.size}`];
  args.push('--steps', `${o.steps}`, '--warmup', `${o.warmup}`);
  return new Promise((resolve) => {
    execFile(PYTHON, args, (error, stdout, stderr) => {
      if (error !== null) {
        resolve({
          reason: `torch_cnn_bench.py failed: ${stderr.trim().split('\n').at(-1) ?? error.message}`,
        });
        return;
      }
      try {
        const report = JSON.parse(stdout) as { torch: string; threads: number; ms: Stats };
        resolve(timing(`torch ${report.torch} (${report.threads} threads)`, report.ms, o.batch));
      } catch (e) {
        resolve({ reason: `torch_cnn_bench.py printed no JSON: ${(e as Error).message}` });
      }
    });
  });
}

/** Times our resnet18 step, then (unless told not to) torchvision's. */
export async function runCnnBench(o: CnnBenchOptions): Promise<CnnBenchResult> {
  const ours = timeOurs(o);
  const torch = o.torch ? await timeTorch(o) : { reason: 'not run (--no-torch)' };
  return { batch: o.batch, size: o.size, steps: o.steps, ours, torch };
}

/** A small table: ms per step and images per second, ours and torch's. */
export function formatCnnTable(r: CnnBenchResult): string {
  const lines = [
    `resnet18 forward + backward (training mode), batch ${r.batch} × 3 × ${r.size} × ${r.size}, median of ${r.steps} steps`,
  ];
  for (const t of [r.ours, r.torch]) {
    if ('reason' in t) lines.push(`  torch: ${t.reason}`);
    else {
      lines.push(
        `  ${t.what.padEnd(32)} ${t.ms.median.toFixed(0).padStart(7)} ms/step (min ${t.ms.min.toFixed(0)}, max ${t.ms.max.toFixed(0)})  ${t.imagesPerSecond.toFixed(1).padStart(7)} images/s`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
