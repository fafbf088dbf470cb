// `npm test`: lint, type-check, WebAssembly build, unit and cross-process tests, then the Chromium
// end-to-end tests; ends with one plain line `tests: N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const reports = mkdtempSync(join(tmpdir(), 'rnn-studio-test-'));
const failures = [];
const counts = { passed: 0, failed: 0, skipped: 0 };

function step(title, cmd, args) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${title} (${seconds} s)`);
  if (!ok) failures.push(title);
  return ok;
}

function vitest(title, extraArgs) {
  const out = join(reports, `${title.replace(/\W+/g, '-')}.json`);
  step(title, bin('vitest'), [
    'run',
    ...extraArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  if (!existsSync(out)) {
    counts.failed += 1;
    return;
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  counts.passed += report.numPassedTests ?? 0;
  counts.failed += report.numFailedTests ?? 0;
  counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

const only = process.argv.slice(2);
const wants = (name) => only.length === 0 || only.includes(name);

if (wants('lint')) step('lint (biome)', bin('biome'), ['check', '.']);
// The WebAssembly build writes the generated module that type-check and tests import.
if (wants('wasm') || wants('typecheck') || wants('unit'))
  step('build WebAssembly kernels', 'npm', ['run', '-s', 'build:wasm']);
if (wants('typecheck'))
  step('type-check (core, electron, renderer, cli, test)', 'npm', ['run', '-s', 'typecheck']);
if (wants('unit')) vitest('unit and cross-process tests', []);
if (wants('e2e')) vitest('end-to-end tests in Chromium', ['--config', 'vitest.e2e.config.ts']);

rmSync(reports, { recursive: true, force: true });
console.log('');
if (failures.length > 0) console.log(`failed steps: ${failures.join('; ')}`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failures.length > 0 || counts.failed > 0 ? 1 : 0);
