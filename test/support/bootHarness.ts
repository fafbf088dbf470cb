/** Runs a built app (`out/`) against the fake `electron` in a Node child process and judges the boot: secure window, preload, IPC guard on every channel, trainer fork path, training, clean quit. */
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build } from 'rolldown';
import { INVOKE_CHANNELS } from '../../electron/common/ipc/channels.ts';
import type { BootReport } from './electronFake/bootChild.ts';

const root = resolve(import.meta.dirname, '../..');
/** Every temporary folder the harness made, removed by {@link removeTemporaries}. */
const temporaries: string[] = [];

function temporary(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaries.push(dir);
  return dir;
}

/** Removes the builds, fakes and app data folders the harness made. */
export function removeTemporaries(): void {
  for (const dir of temporaries.splice(0)) rmSync(dir, { recursive: true, force: true });
}
const fakeDir = join(root, 'test/support/electronFake');

/**
 * Builds the fake `electron` and the harness child to plain ES modules in a temporary folder, so
 * the child runs the app's bundle in plain Node with no TypeScript loader touching it.
 */
export async function buildFake(): Promise<string> {
  const dir = temporary('rnn-boot-fake-');
  await build({
    input: {
      electron: join(fakeDir, 'electron.ts'),
      bootChild: join(fakeDir, 'bootChild.ts'),
      register: join(fakeDir, 'register.ts'),
    },
    platform: 'node',
    external: [/^node:/, 'electron'],
    logLevel: 'silent',
    output: { dir, format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name].mjs' },
  });
  for (const file of ['hooks.mjs', 'utilityChild.mjs', 'electron-cjs.cjs'])
    copyFileSync(join(fakeDir, file), join(dir, file));
  return dir;
}

/**
 * Builds the app with electron-vite into a fresh temporary folder (the repository's out/ is left
 * alone, so a running `npm start` is not disturbed) and returns that folder.
 */
export function buildApp(): string {
  const outDir = join(temporary('rnn-boot-'), 'out');
  const built = spawnSync(
    join(root, 'node_modules/.bin/electron-vite'),
    ['build', '--outDir', outDir, '--logLevel', 'warn'],
    { cwd: root, encoding: 'utf8' },
  );
  if (built.status !== 0 || !existsSync(join(outDir, 'main/main.js'))) {
    throw new Error(`boot harness: electron-vite build failed:\n${built.stdout}\n${built.stderr}`);
  }
  return outDir;
}

/** Copies a build (`out/`) to a new temporary folder, so a variant can be made of it. */
export function copyBuild(outDir: string): string {
  const copy = join(temporary('rnn-boot-'), 'out');
  cpSync(outDir, copy, { recursive: true });
  return copy;
}

/** One boot of a build, as the harness saw it. */
export interface BootRun {
  outDir: string;
  userData: string;
  exitCode: number | null;
  report: BootReport | null;
  /** The smoke result file, when `--smoke` wrote one. */
  smoke: { ok: boolean; steps: number; loss: number; error?: string } | null;
  /** The projects saved under userData/autosave when the app ended. */
  autosaved: string[];
  output: string;
}

