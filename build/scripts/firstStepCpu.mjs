// Compares builds' CPU time to the first training step (issue 18): for each file, runs each fixed
// build (`node build/scripts/buildCli.mjs --out-dir DIR`) under `nice`, stopped at its first
// progress line by stopAtFirstStep.mjs, alternating the builds, beside one plain streaming parse of
// the same file in its own process (the CPU of the parse alone, as benchScale.mjs parses).
// Run: node build/scripts/firstStepCpu.mjs --files DIR --sizes 50,200 --tasks classify,forecast
//        --builds before=/tmp/cli-main,after=/tmp/cli-mine [--rounds 2]
//      (the files are benchScale.mjs's `--files DIR` ones: classify-50.csv, forecast-200.csv, …)

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const filesDir = option('files', null);
if (filesDir === null) throw new Error('firstStepCpu: --files must name the folder of the files.');
const sizes = option('sizes', '50').split(',');
const tasks = option('tasks', 'classify,forecast').split(',');
const rounds = Number(option('rounds', '2'));
const builds = option('builds', '')
  .split(',')
  .filter((b) => b !== '')
  .map((b) => {
    const [name, dir] = b.split('=');
    return { name, dir };
  });

/** benchScale.mjs's options for each task's run. */
const ARGS = {
  classify: ['--text-col', 'review', '--label-col', 'rating', '--embedding-dim', '32'],
  forecast: [
    ...['--target-col', 'load', '--feature-cols', 'temperature,humidity,wind'],
    ...['--date-col', 'timestamp', '--window', '48', '--horizon', '1'],
  ],
  tag: ['--embedding-dim', '32'],
};

/** Runs a command under `nice`; resolves with its stderr. */
async function run(args) {
  const child = spawn('nice', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  await once(child, 'exit');
  return stderr;
}

async function firstStep(dir, task, path) {
  const stderr = await run([
    process.execPath,
    '--import',
    join(root, 'build', 'scripts', 'stopAtFirstStep.mjs'),
    join(dir, 'rnn-studio.js'),
    ...['train', '--task', task, '--data', path, '--out', join(filesDir, `${task}.rnnmodel`)],
    ...['--epochs', '1', '--batch-size', '64', '--hidden', '64', '--json', ...ARGS[task]],
  ]);
  const m = /CPU ([\d.]+) s\), RSS (\d+) MiB(?:; main thread ([\d.]+) s)?/.exec(stderr);
  if (m === null) throw new Error(`firstStepCpu: no first step in ${dir}: ${stderr.slice(-400)}`);
  return { cpu: Number(m[1]), rss: Number(m[2]), main: m[3] === undefined ? null : Number(m[3]) };
}

async function plainParse(task, path) {
  const stderr = await run([
    process.execPath,
    '--import',
    'tsx',
    join(root, 'build', 'scripts', 'plainParseCpu.mjs'),
    task,
    path,
  ]);
  const m = /CPU ([\d.]+) s/.exec(stderr);
  if (m === null) throw new Error(`firstStepCpu: plain parse failed: ${stderr.slice(-400)}`);
  return Number(m[1]);
}

for (const task of tasks) {
  for (const size of sizes) {
    const path = join(filesDir, `${task}-${size}.${task === 'tag' ? 'conll' : 'csv'}`);
    for (let r = 0; r < rounds; r++) {
      const load = loadavg()[0].toFixed(1);
      const parse = await plainParse(task, path);
      const cells = [];
      for (const b of r % 2 === 0 ? builds : [...builds].reverse()) {
        const s = await firstStep(b.dir, task, path);
        const main = s.main === null ? '' : `, main thread ${s.main.toFixed(2)} s`;
        cells.push(
          `${b.name} ${s.cpu.toFixed(2)} s (${(s.cpu / parse).toFixed(1)}×, ${s.rss} MiB${main})`,
        );
      }
      console.log(
        `${task} ${size} MiB, load ${load}: parse ${parse.toFixed(2)} s; ${cells.join('; ')}`,
      );
    }
  }
}
