// Scale benchmark (issue 18): generates classify, forecast and tag files of the asked sizes in a
// temp folder, trains each from the CLI (`rnn-studio train --json` under /usr/bin/time) and
// reports time to the first training step, peak RSS, steps per second and the time of the final
// evaluation, beside one plain streaming parse of the same file measured in the same run.
// Run: node --import tsx build/scripts/benchScale.mjs [--sizes 50,200,1000] [--tasks classify,forecast,tag]
//      [--max-minutes 1] [--write] [--files DIR]   (--write puts the table into docs/benchmarks.md
//      between the bench:scale:run markers, leaving the hand-written tables and notes around them
//      alone; --files DIR writes the files there, reuses ones already there and keeps them, so
//      builds can be compared back to back on the same file and profiled with stopAtFirstStep.mjs;
//      --cli DIR runs the CLI built there by `node build/scripts/buildCli.mjs --out-dir DIR`
//      instead of bin/rnn-studio.js, so a build stays fixed while the sources change)

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { plainParse } from './plainParse.mjs';
import { generateScaleFile } from './scaleShapes.mjs';

const root = join(import.meta.dirname, '..', '..');
const MB = 1024 * 1024;

const USAGE = `Usage: node --import tsx build/scripts/benchScale.mjs [--sizes 50,200,1000]
  [--tasks classify,forecast,tag] [--max-minutes 1] [--write] [--files DIR] [--cli DIR]
Writes files of each size (MiB) and task, trains each from the CLI and prints a row per file;
the defaults run every size of every task (over an hour, with 1 GB files).`;
const VALUED = ['sizes', 'tasks', 'max-minutes', 'files', 'cli'];

// NOTE: the defaults start a long run with gigabyte files, so a mistyped or unknown flag stops here.
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (arg === '--help' || arg === '-h') {
    console.log(USAGE);
    process.exit(0);
  }
  if (VALUED.includes(arg.slice(2)) && arg.startsWith('--')) i++;
  else if (arg !== '--write') {
    console.error(`benchScale: '${arg}' is not an option this script takes.\n${USAGE}`);
    process.exit(2);
  }
}

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const sizes = option('sizes', '50,200,1000').split(',').map(Number);
const tasks = option('tasks', 'classify,forecast,tag').split(',');
const maxMinutes = Number(option('max-minutes', '1'));
const filesDir = option('files', null);
const cliEntry = option('cli', null);

/** The file extension and the CLI options of each task's run (the rows come from scaleShapes.mjs). */
const RUNS = {
  classify: {
    ext: 'csv',
    args: [
      '--text-col',
      'review',
      '--label-col',
      'rating',
      '--embedding-dim',
      '32',
      '--hidden',
      '64',
    ],
  },
  forecast: {
    ext: 'csv',
    args: [
      '--target-col',
      'load',
      '--feature-cols',
      'temperature,humidity,wind',
      '--date-col',
      'timestamp',
      '--window',
      '48',
      '--horizon',
      '1',
      '--hidden',
      '64',
    ],
  },
  tag: { ext: 'conll', args: ['--embedding-dim', '32', '--hidden', '64'] },
};

/** One plain streaming parse (plainParse.mjs), timed by the wall clock. */
async function timedPlainParse(path, task) {
  const start = performance.now();
  const records = await plainParse(path, task);
  return { seconds: (performance.now() - start) / 1000, records };
}

