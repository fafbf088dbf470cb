/** What the fake `electron` module records while the built main bundle runs: the harness reads it to judge the boot. */
import type { ForkRecord } from './utilityProcess.ts';

/** A BrowserWindow as recorded at construction. */
export interface WindowRecord {
  id: number;
  webPreferences: Record<string, unknown>;
  /** Every URL a load was asked for, and whether it succeeded. */
  loads: { url: string; ok: boolean; error?: string }[];
  /** Every setProgressBar value, in order. */
  progress: number[];
  /** Errors the preload threw while the page loaded (webContents 'preload-error'). */
  preloadErrors: string[];
}

/** Everything the fake saw, as plain data (written as JSON by the harness child). */
export interface FakeTrace {
  /** Top-level app calls and events, in order (`ready`, `before-quit`, `will-quit`, `exit 0`, …). */
  lifecycle: string[];
  windows: WindowRecord[];
  forks: ForkRecord[];
  /** Channels given to ipcMain.handle, in order. */
  handled: string[];
  menus: { labels: string[] }[];
  notifications: { title: string; body: string; shown: boolean }[];
  powerSaveBlockers: { id: number; type: string; stopped: boolean }[];
  dialogs: { kind: string; options: Record<string, unknown> }[];
  opened: { kind: 'external' | 'path' | 'item'; target: string }[];
  /** Utility processes still alive when the app exited (the fake kills them). */
  aliveAtExit: number[];
  exitCode: number | null;
}

/** The one trace of this process. */
export const trace: FakeTrace = {
  lifecycle: [],
  windows: [],
  forks: [],
  handled: [],
  menus: [],
  notifications: [],
  powerSaveBlockers: [],
  dialogs: [],
  opened: [],
  aliveAtExit: [],
  exitCode: null,
};

/** An Electron event object with preventDefault. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}
