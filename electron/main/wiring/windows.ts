/** The app's one window: opens it, remembers it while it is open, brings it forward, and sends main's events to every window. */
import { BrowserWindow } from 'electron';
import type { EventChannel } from '../../common/ipc/channels.ts';
import type { EventPayloads } from '../../common/ipc/events.ts';
import { createMainWindow } from '../window.ts';

/** What {@link createWindows} needs. */
export interface WindowsOptions {
  /** Bundled preload (out/preload/preload.cjs). */
  preloadPath: string;
  /** The dev server URL in `electron-vite dev`, else undefined. */
  devServerUrl: string | undefined;
  log: (line: string) => void;
}

/** The main window's slot. */
export interface Windows {
  /** The main window, while it is open. */
  current(): BrowserWindow | null;
  /** Opens the main window (secured by window.ts) and remembers it until it closes. */
  open(): Promise<BrowserWindow>;
  /** Restores and focuses the main window, when there is one (a second instance was started). */
  bringForward(): void;
  /** Calls `listener` with the closed window's `webContents.id` each time it closes. */
  onClosed(listener: (contentsId: number) => void): void;
}

export function createWindows(options: WindowsOptions): Windows {
  let mainWindow: BrowserWindow | null = null;
  const closedListeners: ((contentsId: number) => void)[] = [];
  return {
    current: () => mainWindow,
    async open() {
      const window = await createMainWindow(options);
      mainWindow = window;
      const id = window.webContents.id;
      window.on('closed', () => {
        for (const listener of closedListeners) listener(id);
        mainWindow = null;
      });
      return window;
    },
    bringForward() {
      if (mainWindow === null) return;
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    },
    onClosed: (listener) => void closedListeners.push(listener),
  };
}

/** Sends one event to every window, its payload typed by the channel (the preload checks it). */
export function sendToWindows<C extends EventChannel>(channel: C, payload: EventPayloads[C]): void {
  for (const window of BrowserWindow.getAllWindows()) window.webContents.send(channel, payload);
}
