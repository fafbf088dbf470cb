/** `rnn-studio bench --recipe <name>`: one epoch of a recipe trained by the CLI (the app's core) and by its own exported train.py under PyTorch (2 threads), same spec, data file and batch, with seconds, peak RSS and ratios. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { joinTableFiles, type Recipe } from '../core/recipes/index.ts';
import { PYTHON } from './torchRunner.ts';

/**
 * The `rnn-studio` launcher: bin/rnn-studio.js above this module, from bench/ (sources, tests) or
 * from dist/cli/ (the built CLI).
 */
function launcher(): string {
  for (const up of ['../bin/rnn-studio.js', '../../bin/rnn-studio.js']) {
    const path = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('bench --recipe: bin/rnn-studio.js must be above this module, got none.');
}
const TIME = '/usr/bin/time';

/** One side's epoch. */
export interface EpochFigures {
  /** Seconds of the epoch's training steps (from the first step's start to the last step's end). */
  stepsSeconds: number;
  /** Seconds to the end of the epoch's validation (what each side logs for epoch 1). */
  epochSeconds: number;
  steps: number;
  /** Peak resident set of the whole process (`/usr/bin/time` %M), MiB. */
  peakRssMiB: number;
}

export interface RecipeBenchReport {
  recipe: string;
  task: string;
  batchSize: number;
  dataFile: string;
  core: EpochFigures;
  torch: EpochFigures;
  /** core / torch for the steps, the epoch and the peak RSS (1 = the same). */
  ratio: { steps: number; epoch: number; rss: number };
  /** What torch loaded: version and BLAS (checked in the same interpreter). */
  torchInfo: string;
  /** The core's kernel threads (RNN_STUDIO_THREADS, else 2). */
  coreThreads: number;
  machine: { cpu: string; cores: number; loadAverage: { start: number; end: number } };
}

/** A line of a child's stdout with the time it arrived (ms, performance.now()). */
interface TimedLine {
  at: number;
  line: string;
}

interface ChildRun {
  lines: TimedLine[];
  stderr: string;
  code: number | null;
  /** performance.now() when the child was spawned. */
  started: number;
}

/** Runs `command args` with stdout lines timestamped as they arrive. */
function runTimed(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const lines: TimedLine[] = [];
    let partial = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      const at = performance.now();
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) lines.push({ at, line });
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (partial !== '') lines.push({ at: performance.now(), line: partial });
      resolve({ lines, stderr, code, started });
    });
  });
}

/** The JSON objects among a run's lines, each with its arrival time. */
function jsonLines(run: ChildRun): { at: number; obj: Record<string, unknown> }[] {
  return run.lines
    .filter((l) => l.line.startsWith('{'))
    .map((l) => ({ at: l.at, obj: JSON.parse(l.line) as Record<string, unknown> }));
}

/** The peak RSS `/usr/bin/time -f 'peak-rss-kb %M'` printed last on stderr, in MiB. */
export function peakRssFrom(stderr: string): number {
  const match = /peak-rss-kb (\d+)\s*$/.exec(stderr);
  if (match === null) throw new Error('bench --recipe: /usr/bin/time printed no peak RSS.');
  return Number(match[1]) / 1024;
}

function failed(what: string, run: ChildRun): Error {
  const tail = run.stderr.trim().split('\n').slice(-12).join('\n');
  return new Error(`bench --recipe: ${what} must exit 0, got ${run.code}:\n${tail}`);
}

/**
 * The core's epoch from `rnn-studio train --json`: the last 'training-progress' of epoch 0 (the
 * trainer always reports the last step of an epoch) and the first 'training-epoch'.
 */
export function coreEpoch(events: Record<string, unknown>[]): Omit<EpochFigures, 'peakRssMiB'> {
  const epoch = events.find((e) => e.type === 'training-epoch');
  const progress = events.filter((e) => e.type === 'training-progress' && e.epoch === 0);
  const last = progress[progress.length - 1];
  if (epoch === undefined || last === undefined || last.step !== epoch.step) {
    throw new Error('bench --recipe: the core run must report the last step of epoch 1, got none.');
  }
  return {
    stepsSeconds: last.elapsedSeconds as number,
    epochSeconds: epoch.seconds as number,
    steps: epoch.step as number,
  };
}

