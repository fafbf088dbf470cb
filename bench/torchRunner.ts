/** Runs bench/torch_bench.py (PyTorch, 2 threads) under /usr/bin/python3 and returns its figures, or why it could not. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Stats } from './timing.ts';
import type { WorkloadName } from './workloads.ts';

export type { Stats } from './timing.ts';

/** What torch_bench.py prints (see its docstring). */
export interface TorchReport {
  torch: string;
  threads: number;
  blas: { kind: string; libraries: string[]; blasInfo: string; warning?: string };
  workloads: {
    workload: WorkloadName;
    train: Stats & { steps: number };
    inference: (Stats & { steps: number; what: string }) | null;
    /** W4 only: beam search of size 4, batched across beams and rows. */
    beam?: (Stats & { steps: number; what: string }) | null;
  }[];
}

export type TorchOutcome = { ok: true; report: TorchReport } | { ok: false; reason: string };

export const PYTHON = '/usr/bin/python3';
export const TORCH_SCRIPT = fileURLToPath(new URL('./torch_bench.py', import.meta.url));

/** Runs the PyTorch reference for the given workloads; never throws for a missing python or torch. */
export async function runTorchBench(
  workloads: readonly WorkloadName[],
  options: { steps: number; warmup: number },
): Promise<TorchOutcome> {
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} does not exist` };
  const args = [TORCH_SCRIPT, '--steps', String(options.steps), '--warmup', String(options.warmup)];
  for (const w of workloads) args.push('--workload', w);
  return new Promise((resolve) => {
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.on('error', (e) =>
      resolve({ ok: false, reason: `${PYTHON} could not start: ${e.message}` }),
    );
    child.on('close', (code) => {
      if (code !== 0) {
        const noTorch = err.includes("No module named 'torch'");
        const last = err.trim().split('\n').at(-1) ?? '';
        resolve({
          ok: false,
          reason: noTorch
            ? `${PYTHON} has no torch`
            : `torch_bench.py exited with ${code}: ${last}`,
        });
        return;
      }
      try {
        resolve({ ok: true, report: JSON.parse(out) as TorchReport });
      } catch (e) {
        resolve({ ok: false, reason: `torch_bench.py printed no JSON: ${(e as Error).message}` });
      }
    });
  });
}
