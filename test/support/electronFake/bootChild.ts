/** The boot harness's child process: loads the built main bundle against the fake `electron`, emits 'ready', probes every IPC channel and the preload's API once the window loaded, and writes what happened as JSON when the app exits. */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StudioApi } from '../../../electron/common/ipc/api.ts';
import { INVOKE_CHANNELS } from '../../../electron/common/ipc/channels.ts';
import { app, exitHooks, ipcMain } from './electron.ts';
import { dialogAnswers, FakeMenu } from './misc.ts';
import { fakeEvent, trace } from './state.ts';
import { FakeBrowserWindow } from './windows.ts';

/** What a request to one channel answered: from a foreign frame, and with a malformed payload. */
export interface ChannelProbe {
  channel: string;
  /** The error name answered to a frame that is not the app's page (SenderError expected). */
  foreign: string;
  /** The error name answered to the app's page sending a payload with an unknown field. */
  malformed: string;
}

/** The JSON the child writes (BOOT_TRACE) when the app exits. */
export interface BootReport {
  trace: typeof trace;
  probes: ChannelProbe[];
  /** What `window.studio.hello()` resolved with through the preload and the trainer. */
  hello: unknown;
  /** The same after the renderer crashed and the user chose Reload. */
  helloAfterReload: unknown;
  /** Chunks of out/main that failed to load (lazy ones included), with the error. */
  chunkErrors: string[];
  /** Whether electron-updater, as bundled, built its updater against Electron's API. */
  updater: string;
  /** Names of the files the OS opened with the app that reached the page, sorted. */
  openedFiles: string[];
  /** Errors the harness itself saw (import failure, uncaught errors, a probe that threw). */
  errors: string[];
}

const report: BootReport = {
  trace,
  probes: [],
  hello: null,
  helloAfterReload: null,
  chunkErrors: [],
  updater: 'not found',
  openedFiles: [],
  errors: [],
};
const mainEntry = process.env.BOOT_MAIN ?? '';
const traceOut = process.env.BOOT_TRACE ?? '';

exitHooks.push(() => writeFileSync(traceOut, JSON.stringify(report, null, 2)));
// NOTE: Electron's main process logs an uncaught error or rejection and keeps running; so does
// the harness, recording it as a failure.
process.on('uncaughtException', (err) => report.errors.push(`uncaught: ${err.stack ?? err}`));
process.on('unhandledRejection', (err) =>
  report.errors.push(`unhandled rejection: ${(err as Error)?.stack ?? String(err)}`),
);

function errorName(answer: unknown): string {
  const result = answer as { ok?: boolean; error?: { name?: string } };
  if (result?.ok === false) return result.error?.name ?? '(unnamed)';
  return result?.ok === true ? '(accepted)' : `(not an IpcResult: ${JSON.stringify(answer)})`;
}

async function until<T>(what: string, get: () => T | null | undefined): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = get();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const loadedPages = (window: FakeBrowserWindow): number =>
  window.record.loads.filter((load) => load.ok).length;

function studioOf(window: FakeBrowserWindow): StudioApi {
  const studio = window.webContents.page?.mainWorld.studio as StudioApi | undefined;
  if (studio === undefined) throw new Error('the preload exposed no window.studio');
  return studio;
}

async function hello(studio: StudioApi): Promise<unknown> {
  // NOTE: a failed hello is recorded, not fatal: the app goes on (and --smoke reports its own end).
  return studio.hello().catch((err: Error) => {
    report.errors.push(`window.studio.hello() failed: ${err.message}`);
    return null;
  });
}

async function probeChannels(window: FakeBrowserWindow): Promise<void> {
  const contents = window.webContents;
  for (const channel of Object.values(INVOKE_CHANNELS)) {
    const ask = (frameUrl: string, payload: unknown) =>
      ipcMain.invoke(channel, { frameUrl, contents }, [payload]).then(errorName, String);
    report.probes.push({
      channel,
      foreign: await ask('https://attacker.example/', {}),
      malformed: await ask(contents.getURL(), { unexpected: true }),
    });
  }
}

/**
 * Loads every chunk of out/main, the lazy ones too (a broken lazy chunk fails only when a user
 * first needs it), and asks the bundled electron-updater for its updater.
 */
