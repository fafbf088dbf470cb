// Runs the whole end-to-end suite on a fresh clone while two CPU hogs keep the machine busy, to prove the suite asserts behaviour, not speed.
//
// Usage: node build/scripts/e2eUnderLoad.mjs [--keep]
// Clones this repository's HEAD (committed work only) into a temporary folder with a `shared`
// link beside it (the tests read ../shared/data), runs `npm ci` there (its `prepare` builds what
// the app needs), then starts two busy-looping Node processes and runs
// `vitest run --config vitest.e2e.config.ts` in the clone. The hogs are stopped when the suite
// ends, fails or this script is interrupted, and each hog also quits on its own if this script
// disappears. Exits with the suite's status; --keep leaves the clone for inspection.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const keep = process.argv.includes('--keep');
/** A hog gives up after this long even if nobody stops it (the suite takes far less). */
const HOG_MAX_MS = 3 * 60 * 60 * 1000;

// NOTE: the hog spins in 100 ms slices and checks between them that this script is alive, so a
// killed runner never leaves a core spinning.
const HOG_SOURCE = `
const { readFileSync } = require('node:fs');
const parent = ${process.pid};
/** Alive and not a zombie waiting to be reaped (Linux's /proc; elsewhere signal 0 alone). */
function alive(pid) {
  try { process.kill(pid, 0); } catch { return false; }
  try { return !/^\\d+ \\(.*\\) Z/.test(readFileSync('/proc/' + pid + '/stat', 'utf8')); } catch { return true; }
}
const until = Date.now() + ${HOG_MAX_MS};
let x = 0;
for (;;) {
  const slice = Date.now() + 100;
  while (Date.now() < slice) x = (x * 1103515245 + 12345) % 2147483648;
  if (!alive(parent)) process.exit(0);
  if (Date.now() > until) process.exit(0);
}`;

function run(cmd, args, cwd) {
  console.log(`\n▶ ${cmd} ${args.join(' ')}  (in ${cwd})`);
  const result = spawnSync(cmd, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: 'true' },
  });
  if (result.status !== 0) {
    throw new Error(
      `e2eUnderLoad: '${cmd} ${args.join(' ')}' must succeed, got status ${result.status}.`,
    );
  }
}

function machine() {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

/** Starts the hogs; returns a function that stops them (safe to call twice). */
function startHogs(count) {
  const hogs = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', HOG_SOURCE], { stdio: 'ignore' }),
  );
  console.log(`hogs: ${count} busy loops, pids ${hogs.map((h) => h.pid).join(', ')}`);
  return () => {
    for (const hog of hogs)
      if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL');
  };
}

/** Runs the suite in `cwd` under load; resolves with its exit status. */
function suiteUnderLoad(cwd) {
  const stopHogs = startHogs(2);
  const stopOnSignal = (signal) => {
    stopHogs();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  process.once('exit', stopHogs);
  const sampler = setInterval(() => console.log(`[load average ${load()}]`), 60_000);
  const vitest = join(cwd, 'node_modules', '.bin', 'vitest');
  console.log(`\n▶ vitest run --config vitest.e2e.config.ts  (in ${cwd}, load average ${load()})`);
  return new Promise((resolve) => {
    const child = spawn(vitest, ['run', '--config', 'vitest.e2e.config.ts'], {
      cwd,
      stdio: 'inherit',
      env: { ...process.env, CI: 'true' },
    });
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      console.log(`load average at the end: ${load()}`);
      stopHogs();
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'rnn-studio-e2e-load-'));
const clone = join(work, 'rnn-studio');
let status = 1;
try {
  console.log(`machine: ${machine()}; load average before: ${load()}`);
  run('git', ['clone', '--quiet', root, clone], work);
  const shared = join(root, '..', 'shared');
  if (!existsSync(shared)) {
    throw new Error(`e2eUnderLoad: ${shared} must exist (the tests read ../shared/data).`);
  }
  symlinkSync(realpathSync(shared), join(work, 'shared'));
  run('npm', ['ci', '--no-audit', '--no-fund'], clone);
  const started = Date.now();
  status = await suiteUnderLoad(clone);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(
    `\ne2eUnderLoad: the suite ${status === 0 ? 'passed' : 'FAILED'} in ${minutes} min under 2 CPU hogs (${machine()}).`,
  );
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
} finally {
  if (keep) console.log(`clone kept: ${clone}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(status);
