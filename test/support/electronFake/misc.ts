/** Fakes of Electron's smaller main-process modules: dialog, Menu, shell, session, protocol, net, screen, nativeTheme, powerSaveBlocker, Notification. */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FakeApp } from './app.ts';
import { trace } from './state.ts';
import type { ProtocolHandlers } from './windows.ts';

/** Answers the harness scripted for the next dialogs (first in, first out); none = cancelled. */
export const dialogAnswers: Record<string, unknown>[] = [];

function dialogCall(kind: string, args: unknown[]): Record<string, unknown> {
  // NOTE: Electron's dialog functions take an optional parent window first.
  const options = (args.length > 1 ? args[1] : args[0]) as Record<string, unknown>;
  trace.dialogs.push({ kind, options: structuredClone(options) });
  return dialogAnswers.shift() ?? {};
}

export const dialog = {
  showOpenDialog: async (...args: unknown[]) => ({
    canceled: true,
    filePaths: [] as string[],
    ...dialogCall('open', args),
  }),
  showSaveDialog: async (...args: unknown[]) => ({
    canceled: true,
    filePath: '',
    ...dialogCall('save', args),
  }),
  showMessageBox: async (...args: unknown[]) => ({
    response: 0,
    checkboxChecked: false,
    ...dialogCall('message', args),
  }),
  showMessageBoxSync: (...args: unknown[]) =>
    (dialogCall('message', args).response as number | undefined) ?? 0,
  showErrorBox: (title: string, content: string) => {
    trace.dialogs.push({ kind: 'error', options: { title, content } });
  },
};

/** A menu item template (the fields the harness reads). */
export interface FakeMenuItem {
  label?: string;
  role?: string;
  enabled?: boolean;
  click?: (...args: unknown[]) => void;
  submenu?: FakeMenuItem[] | FakeMenu;
}

export class FakeMenu {
  static current: FakeMenu | null = null;

  static buildFromTemplate(template: FakeMenuItem[]): FakeMenu {
    for (const item of template) {
      if (item.label === undefined && item.role === undefined && !('type' in item)) {
        throw new Error(
          'Invalid template for MenuItem: must have at least one of label, role or type',
        );
      }
    }
    return new FakeMenu(template);
  }

  static setApplicationMenu(menu: FakeMenu | null): void {
    FakeMenu.current = menu;
    trace.menus.push({ labels: menu?.labels() ?? [] });
  }

  static getApplicationMenu(): FakeMenu | null {
    return FakeMenu.current;
  }

  constructor(readonly items: FakeMenuItem[]) {}

  /** Top-level labels (or roles) in order. */
  labels(): string[] {
    return this.items.map((item) => item.label ?? `(${item.role ?? 'separator'})`);
  }

  /** Finds an item by its labels from the top, e.g. ['&File', 'Save Project']. */
  find(path: readonly string[]): FakeMenuItem | undefined {
    let items: FakeMenuItem[] = this.items;
    let found: FakeMenuItem | undefined;
    for (const label of path) {
      found = items.find((item) => item.label === label);
      if (found === undefined) return undefined;
      const sub = found.submenu;
      items = sub instanceof FakeMenu ? sub.items : (sub ?? []);
    }
    return found;
  }
}

export const shell = {
  openExternal: async (url: string) => {
    trace.opened.push({ kind: 'external', target: url });
  },
  openPath: async (path: string) => {
    trace.opened.push({ kind: 'path', target: path });
    return '';
  },
  showItemInFolder: (path: string) => {
    trace.opened.push({ kind: 'item', target: path });
  },
};

export function createProtocol(app: FakeApp, handlers: ProtocolHandlers) {
  return {
    registerSchemesAsPrivileged: (_schemes: unknown[]) => {
      if (app.isReady()) {
        throw new Error(
          'protocol.registerSchemesAsPrivileged should be called before app is ready',
        );
      }
    },
    handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
      if (!app.isReady()) throw new Error('protocol.handle must be called after app is ready');
      if (handlers.has(scheme)) throw new Error(`The scheme '${scheme}' is already handled`);
      handlers.set(scheme, handler);
    },
    unhandle: (scheme: string) => void handlers.delete(scheme),
    isProtocolHandled: (scheme: string) => handlers.has(scheme),
  };
}

/** Electron's net.fetch: file: URLs are read from disk; nothing else is reachable here. */
export const net = {
  fetch: async (input: string | Request, _init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input.url;
    if (!url.startsWith('file:')) throw new Error(`net::ERR_CONNECTION_REFUSED '${url}'`);
    try {
      return new Response(await readFile(fileURLToPath(url)), { status: 200 });
    } catch {
      throw new Error(`net::ERR_FILE_NOT_FOUND '${url}'`);
    }
  },
};

export function createSession(app: FakeApp, protocol: ReturnType<typeof createProtocol>) {
  const defaultSession = Object.assign(new EventEmitter(), {
    webRequest: { onBeforeRequest: () => {}, onHeadersReceived: () => {} },
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
    setSpellCheckerEnabled: () => {},
    protocol,
  });
  return {
    get defaultSession() {
      if (!app.isReady()) throw new Error('Session can only be received when app is ready');
      return defaultSession;
    },
  };
}

const display = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  scaleFactor: 1,
};

export const screen = Object.assign(new EventEmitter(), {
  getAllDisplays: () => [structuredClone(display)],
  getPrimaryDisplay: () => structuredClone(display),
  getDisplayMatching: () => structuredClone(display),
});

export const nativeTheme = Object.assign(new EventEmitter(), {
  shouldUseDarkColors: false,
  themeSource: 'system',
});

let nextBlockerId = 1;

export const powerSaveBlocker = {
  start(type: string): number {
    if (type !== 'prevent-app-suspension' && type !== 'prevent-display-sleep') {
      throw new TypeError(`Invalid power save blocker type: ${type}`);
    }
    const id = nextBlockerId++;
    trace.powerSaveBlockers.push({ id, type, stopped: false });
    return id;
  },
  stop(id: number): boolean {
    const blocker = trace.powerSaveBlockers.find((b) => b.id === id && !b.stopped);
    if (blocker === undefined) return false;
    blocker.stopped = true;
    return true;
  },
  isStarted(id: number): boolean {
    return trace.powerSaveBlockers.some((b) => b.id === id && !b.stopped);
  },
};

export class FakeNotification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }

  private readonly index: number;

  constructor(options: { title?: string; body?: string } = {}) {
    super();
    this.index = trace.notifications.length;
    trace.notifications.push({
      title: options.title ?? '',
      body: options.body ?? '',
      shown: false,
    });
  }

  show(): void {
    trace.notifications[this.index].shown = true;
    this.emit('show');
  }

  close(): void {
    this.emit('close');
  }
}
