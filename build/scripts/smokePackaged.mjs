// Runs the packaged app's self-test (`--smoke`) on this OS and fails unless it exits 0 with `"ok": true`; used by .github/workflows/installers.yml, runnable by hand.
//
// Usage: node build/scripts/smokePackaged.mjs [release/<version>]   (after electron-builder)
// Finds the unpacked app electron-builder left beside the installers (linux-unpacked/,
// mac-arm64/ or mac/, win-unpacked/), starts it with `--smoke --smoke-out=<tmp>/smoke-result.json`
// (under `xvfb-run -a` on Linux when there is no DISPLAY), waits at most 5 minutes, then checks
// the exit status and the result file `{ ok, steps, loss, error? }`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT_MS = 300_000;

/** The packaged executable under `releaseDir` for `platform` and `arch`, or null when absent. */
export function packagedExecutable(releaseDir, platform, arch) {
  const candidates = {
    linux: [['linux-unpacked', 'rnn-studio']],
    darwin: [
      [arch === 'arm64' ? 'mac-arm64' : 'mac', 'RNN Studio.app', 'Contents', 'MacOS', 'RNN Studio'],
    ],
    win32: [[arch === 'arm64' ? 'win-arm64-unpacked' : 'win-unpacked', 'rnn-studio.exe']],
  }[platform];
  for (const parts of candidates ?? []) {
    const path = join(releaseDir, ...parts);
    if (existsSync(path)) return path;
  }
  return null;
}

/**
 * Why a smoke run failed, or null when it passed: the exit status must be 0 and the result
 * file's JSON must hold `"ok": true` with numeric `steps` (at least 1) and `loss`.
 */
export function smokeFailure(status, resultText) {
  if (resultText === null) return `the app wrote no result file (exit status ${status}).`;
  let result;
  try {
    result = JSON.parse(resultText);
  } catch {
    return `the result file is not JSON: '${resultText.slice(0, 200)}'.`;
  }
  if (result === null || typeof result !== 'object' || result.ok !== true) {
    const why = typeof result?.error === 'string' ? ` (${result.error})` : '';
    return `the result must say "ok": true, got ${JSON.stringify(result?.ok)}${why}.`;
  }
  if (!Number.isInteger(result.steps) || result.steps < 1 || typeof result.loss !== 'number') {
    return `the result must report steps ≥ 1 and a numeric loss, got ${resultText.trim()}.`;
  }
  if (status !== 0) return `the app exited with status ${status} although the result says ok.`;
  return null;
}

/** The release folder electron-builder wrote for this version (release/<version>). */
function defaultReleaseDir() {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return join(root, 'release', version);
}

function main() {
  const releaseDir = process.argv[2] ?? defaultReleaseDir();
  const exe = packagedExecutable(releaseDir, process.platform, process.arch);
  if (exe === null) {
    console.error(
      `smoke: no unpacked app for ${process.platform}-${process.arch} in ${releaseDir}; run electron-builder first.`,
    );
    process.exit(1);
  }
  const outPath = join(mkdtempSync(join(tmpdir(), 'rnn-studio-smoke-')), 'smoke-result.json');
  const args = ['--smoke', `--smoke-out=${outPath}`];
  const headless = process.platform === 'linux' && !process.env.DISPLAY;
  const [cmd, argv] = headless ? ['xvfb-run', ['-a', exe, ...args]] : [exe, args];
  console.log(`smoke: ${[cmd, ...argv].join(' ')}`);
  const run = spawnSync(cmd, argv, { stdio: 'inherit', timeout: TIMEOUT_MS });
  if (run.error !== undefined) {
    const timedOut = run.error.code === 'ETIMEDOUT';
    console.error(
      timedOut
        ? `smoke: the app did not exit within ${TIMEOUT_MS / 60_000} minutes.`
        : `smoke: could not run the app: ${run.error.message}`,
    );
    process.exit(1);
  }
  const text = existsSync(outPath) ? readFileSync(outPath, 'utf8') : null;
  if (text !== null) console.log(`smoke: ${text.trim()}`);
  const failure = smokeFailure(run.status ?? `signal ${run.signal}`, text);
  if (failure !== null) {
    console.error(`smoke: failed: ${failure}`);
    process.exit(1);
  }
  console.log('smoke: passed');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
