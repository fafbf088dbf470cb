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
  createReadStream,
  createWriteStream,
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
import { DelimitedParser } from '../../core/data/delimited.ts';
import { LineSplitter } from '../../core/data/recordStream.ts';

const root = join(import.meta.dirname, '..', '..');
const MB = 1024 * 1024;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const sizes = option('sizes', '50,200,1000').split(',').map(Number);
const tasks = option('tasks', 'classify,forecast,tag').split(',');
const maxMinutes = Number(option('max-minutes', '1'));
const filesDir = option('files', null);
const cliEntry = option('cli', null);

/** A seeded generator (LCG), so every run writes the same files. */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

const WORDS = Array.from({ length: 6000 }, (_, i) => {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let w = '';
  for (let n = i + 7; w.length < 3 + (i % 7); n = Math.floor(n / 26) + i * 31) w += letters[n % 26];
  return w;
});

/** Product reviews: a quoted text of 8–60 Zipf-ish words (some with commas) and one of 3 labels. */
function classifyRows(rand) {
  const labels = ['negative', 'neutral', 'positive'];
  return {
    header: 'review,rating\n',
    row() {
      const label = Math.floor(rand() * 3);
      const n = 8 + Math.floor(rand() * 52);
      const words = [];
      for (let k = 0; k < n; k++) {
        const w = WORDS[Math.floor(WORDS.length * rand() ** 3)];
        words.push(k % 13 === 12 ? `${w},` : w);
      }
      if (label === 2) words.push('great');
      if (label === 0) words.push('awful');
      return `"${words.join(' ')}",${labels[label]}\n`;
    },
  };
}

/** Hourly sensor readings: timestamp, load (target), temperature, humidity, wind. */
function forecastRows(rand) {
  let t = Date.UTC(2000, 0, 1);
  let k = 0;
  return {
    header: 'timestamp,load,temperature,humidity,wind\n',
    row() {
      t += 3_600_000;
      k++;
      const day = Math.sin((2 * Math.PI * k) / 24);
      const year = Math.sin((2 * Math.PI * k) / 8766);
      const temp = 12 + 10 * year + 4 * day + rand() * 2;
      const load = 500 + 80 * day - 3 * temp + rand() * 20;
      const ts = new Date(t).toISOString().slice(0, 19);
      return `${ts},${load.toFixed(2)},${temp.toFixed(2)},${(60 + 20 * rand()).toFixed(1)},${(rand() * 12).toFixed(1)}\n`;
    },
  };
}

/** CoNLL (token TAB tag) sentences of 5–30 tokens with IOB2 entity tags, a blank line after each. */
function tagRows(rand) {
  const types = ['PER', 'ORG', 'LOC'];
  return {
    header: '',
    row() {
      const n = 5 + Math.floor(rand() * 26);
      let out = '';
      for (let k = 0; k < n; k++) {
        const w = WORDS[Math.floor(WORDS.length * rand() ** 3)];
        const entity = rand() < 0.1;
        const type = types[Math.floor(rand() * 3)];
        out += `${entity ? w[0].toUpperCase() + w.slice(1) : w}\t${entity ? `B-${type}` : 'O'}\n`;
      }
      return `${out}\n`;
    },
  };
}

const SHAPES = {
  classify: {
    ext: 'csv',
    rows: classifyRows,
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
    rows: forecastRows,
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
  tag: { ext: 'conll', rows: tagRows, args: ['--embedding-dim', '32', '--hidden', '64'] },
};

async function generate(path, task, bytesWanted) {
  const out = createWriteStream(path);
  const shape = SHAPES[task].rows(lcg(42));
  out.write(shape.header);
  let bytes = shape.header.length;
  let rows = 0;
  while (bytes < bytesWanted) {
    let chunk = '';
    for (let i = 0; i < 2000; i++) chunk += shape.row();
    rows += 2000;
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

/** One plain streaming parse: the file decoded chunk by chunk and split into records, nothing kept. */
async function plainParse(path, task) {
  const start = performance.now();
  const decoder = new TextDecoder();
  let records = 0;
  const sink =
    task === 'tag'
      ? new LineSplitter(() => records++)
      : new DelimitedParser({
          delimiter: ',',
          quoting: 'double',
          fileName: path,
          onRecord: () => records++,
        });
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MB }))
    sink.push(decoder.decode(chunk, { stream: true }));
  sink.end();
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
    ...SHAPES[task].args,
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
      const path = join(filesDir ?? dir, `${task}-${size}.${SHAPES[task].ext}`);
      const generated = existsSync(path) ? null : await generate(path, task, size * MB);
      const fileBytes = statSync(path).size;
      const load = loadavg()[0];
      const parse = await plainParse(path, task);
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
