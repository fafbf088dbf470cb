/** A fake of BrowserWindow and its webContents: records the window's preferences, loads pages (file: and registered protocols; no network), runs the preload, and models focus, progress and renderer crashes. */
import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FakeApp } from './app.ts';
import type { FakeIpcMain } from './ipcMain.ts';
import { FakePage } from './page.ts';
import type { FakeMessagePortMain } from './ports.ts';
import { fakeEvent, trace, type WindowRecord } from './state.ts';

/** Serves a custom scheme's URL (protocol.handle), as the fake's protocol module keeps them. */
export type ProtocolHandlers = Map<string, (request: Request) => Response | Promise<Response>>;

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  page: FakePage | null = null;
  private destroyed = false;
  private url = '';
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  constructor(
    private readonly record: WindowRecord,
    private readonly deps: { ipcMain: FakeIpcMain; protocols: ProtocolHandlers; session: unknown },
    private readonly onLoaded: () => void,
  ) {
    super();
  }

  get session(): unknown {
    return this.deps.session;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getURL(): string {
    return this.url;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.page?.deliver(channel, args, []);
  }

  postMessage(channel: string, message: unknown, transfer: readonly FakeMessagePortMain[] = []) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.page?.deliver(channel, [message], transfer);
  }

  async executeJavaScript(code: string): Promise<unknown> {
    if (this.page === null) throw new Error('fake electron: no page is loaded.');
    return structuredClone(await this.page.evaluate(code));
  }

  /**
   * Loads `url`: a file: URL must name an existing file, a custom scheme must be handled
   * (protocol.handle) with a 2xx answer; http(s) fails (the harness has no network). Then the
   * preload runs and 'did-finish-load' fires. Rejects with Chromium's error name, as Electron does.
   */
  async loadURL(url: string): Promise<void> {
    this.page?.destroy();
    this.page = null;
    this.url = url;
    const failure = await this.fetchPage(url);
    if (failure !== null) {
      this.record.loads.push({ url, ok: false, error: failure });
      this.emit('did-fail-load', fakeEvent(), -6, failure, url);
      throw new Error(`${failure} loading '${url}'`);
    }
    const page = new FakePage(url, this.deps.ipcMain, this);
    this.page = page;
    const preload = this.record.webPreferences.preload;
    if (typeof preload === 'string') {
      try {
        page.runPreload(preload);
      } catch (err) {
        this.record.preloadErrors.push(String(err));
        this.emit('preload-error', fakeEvent(), preload, err);
      }
    }
    this.record.loads.push({ url, ok: true });
    this.emit('dom-ready', fakeEvent());
    this.emit('did-finish-load', fakeEvent());
    this.onLoaded();
  }

  loadFile(path: string): Promise<void> {
    return this.loadURL(pathToFileURL(path).href);
  }

  reload(): void {
    void this.loadURL(this.url).catch(() => {});
  }

  /** Harness: the renderer process dies ('render-process-gone'); the page is lost. */
  crashRenderer(reason = 'crashed'): void {
    this.page?.destroy();
    this.page = null;
    this.emit('render-process-gone', fakeEvent(), { reason, exitCode: 139 });
  }

  destroy(): void {
    this.page?.destroy();
    this.page = null;
    this.destroyed = true;
    this.emit('destroyed');
  }

  private async fetchPage(url: string): Promise<string | null> {
    const scheme = new URL(url).protocol.slice(0, -1);
    if (scheme === 'file') {
      try {
        return statSync(fileURLToPath(url)).isFile() ? null : 'ERR_FILE_NOT_FOUND';
      } catch {
        return 'ERR_FILE_NOT_FOUND';
      }
    }
    const handler = this.deps.protocols.get(scheme);
    if (handler === undefined) return 'ERR_CONNECTION_REFUSED';
    const response = await handler(new Request(url));
    return response.ok ? null : 'ERR_FILE_NOT_FOUND';
  }
}

