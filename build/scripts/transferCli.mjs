/** What the transfer experiment scripts share: reading their options and running `rnn-studio … --json` (wasm backend) for its last JSON line, its events and its minutes. */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The value after `--name` on the command line, else `fallback`. */
export function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

/**
 * Runs `rnn-studio <args> --json`.
 * @returns the last JSON line (`last`), every JSON line (`lines`), stderr and the wall minutes
 * @throws Error with the end of stderr when the command fails
 */
export function cli(args) {
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    ['--experimental-wasm-relaxed-simd', join(root, 'bin/rnn-studio.js'), ...args, '--json'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, RNN_STUDIO_BACKEND: 'wasm' },
      maxBuffer: 1 << 28,
    },
  );
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('{'));
  const last = lines.length > 0 ? JSON.parse(lines[lines.length - 1]) : null;
  if (run.status !== 0 || last === null) {
    throw new Error(
      `rnn-studio ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`,
    );
  }
  return { last, lines, stderr: run.stderr, minutes: (Date.now() - started) / 60000 };
}

/** Epochs a training run finished (its epoch events). */
export function epochsOf(run) {
  return run.lines.filter((l) => /"type":"(training-)?epoch"/.test(l)).length;
}

/** The validation metrics of the run's best epoch (the checkpoint kept): what choices are made on. */
export function bestVal(run) {
  const best = run.lines
    .map((l) => JSON.parse(l))
    .filter((e) => e.type === 'training-epoch' && e.best === true);
  return best.length === 0 ? undefined : best[best.length - 1].val;
}

/** The run's first log line (with --init-from: what was taken from the language model). */
export function firstLog(run) {
  return run.lines.map((l) => JSON.parse(l)).find((e) => e.type === 'training-log')?.message;
}

/** The mean of numbers. */
export function mean(xs) {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Pre-trains the experiments' character language model (a GRU of 128, embedding 64, one layer) on
 * `unlabeled` into `lm` with `epochs` and a `minutes` limit, plus `extra` flags, as docs/results.md
 * shows; prints its last line.
 */
export function pretrainLm({ unlabeled, lm, lmName, tokenizer = 'char', epochs, minutes, extra }) {
  const r = cli([
    'train',
    '--task',
    'generate',
    '--data',
    unlabeled,
    '--out',
    lm,
    '--tokenizer',
    tokenizer,
    ...LM_TRUNK,
    '--epochs',
    String(epochs),
    '--max-minutes',
    String(minutes),
    '--batch-size',
    '32',
    '--lr',
    '0.003',
    '--val-split',
    '0.05',
    '--test-split',
    '0.05',
    ...extra,
  ]);
  console.log(JSON.stringify({ ...r.last, type: 'lm', lm: lmName, minutes: r.minutes }));
}

/** The trunk every model of the transfer experiments shares (the LM's). */
export const LM_TRUNK = [
  '--cell',
  'gru',
  '--hidden',
  '128',
  '--layers',
  '1',
  '--embedding-dim',
  '64',
];

/** Seeded shuffle (mulberry32), so the experiments' files are the same on every machine. */
export function shuffled(items, seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
