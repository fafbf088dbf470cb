/** Shared pieces of the PyTorch export tests: whether torch is there, writing an export folder, running Python, and comparing arrays. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPytorch } from '../../core/io/export/pytorch.ts';
import type { PreparedTask } from '../../core/tasks/task.ts';
import { bundleFromTask } from '../../core/train/modelBundle.ts';

/** The Python the tests run (Debian's python3-torch). */
export const PYTHON = '/usr/bin/python3';

/** Repository root and the shared real datasets. */
export const repoRoot = join(import.meta.dirname, '..', '..');
export const sharedData = join(repoRoot, '..', 'shared', 'data');

/** True when /usr/bin/python3 can import torch; otherwise logs why the suite is skipped. */
export function torchAvailable(suite: string): boolean {
  const ok =
    existsSync(PYTHON) &&
    spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
  if (!ok) console.log(`${suite}: skipped — ${PYTHON} cannot import torch.`);
  return ok;
}

const tempDirs: string[] = [];

/** A fresh temporary folder, removed by {@link removeTempDirs}. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-export-'));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder {@link tempDir} made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Exports a prepared task's current weights into a fresh temporary folder and returns its path. */
export function exportToTemp(task: PreparedTask): string {
  const dir = tempDir();
  const bundle = bundleFromTask(task, { history: [], metrics: {} });
  for (const file of exportPytorch(bundle)) writeFileSync(join(dir, file.name), file.content);
  return dir;
}

/**
 * Runs a Python script with a JSON request on stdin and parses its JSON stdout.
 * @throws Error with Python's stderr when it exits non-zero.
 */
export function runPythonJson<T>(script: string, args: string[], request: unknown): T {
  const r = spawnSync(PYTHON, [script, ...args], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Largest |a − b| over two equally long flat arrays (Infinity when the lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

/** Writes a text file into a folder (test inputs for predict.py / train.py) and returns its path. */
export function writeText(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