/**
 * train.py's epoch from its JSON lines: the seconds its last 'step' line of epoch 1 says (its own
 * clock, from right before the first step), or for a train.py whose step lines carry none, the
 * time from its 'start' line's arrival to that step line's; and its 'epoch' line's seconds.
 */
export function torchEpoch(
  lines: { at: number; obj: Record<string, unknown> }[],
): Omit<EpochFigures, 'peakRssMiB'> {
  const start = lines.find((l) => l.obj.type === 'start');
  const steps = lines.filter((l) => l.obj.type === 'step' && l.obj.epoch === 1);
  const epoch = lines.find((l) => l.obj.type === 'epoch');
  const last = steps[steps.length - 1];
  if (start === undefined || last === undefined || epoch === undefined) {
    throw new Error('bench --recipe: train.py must log start, its steps and epoch 1, got fewer.');
  }
  return {
    // NOTE: train.py's own clock, as its epoch seconds are: the lines' arrival times add the
    // pipe's delays, which under load made the steps outlast the epoch that holds them.
    stepsSeconds:
      typeof last.obj.seconds === 'number' ? last.obj.seconds : (last.at - start.at) / 1000,
    epochSeconds: epoch.obj.seconds as number,
    steps: steps.length,
  };
}

const cli = (args: string[]) => [
  '-f',
  'peak-rss-kb %M',
  process.execPath,
  '--experimental-wasm-relaxed-simd',
  launcher(),
  ...args,
];

/**
 * One epoch of recipe `name` on `dataFile` by `rnn-studio train --epochs 1` (relaxed SIMD, two
 * kernel threads) under /usr/bin/time, writing the model to `model`.
 * @throws Error when the run fails or reports no epoch.
 */
export async function trainCoreEpoch(
  name: string,
  dataFile: string,
  model: string,
): Promise<EpochFigures> {
  const args = ['train', '--recipe', name, '--data', dataFile, '--epochs', '1', '--json'];
  const run = await runTimed(TIME, cli([...args, '--out', model]));
  if (run.code !== 0) throw failed('rnn-studio train', run);
  return { ...coreEpoch(jsonLines(run).map((l) => l.obj)), peakRssMiB: peakRssFrom(run.stderr) };
}

/** torch's version and the BLAS library it maps after a matmul, from the same interpreter. */
async function torchInfo(env: NodeJS.ProcessEnv): Promise<string> {
  const code = [
    'import torch, re',
    'torch.ones(64, 64) @ torch.ones(64, 64)',
    "blas = sorted({m.group(0) for m in re.finditer(r'lib\\w*blas\\w*', open('/proc/self/maps').read())})",
    'print(f\'torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS: {", ".join(blas) or "none mapped"}\')',
  ].join('\n');
  const run = await runTimed(PYTHON, ['-c', code], env);
  if (run.code !== 0) throw failed(`${PYTHON} with torch`, run);
  // NOTE: OpenMP's default (active) wait spins between parallel regions; on a busy machine that
  // makes PyTorch's two threads many times slower, and OMP_WAIT_POLICY=passive avoids it.
  const policy = process.env.OMP_WAIT_POLICY ?? 'default (active)';
  return `${run.lines.map((l) => l.line).join(' ')}, OMP_WAIT_POLICY ${policy}`;
}

export interface RecipeBenchOptions {
  recipe: Recipe;
  /** The recipe's files, in order (several are joined into one table, as `train --recipe` does). */
  dataFiles: readonly string[];
  onProgress?: (line: string) => void;
}

/**
 * Trains one epoch of the recipe with the CLI, exports the model to PyTorch, trains one epoch
 * with the export's train.py on the same file, and compares.
 * @throws Error when a side fails or /usr/bin/python3 has no torch.
 */
