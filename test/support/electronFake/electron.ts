/** The fake `electron` module the boot test injects in place of Electron (register.ts): the main-process API the app uses, recording what it does into `trace`. */
import { FakeApp } from './app.ts';
import { FakeIpcMain } from './ipcMain.ts';
import {
  createProtocol,
  createSession,
  dialog,
  FakeMenu,
  FakeNotification,
  nativeTheme,
  net,
  powerSaveBlocker,
  screen,
  shell,
} from './misc.ts';
import { FakeMessageChannelMain } from './ports.ts';
import { trace } from './state.ts';
import { createUtilityProcessModule, type FakeUtilityProcess } from './utilityProcess.ts';
import {
  closeAllWindows,
  FakeBrowserWindow,
  type FakeWebContents,
  type ProtocolHandlers,
  windowCount,
} from './windows.ts';

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
const protocolHandlers: ProtocolHandlers = new Map();
export const protocol = createProtocol(app, protocolHandlers);
export const session = createSession(app, protocol);
const children: FakeUtilityProcess[] = [];
const forkModule = createUtilityProcessModule({
  isReady: () => app.isReady(),
  forks: trace.forks,
  onGone: (details) => app.emit('child-process-gone', { preventDefault() {} }, details),
});

export const utilityProcess = {
  fork(...args: Parameters<typeof forkModule.fork>) {
    const child = forkModule.fork(...args);
    children.push(child);
    return child;
  },
};

FakeBrowserWindow.deps = {
  app,
  ipcMain,
  protocols: protocolHandlers,
  session: () => session.defaultSession,
};
app.windows = { closeAll: closeAllWindows, count: windowCount };

/** Hooks the harness runs just before the process ends (it writes the trace there). */
export const exitHooks: ((code: number) => void)[] = [];
app.beforeExit = (code) => {
  trace.exitCode = code;
  // NOTE: Electron takes its utility processes down with it; the harness records any that were
  // still running (a quit that did not stop the trainer) and kills them the same way.
  for (const child of children) {
    const pid = child.pid;
    if (pid === undefined) continue;
    trace.aliveAtExit.push(pid);
    child.kill();
  }
  for (const hook of exitHooks) hook(code);
};

export const webContents = {
  getAllWebContents: (): FakeWebContents[] =>
    FakeBrowserWindow.getAllWindows().map((w) => w.webContents),
  fromId: (id: number): FakeWebContents | undefined =>
    FakeBrowserWindow.getAllWindows()
      .map((w) => w.webContents)
      .find((c) => c.id === id),
  getFocusedWebContents: () => FakeBrowserWindow.getFocusedWindow()?.webContents ?? null,
};

export const nativeImage = {
  createEmpty: () => ({ isEmpty: () => true }),
  createFromPath: (_path: string) => ({ isEmpty: () => false }),
};

export {
  dialog,
  FakeBrowserWindow as BrowserWindow,
  FakeMenu as Menu,
  FakeMessageChannelMain as MessageChannelMain,
  FakeNotification as Notification,
  nativeTheme,
  net,
  powerSaveBlocker,
  screen,
  shell,
};

const electron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  dialog,
  ipcMain,
  Menu: FakeMenu,
  MessageChannelMain: FakeMessageChannelMain,
  nativeImage,
  nativeTheme,
  net,
  Notification: FakeNotification,
  powerSaveBlocker,
  protocol,
  screen,
  session,
  shell,
  utilityProcess,
  webContents,
};

export default electron;
(globalThis as { __rnnStudioFakeElectron?: unknown }).__rnnStudioFakeElectron = electron;