async function loadChunks(): Promise<void> {
  const dir = join(dirname(mainEntry), 'chunks');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    try {
      const chunk = (await import(pathToFileURL(join(dir, file)).href)) as {
        default?: { autoUpdater?: { checkForUpdates?: unknown } };
      };
      if (chunk.default !== undefined && 'autoUpdater' in chunk.default) {
        report.updater =
          typeof chunk.default.autoUpdater?.checkForUpdates === 'function'
            ? 'ready'
            : 'no checkForUpdates';
      }
    } catch (err) {
      report.chunkErrors.push(`${file}: ${(err as Error).message}`);
    }
  }
}

/**
 * Files the OS opens with the app: a second instance's argv (a dataset, a folder named like one,
 * a file of another kind) and macOS open-file (a file dropped on the dock icon). Only the regular
 * files of supported kinds must reach the page.
 */
async function openWithApp(studio: StudioApi): Promise<string> {
  // Beside userData, in the harness's temporary folder.
  const dir = join(dirname(app.getPath('userData')), 'open-with');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'sales.csv'), 'day,units\n1,3\n');
  writeFileSync(join(dir, 'dock.tsv'), 'a\tb\n1\t2\n');
  writeFileSync(join(dir, 'notes.txt'), 'not a dataset');
  mkdirSync(join(dir, 'folder.tsv'));
  studio.desktop?.onOpenFile((file) => report.openedFiles.push(file.name));
  app.emit(
    'second-instance',
    fakeEvent(),
    ['rnn-studio', 'sales.csv', 'folder.tsv', 'notes.txt'],
    dir,
    {},
  );
  app.emit('open-file', fakeEvent(), join(dir, 'dock.tsv'));
  await until('two opened files reaching the page', () =>
    report.openedFiles.length >= 2 ? true : null,
  );
  // NOTE: a moment more, so a file that should not arrive has had its chance to.
  await new Promise((resolve) => setTimeout(resolve, 200));
  report.openedFiles.sort();
  return join(dir, 'sales.csv');
}

/** What a user does in a session: language, a renderer crash, Help › Show Logs, opening files. */
async function interact(window: FakeBrowserWindow): Promise<void> {
  // The UI switches to Korean: main must rebuild the menu in Korean.
  await studioOf(window)
    .desktop?.setLanguage('ko')
    .catch((err: Error) => {
      report.errors.push(`window.studio.desktop.setLanguage('ko') failed: ${err.message}`);
    });
  // The renderer dies; the user answers Reload; the reloaded page reaches the trainer again.
  dialogAnswers.push({ response: 0 });
  window.webContents.crashRenderer();
  await until('the page reloading', () => (loadedPages(window) >= 2 ? true : null));
  report.helloAfterReload = await hello(studioOf(window));
  // Help › Show Logs, in the Korean menu.
  const showLogs = await until('the Korean menu', () =>
    FakeMenu.current?.find(['도움말', '로그 보기']),
  );
  showLogs.click?.();
  await loadChunks();
  const sales = await openWithApp(studioOf(window));
  // A dataset in the never-saved project: quitting asks (in Korean); the user quits without saving.
  await studioOf(window)
    .desktop?.addDatasetToProject(sales)
    .catch((err: Error) => report.errors.push(`addDatasetToProject failed: ${err.message}`));
  dialogAnswers.push({ response: 1 });
}

async function main(): Promise<void> {
  const resolved = (await import('electron')) as unknown as { app: unknown };
  if (resolved.app !== app) throw new Error("'electron' did not resolve to the fake module");
  try {
    await import(pathToFileURL(mainEntry).href);
  } catch (err) {
    report.errors.push(`importing ${mainEntry} failed: ${(err as Error).stack ?? err}`);
    app.exit(1);
  }
  app.emitReady();
  const window = await until('a window loading its page', () =>
    FakeBrowserWindow.getAllWindows().find((w) => w.webContents.page !== null),
  );
  // The user switches to another app: the end of a run must come as a notification.
  window.blur();
  await probeChannels(window);
  report.hello = await hello(studioOf(window));
  // NOTE: with --smoke the app quits itself once trained, so the harness does only what surely
  // ends before that; the user's interactions are a boot of their own, which the harness quits.
  if (process.argv.includes('--smoke')) return;
  await interact(window);
  app.quit();
}

main().catch((err: unknown) => {
  report.errors.push(`harness: ${(err as Error).stack ?? String(err)}`);
  app.exit(1);
});