/** Trains from the CLI; returns times from the JSON events and the peak RSS /usr/bin/time saw. */
async function train(path, task, dir) {
  const out = join(dir, `${task}.rnnmodel`);
  const args = [
    '-f',
    'peak-rss-kb %M',
    process.execPath,
    cliEntry === null ? join(root, 'bin', 'rnn-studio.js') : join(cliEntry, 'rnn-studio.js'),
    'train',
    '--task',
    task,
    '--data',
    path,
    '--out',
    out,
    '--epochs',
    '1',
    '--batch-size',
    '64',
    '--max-minutes',
    String(maxMinutes),
    '--json',
    ...RUNS[task].args,
  ];
  const start = performance.now();
  const child = spawn('/usr/bin/time', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let firstStep = null;
  let firstAt = null;
  let lastStep = 0;
  let lastAt = null;
  let result = null;
  let stderr = '';
  let buffered = '';
  child.stdout.on('data', (data) => {
    buffered += data;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) {
      const now = (performance.now() - start) / 1000;
      const event = JSON.parse(line);
      if (event.type === 'training-progress') {
        if (firstAt === null) [firstAt, firstStep] = [now, event.step];
        [lastAt, lastStep] = [now, event.step];
      } else if (event.type === 'result' || event.type === 'error') result = event;
    }
  });
  child.stderr.on('data', (data) => {
    stderr += data;
  });
  const [code] = await once(child, 'exit');
  const total = (performance.now() - start) / 1000;
  const peak = Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1] ?? Number.NaN) * 1024;
  const modelBytes = code === 0 ? statSync(out).size : 0;
  rmSync(out, { force: true });
  rmSync(`${out}.ckpt`, { recursive: true, force: true });
  return {
    code,
    error: code === 0 ? null : (result?.message ?? stderr.trim().split('\n').slice(-3).join(' ')),
    firstStep: firstAt,
    stepsPerSecond:
      lastAt !== null && lastAt > firstAt
        ? (lastStep - firstStep) / (lastAt - firstAt)
        : Number.NaN,
    steps: lastStep,
    evaluation: lastAt === null ? Number.NaN : total - lastAt,
    total,
    peak,
    modelBytes,
    metrics: result?.metrics ?? null,
  };
}

const fmt = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '–');
const rows = [];
const dir = mkdtempSync(join(tmpdir(), 'rnn-bench-scale-'));
if (filesDir !== null) mkdirSync(filesDir, { recursive: true });
try {
  for (const task of tasks) {
    for (const size of sizes) {
      const path = join(filesDir ?? dir, `${task}-${size}.${RUNS[task].ext}`);
      const generated = existsSync(path) ? null : await generateScaleFile(path, task, size * MB);
      const fileBytes = statSync(path).size;
      const load = loadavg()[0];
      const parse = await timedPlainParse(path, task);
      const run = await train(path, task, dir);
      if (filesDir === null) rmSync(path, { force: true });
      // NOTE: the model's share of the bound: weights, gradients and Adam's two moments (4 × the
      // float32 weights the bundle holds), as describeModel counts them.
      const bound = 3 * fileBytes + 4 * run.modelBytes;
      const row = { task, size, fileBytes, generated, load, parse, run, bound };
      rows.push(row);
      console.log(
        JSON.stringify({
          task,
          sizeMB: size,
          fileMB: fileBytes / MB,
          load,
          parseSeconds: parse.seconds,
          ...run,
          boundMB: bound / MB,
        }),
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const table = [
  '| task | file | plain parse | first step | ratio | steps/s | final evaluation | peak RSS | 3 × file + model | load (1 min) | outcome |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    ({ task, fileBytes, parse, run, bound, load }) =>
      `| ${task} | ${fmt(fileBytes / MB, 0)} MiB | ${fmt(parse.seconds)} s | ${fmt(run.firstStep)} s | ${fmt(run.firstStep / parse.seconds)}× | ${fmt(run.stepsPerSecond)} | ${fmt(run.evaluation)} s | ${fmt(run.peak / MB, 0)} MiB | ${fmt(bound / MB, 0)} MiB | ${fmt(load, 2)} | ${
        run.code === 0
          ? `${run.steps} steps; ${Object.entries(run.metrics ?? {})
              .slice(0, 3)
              .map(([k, v]) => `${k} ${fmt(v, 3)}`)
              .join(', ')}`
          : `failed: ${run.error}`
      } |`,
  ),
  '',
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${fmt(totalmem() / 1024 ** 3, 0)} GiB, Node ${process.version}; --max-minutes ${maxMinutes}; measured ${new Date().toISOString().slice(0, 16)}Z.`,
].join('\n');
console.log(`\n${table}`);
if (process.argv.includes('--write')) {
  const docPath = join(root, 'docs', 'benchmarks.md');
  const doc = readFileSync(docPath, 'utf8');
  const startMark = '<!-- bench:scale:run:start -->';
  const endMark = '<!-- bench:scale:run:end -->';
  const a = doc.indexOf(startMark);
  const b = doc.indexOf(endMark);
  if (a === -1 || b === -1) throw new Error(`${docPath} has no ${startMark} … ${endMark} section`);
  writeFileSync(docPath, `${doc.slice(0, a + startMark.length)}\n${table}\n${doc.slice(b)}`);
  console.log(`wrote ${docPath}`);
}
