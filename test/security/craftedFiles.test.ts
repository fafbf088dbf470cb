/** The crafted-file corpus (makeCorpus.ts) through the CLI and the trainer's load path: each file is refused with one line naming it, never hangs, and its process peaks under 300 MB; export never writes outside its folder. */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorpusCase, makeCorpus } from './makeCorpus.ts';

const root = join(import.meta.dirname, '..', '..');
const probeScript = join(import.meta.dirname, 'probe.ts');
const work = mkdtempSync(join(tmpdir(), 'rnn-security-'));
const corpus = join(work, 'corpus');
let cases: CorpusCase[] = [];

/** The most memory one refusal may take: the whole process's peak resident set. */
const RSS_LIMIT = 300 * 10 ** 6;
/** A guard only: a refusal takes seconds; a hang would take forever. */
const HANG_GUARD_MS = 120_000;
/** Each test runs up to three probes, on a machine other suites may be loading. */
const TEST_TIMEOUT_MS = 3 * HANG_GUARD_MS + 30_000;

interface ProbeResult {
  status: number | null;
  stdout: string;
  stderr: string;
  maxRssBytes: number;
  timedOut: boolean;
}

function probe(args: string[]): Promise<ProbeResult> {
  const report = join(work, `report-${Math.random().toString(16).slice(2)}.json`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', probeScript, ...args], {
      cwd: root,
      env: { ...process.env, RNN_STUDIO_PROBE_REPORT: report },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, HANG_GUARD_MS);
    child.on('exit', (status) => {
      clearTimeout(timer);
      const measured = existsSync(report)
        ? (JSON.parse(readFileSync(report, 'utf8')) as { maxRssBytes: number }).maxRssBytes
        : Number.NaN;
      resolve({ status, stdout, stderr, maxRssBytes: measured, timedOut });
    });
  });
}

/** Exit 1, one line on stderr naming the problem, no stack trace, in time and under the memory limit. */
function expectRefused(result: ProbeResult, refusal: string, file: string): void {
  expect(result.timedOut).toBe(false);
  expect(result.stderr).toContain(refusal);
  expect(result.stderr).toContain(file);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.status).toBe(1);
  expect(result.maxRssBytes).toBeLessThan(RSS_LIMIT);
}

const byKind = (kind: CorpusCase['kind']) => () => cases.filter((c) => c.kind === kind);

