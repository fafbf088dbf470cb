/** A page as the fake loads it: the preload runs as in a sandboxed renderer (only `electron` can be required, as CommonJS), and its main world holds what contextBridge exposed. */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runInNewContext, runInThisContext } from 'node:vm';
import type { FakeIpcMain } from './ipcMain.ts';
import type { FakeMessagePortMain } from './ports.ts';

/** Node modules a sandboxed preload may require besides `electron` (Electron's sandbox docs). */
const SANDBOX_MODULES = new Set(['events', 'timers', 'url']);

type RendererListener = (event: { sender: unknown; ports: DomPort[] }, ...args: unknown[]) => void;

/** A MessagePort as the page sees it (DOM style: onmessage, postMessage, close). */
export interface DomPort {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(data: unknown): void;
  close(): void;
  start(): void;
}

/** Wraps a MessagePortMain handed to the page: messages queue until onmessage is set. */
function domPort(port: FakeMessagePortMain): DomPort {
  const queue: unknown[] = [];
  let handler: ((event: { data: unknown }) => void) | null = null;
  port.transferTo((data) => {
    if (handler === null) queue.push(data);
    else setImmediate(() => handler?.({ data }));
  });
  return {
    get onmessage() {
      return handler;
    },
    set onmessage(listener) {
      handler = listener;
      for (const data of queue.splice(0)) setImmediate(() => listener?.({ data }));
    },
    postMessage: (data) => port.sendFromFar(structuredClone(data)),
    close: () => port.close(),
    start: () => {},
  };
}

/** One loaded page of a webContents. */
export class FakePage {
  readonly mainWorld: Record<string, unknown> = {};
  private readonly listeners = new Map<string, Set<RendererListener>>();
  private alive = true;

  constructor(
    readonly url: string,
    private readonly ipcMain: FakeIpcMain,
    private readonly contents: unknown,
  ) {}

  /** Runs the preload file the way a sandboxed renderer does. @throws what the preload throws. */
  runPreload(path: string): void {
    const source = readFileSync(path, 'utf8');
    const wrapper = runInThisContext(
      `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
      { filename: path },
    ) as (...args: unknown[]) => void;
    const module = { exports: {} };
    const require = (id: string): unknown => {
      if (id === 'electron') return this.rendererElectron();
      if (SANDBOX_MODULES.has(id)) return process.getBuiltinModule?.(id) ?? undefined;
      throw new Error(`module not found: ${id}`);
    };
    wrapper(module.exports, require, module, path, dirname(path));
  }

  /** Evaluates `code` in the page's main world (webContents.executeJavaScript). */
  evaluate(code: string): unknown {
    const context: Record<string, unknown> = { ...this.mainWorld };
    context.window = context;
    return runInNewContext(code, context);
  }

  /** Delivers a main → renderer message (webContents.send / postMessage). */
  deliver(channel: string, args: readonly unknown[], ports: readonly FakeMessagePortMain[]): void {
    if (!this.alive) return;
    const cloned = structuredClone(args);
    const event = { sender: null, ports: ports.map(domPort) };
    for (const listener of this.listeners.get(channel) ?? []) {
      setImmediate(() => listener(event, ...cloned));
    }
  }

  /** The page is gone (navigated, reloaded, crashed, closed). */
  destroy(): void {
    this.alive = false;
    this.listeners.clear();
  }

  private rendererElectron() {
    const on = (channel: string, listener: RendererListener): void => {
      let set = this.listeners.get(channel);
      if (set === undefined) this.listeners.set(channel, (set = new Set()));
      set.add(listener);
    };
    const off = (channel: string, listener: RendererListener): void => {
      this.listeners.get(channel)?.delete(listener);
    };
    const ipcRenderer = {
      invoke: (channel: string, ...args: unknown[]) => {
        if (!this.alive) return Promise.reject(new Error('fake electron: the page is gone.'));
        return this.ipcMain.invoke(channel, { frameUrl: this.url, contents: this.contents }, args);
      },
      on: (channel: string, listener: RendererListener) => {
        on(channel, listener);
        return ipcRenderer;
      },
      off: (channel: string, listener: RendererListener) => {
        off(channel, listener);
        return ipcRenderer;
      },
      removeListener: (channel: string, listener: RendererListener) => {
        off(channel, listener);
        return ipcRenderer;
      },
      send: (channel: string, ...args: unknown[]) => {
        this.ipcMain.emit(
          channel,
          { sender: this.contents, senderFrame: { url: this.url } },
          ...structuredClone(args),
        );
      },
    };
    return {
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => {
          if (key in this.mainWorld)
            throw new Error(
              `Cannot bind an API on top of an existing property on the window object`,
            );
          this.mainWorld[key] = api;
        },
      },
      ipcRenderer,
      webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
    };
  }
}