/** Boots `<outDir>/main/main.js` with `args` (e.g. `--smoke`) and waits for it to exit. */
export function runBoot(options: {
  fakeDir: string;
  outDir: string;
  args: readonly string[];
  timeoutMs: number;
}): Promise<BootRun> {
  const { outDir, args, timeoutMs } = options;
  const work = temporary('rnn-boot-run-');
  const userData = join(work, 'userData');
  const traceOut = join(work, 'trace.json');
  const smokeOut = join(work, 'smoke.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FAKE_ELECTRON_USER_DATA: userData,
    BOOT_MAIN: join(outDir, 'main/main.js'),
    BOOT_TRACE: traceOut,
  };
  // NOTE: the app runs with its shipped defaults (WebAssembly kernels), not the test's backend.
  delete env.RNN_STUDIO_BACKEND;
  const child = spawn(
    process.execPath,
    [
      '--import',
      join(options.fakeDir, 'register.mjs'),
      join(options.fakeDir, 'bootChild.mjs'),
      ...args.map((arg) => (arg === '--smoke-out' ? `--smoke-out=${smokeOut}` : arg)),
    ],
    { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((done) => {
    const timer = setTimeout(() => {
      output += `\nboot harness: no exit within ${timeoutMs} ms; killed.`;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const read = <T>(path: string): T | null =>
        existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
      const autosaveDir = join(userData, 'autosave');
      done({
        outDir,
        userData,
        exitCode: code,
        report: read<BootReport>(traceOut),
        smoke: read(smokeOut),
        autosaved: existsSync(autosaveDir)
          ? readdirSync(autosaveDir).map((f) => readFileSync(join(autosaveDir, f), 'utf8'))
          : [],
        output,
      });
    });
  });
}

const inside = (dir: string, path: string): boolean => {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && existsSync(path);
};

/**
 * What is wrong with a boot, one line each; empty when the app became ready, opened a secure
 * window with a preload from the build, registered every channel behind the guard, forked the
 * trainer from the build, trained, saved the project and exited 0 with no process left.
 */
export function bootProblems(run: BootRun, options: { smoke: boolean }): string[] {
  const problems: string[] = [];
  const report = run.report;
  if (report === null) return [`no report: the app died before exiting (code ${run.exitCode})`];
  const { trace } = report;
  problems.push(...report.errors);
  if (!trace.lifecycle.includes('ready')) problems.push('the app never became ready');
  if (run.exitCode !== 0) problems.push(`exit code must be 0, got ${run.exitCode}`);
  if (!trace.lifecycle.includes('will-quit'))
    problems.push('the app did not quit through will-quit');
  if (trace.aliveAtExit.length > 0) problems.push(`processes left running: ${trace.aliveAtExit}`);
  const window = trace.windows[0];
  if (window === undefined) return [...problems, 'no window was created'];
  const prefs = window.webPreferences;
  for (const [key, want] of [
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
  ] as const) {
    if (prefs[key] !== want)
      problems.push(`webPreferences.${key} must be ${want}, got ${prefs[key]}`);
  }
  if (typeof prefs.preload !== 'string' || !inside(run.outDir, prefs.preload)) {
    problems.push(`the preload must exist in the build, got '${String(prefs.preload)}'`);
  }
  problems.push(...window.preloadErrors.map((e) => `preload failed: ${e}`));
  if (!window.loads.some((l) => l.ok))
    problems.push(`no page loaded: ${JSON.stringify(window.loads)}`);
  for (const channel of Object.values(INVOKE_CHANNELS)) {
    if (!trace.handled.includes(channel)) problems.push(`channel '${channel}' is not registered`);
    const probe = report.probes.find((p) => p.channel === channel);
    if (probe === undefined) problems.push(`channel '${channel}' was not probed`);
    else if (probe.foreign !== 'SenderError' || probe.malformed !== 'PayloadError') {
      problems.push(
        `channel '${channel}' must refuse a foreign frame and a malformed payload, got ${probe.foreign} and ${probe.malformed}`,
      );
    }
  }
  if (trace.forks.length === 0) problems.push('the trainer was never forked');
  for (const fork of trace.forks) {
    if (!inside(run.outDir, fork.modulePath)) {
      problems.push(`the trainer was forked from '${fork.modulePath}', which is not in the build`);
    }
  }
  const hello = report.hello as { host?: string } | null;
  if (hello?.host !== 'electron-utility') {
    problems.push(
      `window.studio.hello() must answer from the utility process, got ${JSON.stringify(hello)}`,
    );
  }
  const logFile = join(run.userData, 'logs/main.log');
  if (!existsSync(logFile) || !readFileSync(logFile, 'utf8').includes('[trainer pid=')) {
    problems.push(`the log file '${logFile}' must hold main's and the trainer's lines`);
  }
  if (options.smoke) problems.push(...smokeProblems(run), ...indicatorProblems(report, window));
  else problems.push(...interactionProblems(run, report));
  return problems;
}

/** The session the harness drives (no --smoke): language, renderer crash, Show Logs, chunks, opened files. */
function interactionProblems(run: BootRun, report: BootReport): string[] {
  const problems: string[] = [];
  const { trace } = report;
  const menu = trace.menus.at(-1)?.labels ?? [];
  if (!menu.includes('파일(&F)')) {
    problems.push(`the menu must follow the UI language to Korean, got [${menu.join(', ')}]`);
  }
  const quitBox = trace.dialogs.find((d) =>
    String(d.options.message).includes('저장하지 않았습니다'),
  );
  if (!(quitBox?.options.buttons as string[] | undefined)?.includes('저장하지 않고 종료')) {
    problems.push(
      `quitting an unsaved project must ask in Korean, got ${JSON.stringify(trace.dialogs)}`,
    );
  }
  const again = report.helloAfterReload as { host?: string } | null;
  if (again?.host !== 'electron-utility') {
    problems.push(
      `window.studio.hello() after a renderer crash and Reload must answer from the utility process, got ${JSON.stringify(again)}`,
    );
  }
  if (!trace.dialogs.some((d) => String(d.options.message).includes('(crashed)'))) {
    problems.push('a dead renderer must be reported in a message box offering Reload');
  }
  if (
    JSON.stringify([...report.openedFiles].sort()) !== JSON.stringify(['dock.tsv', 'sales.csv'])
  ) {
    problems.push(
      `files opened with the app must reach the page as dock.tsv and sales.csv only, got [${report.openedFiles}]`,
    );
  }
  problems.push(...report.chunkErrors.map((e) => `a chunk of out/main failed to load: ${e}`));
  if (report.updater !== 'ready') problems.push(`electron-updater as bundled: ${report.updater}`);
  const logsDir = join(run.userData, 'logs');
  if (!trace.opened.some((o) => o.kind === 'path' && o.target === logsDir)) {
    problems.push(`Help › Show Logs must open '${logsDir}', got ${JSON.stringify(trace.opened)}`);
  }
  return problems;
}

/** While the smoke run trained: progress bar, power-save blocker, a notification (window unfocused). */
function indicatorProblems(report: BootReport, window: BootReport['trace']['windows'][number]) {
  const problems: string[] = [];
  if (window.progress.length === 0 || window.progress.at(-1) !== -1) {
    problems.push(
      `the progress bar must show while training and be removed after, got [${window.progress}]`,
    );
  }
  const blockers = report.trace.powerSaveBlockers;
  if (
    blockers.length === 0 ||
    blockers.some((b) => !b.stopped || b.type !== 'prevent-app-suspension')
  ) {
    problems.push(
      `a prevent-app-suspension blocker must be held while training, got ${JSON.stringify(blockers)}`,
    );
  }
  const shown = report.trace.notifications.filter((n) => n.shown).map((n) => n.title);
  if (!shown.some((title) => title === 'Training finished' || title === '학습 완료')) {
    problems.push(`the end of the run must be notified, got [${shown}]`);
  }
  return problems;
}

function smokeProblems(run: BootRun): string[] {
  const smoke = run.smoke;
  if (smoke === null) return ['--smoke wrote no result'];
  const problems: string[] = [];
  if (!smoke.ok) problems.push(`smoke failed: ${smoke.error}`);
  if (!(smoke.steps >= 1 && Number.isFinite(smoke.loss))) {
    problems.push(`smoke must train ≥ 1 step to a finite loss, got ${JSON.stringify(smoke)}`);
  }
  if (!run.autosaved.some((text) => text.includes('"seattle-weather.csv"'))) {
    problems.push('quitting did not save the project with its run');
  }
  return problems;
}