beforeAll(async () => {
  cases = await makeCorpus(corpus);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('crafted model bundles', () => {
  it(
    'the valid bundle beside them is read (the probe can succeed)',
    async () => {
      const result = await probe(['trainer-predict', join(corpus, 'valid.rnnmodel')]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it.concurrent.each([
    'traversal-vocab.rnnmodel',
    'traversal-entry.rnnmodel',
    'bomb-one-entry.rnnmodel',
    'bomb-lying-size.rnnmodel',
    'bomb-shared-data.rnnmodel',
    'oversized-spec.rnnmodel',
    'nan-weights.rnnmodel',
    'constructor-dtype.rnnmodel',
    'vocabularies-5.rnnmodel',
    'deep-config.rnnmodel',
  ])(
    '%s is refused by predict, export and the trainer',
    async (name) => {
      const c = byKind('bundle')().find((x) => x.name === name) as CorpusCase;
      const file = join(corpus, name);
      const out = join(work, `export-${name}`);
      const runs = [
        await probe(['cli', 'predict', '--model', file, '--text', 'a good film']),
        await probe(['cli', 'export', '--model', file, '--format', 'pytorch', '--out', out]),
        await probe(['trainer-predict', file]),
      ];
      for (const result of runs) expectRefused(result, c.refusal, name);
      expect(existsSync(out)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it('covers every bundle of the corpus', () => {
    expect(byKind('bundle')()).toHaveLength(10);
  });
});

describe('crafted checkpoints', () => {
  it.concurrent.each([
    'oversized-spec.ckpt',
    'nan-weights.ckpt',
    'bomb-one-entry.ckpt',
    'bomb-shared-data.ckpt',
  ])(
    '%s is refused by train --resume and the trainer',
    async (name) => {
      const c = byKind('checkpoint')().find((x) => x.name === name) as CorpusCase;
      const out = join(work, `resume-${name}`, 'model.rnnmodel');
      mkdirSync(`${out}.ckpt`, { recursive: true });
      copyFileSync(join(corpus, name), join(`${out}.ckpt`, 'last.ckpt'));
      const data = join(corpus, 'data.csv');
      const cli = await probe(['cli', 'train', '--data', data, '--out', out, '--resume']);
      expectRefused(cli, c.refusal, join(`${out}.ckpt`, 'last.ckpt'));
      const trainer = await probe([
        'trainer-resume',
        join(corpus, name),
        data,
        join(corpus, 'valid.rnnmodel'),
      ]);
      expectRefused(trainer, c.refusal, 'Checkpoint');
      expect(existsSync(out)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('crafted data files', () => {
  it.concurrent.each(['deep.jsonl', 'fifo.csv', 'folder.csv'])(
    '%s is refused by inspect and train at once',
    async (name) => {
      const c = byKind('data')().find((x) => x.name === name) as CorpusCase;
      const file = join(corpus, name);
      const out = join(work, `data-${name}.rnnmodel`);
      expectRefused(await probe(['cli', 'inspect', file]), c.refusal, name);
      expectRefused(await probe(['cli', 'train', '--data', file, '--out', out]), c.refusal, name);
      expect(existsSync(out)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('train --out', () => {
  it(
    'refuses a folder or a read-only place before training starts',
    async () => {
      const data = join(corpus, 'data.csv');
      const folder = join(work, 'out-folder');
      mkdirSync(folder);
      const intoFolder = await probe([
        'cli',
        'train',
        '--data',
        data,
        '--out',
        folder,
        '--epochs',
        '50',
      ]);
      expectRefused(
        intoFolder,
        `Option '--out' must be the model's file name, got the folder '${folder}'; add a name such as '${join(folder, 'model.rnnmodel')}'.`,
        folder,
      );
      // /sys refuses new files even to root (permission bits would not, under root).
      const readOnly = await probe([
        'cli',
        'train',
        '--data',
        data,
        '--out',
        '/sys/model.rnnmodel',
        '--epochs',
        '50',
      ]);
      expectRefused(
        readOnly,
        "cannot write the model to '/sys/model.rnnmodel': permission denied; choose a folder you can write to with --out.",
        '/sys/model.rnnmodel',
      );
      for (const result of [intoFolder, readOnly]) expect(result.stdout).not.toContain('epoch');
    },
    TEST_TIMEOUT_MS,
  );
});

/** Every file under `dir` (links as their target text), except the folders named in `skip`. */
function snapshot(dir: string, skip: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string, rel: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      const key = join(rel, entry.name);
      if (skip.includes(key)) continue;
      if (entry.isDirectory()) walk(path, key);
      else files.set(key, entry.isSymbolicLink() ? `link` : readFileSync(path).toString('base64'));
    }
  };
  walk(dir, '');
  return files;
}

describe('export writes only inside --out', () => {
  it(
    "leaves the folder's parent unchanged byte for byte, for a good model, a crafted one and --force over links",
    async () => {
      const parent = join(work, 'project');
      mkdirSync(parent);
      writeFileSync(join(parent, 'package.json'), '{"name":"neighbour","scripts":{}}\n');
      writeFileSync(join(parent, 'notes.txt'), 'keep me\n');
      const before = snapshot(parent, []);

      const good = join(parent, 'export');
      const ok = await probe([
        'cli',
        'export',
        '--model',
        join(corpus, 'valid.rnnmodel'),
        '--format',
        'pytorch',
        '--out',
        good,
      ]);
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      expect(readdirSync(good)).toContain('vocab.json');
      expect(snapshot(parent, ['export'])).toEqual(before);

      // Refused: nothing is created, next to it or anywhere in the parent.
      const crafted = await probe([
        'cli',
        'export',
        '--model',
        join(corpus, 'traversal-vocab.rnnmodel'),
        '--format',
        'pytorch',
        '--out',
        join(parent, 'evil'),
      ]);
      expect(crafted.status).toBe(1);
      expect(snapshot(parent, ['export'])).toEqual(before);

      // A non-empty folder is refused without --force; with --force, links planted in it are
      // replaced, never written through to the files they point at.
      const again = await probe([
        'cli',
        'export',
        '--model',
        join(corpus, 'valid.rnnmodel'),
        '--format',
        'pytorch',
        '--out',
        good,
      ]);
      expectRefused(again, 'is not empty', good);
      rmSync(join(good, 'config.json'));
      rmSync(join(good, 'vocab.json'));
      symlinkSync(join(parent, 'package.json'), join(good, 'config.json'));
      symlinkSync(join(parent, 'notes.txt'), join(good, 'vocab.json'));
      const forced = await probe([
        'cli',
        'export',
        '--model',
        join(corpus, 'valid.rnnmodel'),
        '--format',
        'pytorch',
        '--out',
        good,
        '--force',
      ]);
      expect(forced.stderr).toBe('');
      expect(forced.status).toBe(0);
      expect(snapshot(parent, ['export'])).toEqual(before);
      expect(JSON.parse(readFileSync(join(good, 'config.json'), 'utf8'))).toMatchObject({
        task: 'classify',
      });
    },
    TEST_TIMEOUT_MS,
  );
});
