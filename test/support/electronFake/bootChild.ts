/** The boot harness's child process: loads the built main bundle against the fake `electron`, emits 'ready', probes every IPC channel and the preload's API once the window loaded, and writes what happened as JSON when the app exits. */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { StudioApi } from '../../../electron/preload/api.ts';
import { INVOKE_CHANNELS } from '../../../electron/preload/channels.ts';
import { app, exitHooks, ipcMain } from './electron.ts';
import { trace } from './state.ts';
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
  /** Errors the harness itself saw (import failure, uncaught errors, a probe that threw). */
  errors: string[];
}

const report: BootReport = { trace, probes: [], hello: null, errors: [] };
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

async function loadedWindow(timeoutMs: number): Promise<FakeBrowserWindow> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const window = FakeBrowserWindow.getAllWindows()[0];
    if (window?.webContents.page != null) return window;
    if (Date.now() > until) throw new Error(`no window loaded a page within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
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
  const window = await loadedWindow(30_000);
  await probeChannels(window);
  const studio = window.webContents.page?.mainWorld.studio as StudioApi | undefined;
  if (studio === undefined) throw new Error('the preload exposed no window.studio');
  // NOTE: a failed hello is recorded, not fatal: the app goes on (and --smoke reports its own end).
  report.hello = await studio.hello().catch((err: Error) => {
    report.errors.push(`window.studio.hello() failed: ${err.message}`);
    return null;
  });
  // The UI switches to Korean: main must rebuild the menu in Korean.
  await studio.desktop?.setLanguage('ko').catch((err: Error) => {
    report.errors.push(`window.studio.desktop.setLanguage('ko') failed: ${err.message}`);
  });
  // Without --smoke the harness quits the app itself, as a user would.
  if (!process.argv.includes('--smoke')) app.quit();
}

main().catch((err: unknown) => {
  report.errors.push(`harness: ${(err as Error).stack ?? String(err)}`);
  app.exit(1);
});