export async function runRecipeBench(options: RecipeBenchOptions): Promise<RecipeBenchReport> {
  const { recipe } = options;
  for (const tool of [TIME, PYTHON]) {
    if (!existsSync(tool)) throw new Error(`bench --recipe: ${tool} must exist, got none.`);
  }
  const loadStart = loadavg()[0] as number;
  const dir = await mkdtemp(join(tmpdir(), `rnn-studio-bench-${recipe.name}-`));
  try {
    const parts = await Promise.all(options.dataFiles.map((f) => readFile(f)));
    const dataFile = join(dir, `data-${recipe.dataset.files[0] ?? 'file'}`);
    await writeFile(dataFile, joinTableFiles(parts));
    // NOTE: two threads each side unless the caller's environment says otherwise (one each is
    // the fairer comparison on a machine busier than its cores).
    const threads = process.env.OMP_NUM_THREADS || '2';
    const torchEnv = { OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads };
    const info = await torchInfo(torchEnv);
    const model = join(dir, 'model.rnnmodel');
    options.onProgress?.(`${recipe.name}: one epoch in the core (rnn-studio train)`);
    const core = await trainCoreEpoch(recipe.name, dataFile, model);
    const exported = join(dir, 'export');
    const exportRun = await runTimed(
      TIME,
      cli(['export', '--model', model, '--format', 'pytorch', '--out', exported]),
    );
    if (exportRun.code !== 0) throw failed('rnn-studio export', exportRun);
    options.onProgress?.(`${recipe.name}: one epoch in PyTorch (the export's train.py)`);
    const torchRun = await runTimed(
      TIME,
      [
        ...['-f', 'peak-rss-kb %M', PYTHON, join(exported, 'train.py')],
        ...['--data', dataFile, '--out', join(dir, 'torch-trained')],
      ],
      torchEnv,
    );
    if (torchRun.code !== 0) throw failed('train.py', torchRun);
    const torch = { ...torchEpoch(jsonLines(torchRun)), peakRssMiB: peakRssFrom(torchRun.stderr) };
    return {
      recipe: recipe.name,
      task: recipe.task,
      batchSize: recipe.spec.train.batchSize,
      dataFile: options.dataFiles.join(', '),
      core,
      torch,
      ratio: {
        steps: core.stepsSeconds / torch.stepsSeconds,
        epoch: core.epochSeconds / torch.epochSeconds,
        rss: core.peakRssMiB / torch.peakRssMiB,
      },
      torchInfo: info,
      coreThreads: process.env.RNN_STUDIO_THREADS === '1' ? 1 : 2,
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        loadAverage: { start: loadStart, end: loadavg()[0] as number },
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text report: seconds, steps and peak RSS of each side and the ratios. */
export function formatRecipeBench(r: RecipeBenchReport): string {
  const side = (name: string, f: EpochFigures) =>
    `${name.padEnd(24)}${f.stepsSeconds.toFixed(2).padStart(10)}${f.epochSeconds.toFixed(2).padStart(12)}${String(f.steps).padStart(7)}${f.peakRssMiB.toFixed(0).padStart(10)}`;
  const m = r.machine;
  return `${[
    `recipe ${r.recipe} (${r.task}), batch ${r.batchSize}, one epoch of ${r.dataFile}`,
    `${''.padEnd(24)}${'steps s'.padStart(10)}${'+ val s'.padStart(12)}${'steps'.padStart(7)}${'RSS MiB'.padStart(10)}`,
    side('core (rnn-studio train)', r.core),
    side("PyTorch (export's train.py)", r.torch),
    `${'core / PyTorch'.padEnd(24)}${r.ratio.steps.toFixed(2).padStart(10)}${r.ratio.epoch.toFixed(2).padStart(12)}${''.padStart(7)}${r.ratio.rss.toFixed(2).padStart(10)}`,
    `core: wasm, relaxed SIMD, ${r.coreThreads} kernel thread${r.coreThreads === 1 ? '' : 's'}; ${r.torchInfo}`,
    `Machine: ${m.cpu}, ${m.cores} cores, load average ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)}`,
  ].join('\n')}\n`;
}
