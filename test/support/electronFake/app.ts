/** A fake of Electron's `app`: ready, single-instance lock, paths, the quit sequence (before-quit, windows closing, will-quit, quit) and exit. */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fakeEvent, trace } from './state.ts';

// NOTE: the harness runs the fake from a build in a temporary folder, with the repository as cwd.
const packageJson = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
  version: string;
  productName: string;
};

/** What the app needs from the windows module (closing them on quit). */
export interface WindowList {
  /** Asks every window to close; resolves whether all of them did (a 'close' may be prevented). */
  closeAll(): boolean;
  count(): number;
}

/** The fake app. The harness calls {@link FakeApp.emitReady} once the main bundle has run. */
export class FakeApp extends EventEmitter {
  isPackaged = process.env.FAKE_ELECTRON_PACKAGED === '1';
  readonly commandLine = { appendSwitch: () => {}, hasSwitch: () => false };
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private quitting = false;
  private paths = new Map<string, string>();
  /** Set by electron.ts: the window list and what runs before the process ends. */
  windows: WindowList = { closeAll: () => true, count: () => 0 };
  beforeExit: (code: number) => void = () => {};
  readonly recentDocuments: string[] = [];

  isReady(): boolean {
    return this.ready;
  }

  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Harness: the main script has run; Electron now emits 'ready'. */
  emitReady(): void {
    if (this.ready) return;
    this.emit('will-finish-launching');
    this.ready = true;
    trace.lifecycle.push('ready');
    this.emit('ready', fakeEvent(), {});
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  requestSingleInstanceLock(): boolean {
    trace.lifecycle.push('requestSingleInstanceLock');
    return true;
  }

  hasSingleInstanceLock(): boolean {
    return true;
  }

  getName(): string {
    return packageJson.productName;
  }

  getVersion(): string {
    return packageJson.version;
  }

  getLocale(): string {
    return process.env.FAKE_ELECTRON_LOCALE ?? 'en-US';
  }

  getPreferredSystemLanguages(): string[] {
    return [this.getLocale()];
  }

  getAppPath(): string {
    return process.cwd();
  }

  getPath(name: string): string {
    const set = this.paths.get(name);
    if (set !== undefined) return set;
    const userData = process.env.FAKE_ELECTRON_USER_DATA;
    if (userData === undefined) throw new Error('fake electron: FAKE_ELECTRON_USER_DATA is unset.');
    const known: Record<string, string> = {
      userData,
      sessionData: userData,
      appData: dirname(userData),
      logs: join(userData, 'logs'),
      temp: join(userData, 'tmp'),
      home: join(userData, 'home'),
      documents: join(userData, 'home', 'Documents'),
      downloads: join(userData, 'home', 'Downloads'),
      desktop: join(userData, 'home', 'Desktop'),
      exe: process.execPath,
      module: process.execPath,
      crashDumps: join(userData, 'Crashpad'),
    };
    const path = known[name];
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }

  setAppLogsPath(path?: string): void {
    this.paths.set('logs', path ?? join(this.getPath('userData'), 'logs'));
  }

  setAppUserModelId(_id: string): void {}

  addRecentDocument(path: string): void {
    this.recentDocuments.push(path);
  }

  clearRecentDocuments(): void {
    this.recentDocuments.length = 0;
  }

  focus(): void {}

  /**
   * Electron's quit: 'before-quit' (preventable), then every window is asked to close (a prevented
   * 'close' cancels the quit), then 'will-quit' (preventable), 'quit', and the process ends with 0.
   */
  quit(): void {
    trace.lifecycle.push('quit()');
    const beforeQuit = fakeEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.quitting = true;
    if (!this.windows.closeAll()) {
      this.quitting = false;
      trace.lifecycle.push('quit cancelled by a window');
      return;
    }
    const willQuit = fakeEvent();
    trace.lifecycle.push('will-quit');
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.emit('quit', fakeEvent(), 0);
    this.exit(0);
  }

  /** Ends the process at once with `code`, without events (as Electron's app.exit). */
  exit(code = 0): void {
    trace.lifecycle.push(`exit ${code}`);
    this.beforeExit(code);
    process.exit(code);
  }

  relaunch(): void {
    trace.lifecycle.push('relaunch');
  }

  /** Whether a quit is under way (windows closing because of it emit no window-all-closed). */
  get isQuitting(): boolean {
    return this.quitting;
  }

  /** Called by the windows module when the last window closed. */
  lastWindowClosed(): void {
    if (this.quitting) return;
    if (this.listenerCount('window-all-closed') === 0) this.quit();
    else this.emit('window-all-closed');
  }
}