let nextWindowId = 1;
const windows: FakeBrowserWindow[] = [];

export class FakeBrowserWindow extends EventEmitter {
  static deps: {
    app: FakeApp;
    ipcMain: FakeIpcMain;
    protocols: ProtocolHandlers;
    session: () => unknown;
  };

  static getAllWindows(): FakeBrowserWindow[] {
    return [...windows];
  }

  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return windows.find((w) => w.webContents === contents) ?? null;
  }

  static getFocusedWindow(): FakeBrowserWindow | null {
    return windows.find((w) => w.focused) ?? null;
  }

  readonly id = nextWindowId++;
  readonly webContents: FakeWebContents;
  readonly record: WindowRecord;
  focused = false;
  private destroyed = false;
  private minimized = false;
  private maximized = false;
  private visible = false;
  private shownOnce = false;
  private title: string;
  private bounds = { x: 0, y: 0, width: 800, height: 600 };

  constructor(options: Record<string, unknown> = {}) {
    super();
    const { app, ipcMain, protocols, session } = FakeBrowserWindow.deps;
    if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.record = {
      id: this.id,
      webPreferences: { ...((options.webPreferences as object | undefined) ?? {}) },
      loads: [],
      progress: [],
      preloadErrors: [],
    };
    trace.windows.push(this.record);
    this.title = typeof options.title === 'string' ? options.title : 'Electron';
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      if (typeof options[key] === 'number') this.bounds[key] = options[key] as number;
    }
    this.webContents = new FakeWebContents(
      this.record,
      { ipcMain, protocols, session: session() },
      () => {
        if (this.shownOnce) return;
        this.shownOnce = true;
        setImmediate(() => this.emit('ready-to-show'));
      },
    );
    windows.push(this);
    if (options.show !== false) this.show();
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  loadFile(path: string): Promise<void> {
    return this.webContents.loadFile(path);
  }

  show(): void {
    this.visible = true;
    this.focus();
  }

  hide(): void {
    this.visible = false;
    this.blur();
  }

  isVisible(): boolean {
    return this.visible;
  }

  focus(): void {
    for (const other of windows) if (other !== this && other.focused) other.blur();
    if (this.focused) return;
    this.focused = true;
    this.emit('focus');
  }

  /** The window lost focus (the user switched to another app, in the harness). */
  blur(): void {
    if (!this.focused) return;
    this.focused = false;
    this.emit('blur');
  }

  isFocused(): boolean {
    return this.focused;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  minimize(): void {
    this.minimized = true;
    this.blur();
  }

  restore(): void {
    this.minimized = false;
  }

  maximize(): void {
    this.maximized = true;
  }

  unmaximize(): void {
    this.maximized = false;
  }

  isMaximized(): boolean {
    return this.maximized;
  }

  getBounds() {
    return { ...this.bounds };
  }

  getNormalBounds() {
    return { ...this.bounds };
  }

  setTitle(title: string): void {
    this.title = title;
  }

  getTitle(): string {
    return this.title;
  }

  setProgressBar(progress: number): void {
    if (typeof progress !== 'number')
      throw new TypeError('setProgressBar: progress must be a number');
    this.record.progress.push(progress);
  }

  flashFrame(_flag: boolean): void {}

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Emits 'close' (preventable); unless prevented, the window is destroyed. */
  close(): void {
    if (this.destroyed) return;
    const event = fakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.focused = false;
    windows.splice(windows.indexOf(this), 1);
    this.webContents.destroy();
    this.emit('closed');
    if (windows.length === 0) FakeBrowserWindow.deps.app.lastWindowClosed();
  }
}

/** Closes every window for a quit; false when one refused (its 'close' was prevented). */
export function closeAllWindows(): boolean {
  for (const window of [...windows]) {
    window.close();
    if (!window.isDestroyed()) return false;
  }
  return true;
}

export function windowCount(): number {
  return windows.length;
}
