/** Creates the main window with the security settings of STYLE §3 and remembers its bounds. */
import { join } from 'node:path';
import { app, BrowserWindow, type Session, screen, shell } from 'electron';
import { isAllowedRequest } from './appPage.ts';
import { APP_PAGE_URL } from './appProtocol.ts';
import { contentSecurityPolicy } from './csp.ts';
import { guardNavigation } from './navigationGuard.ts';
import { fitToDisplays, loadWindowState, saveWindowState } from './windowState.ts';

/** Where the renderer comes from and which preload it gets. */
export interface WindowOptions {
  /** Bundled preload (out/preload/preload.cjs). */
  preloadPath: string;
  /**
   * The dev server URL in `electron-vite dev`, else undefined: the packaged page then loads from
   * `app://rnn-studio/index.html` (appProtocol.ts, registered by main.ts).
   */
  devServerUrl: string | undefined;
  log: (line: string) => void;
}

/**
 * Locks the session down: a CSP header on http(s) (dev) responses, remote requests cancelled,
 * every permission request (camera, notifications, …) denied.
 */
export function secureSession(session: Session, devServerUrl: string | undefined): void {
  const devOrigin = devServerUrl === undefined ? undefined : new URL(devServerUrl).origin;
  const csp = contentSecurityPolicy(devOrigin === undefined ? {} : { devServerOrigin: devOrigin });
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, devOrigin) });
  });
  // NOTE: the packaged page's app:// responses carry the policy themselves (appProtocol.ts).
  session.webRequest.onHeadersReceived(
    { urls: ['http://*/*', 'https://*/*'] },
    (details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
      });
    },
  );
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Creates the one main window, restoring its remembered bounds. */
export async function createMainWindow(options: WindowOptions): Promise<BrowserWindow> {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const saved = await loadWindowState(stateFile, options.log);
  const state = fitToDisplays(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'RNN Studio',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  denyNavigation(window, options.log);
  rememberBounds(window, stateFile, options.log);
  await window.loadURL(options.devServerUrl ?? APP_PAGE_URL);
  return window;
}

function denyNavigation(window: BrowserWindow, log: (line: string) => void): void {
  const contents = window.webContents;
  guardNavigation(
    {
      setWindowOpenHandler: (handler) => contents.setWindowOpenHandler(handler),
      onWillNavigate: (listener) => {
        contents.on('will-navigate', (event, url) => listener(event, url));
      },
    },
    {
      openExternal: (url) => {
        shell.openExternal(url.href).catch((err: unknown) => {
          log(`Open link failed: ${(err as Error).message}`);
        });
      },
      log,
    },
  );
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function rememberBounds(window: BrowserWindow, file: string, log: (line: string) => void): void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    clearTimeout(timer);
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    saveWindowState(file, { ...bounds, maximized: window.isMaximized() }).catch((err: unknown) =>
      log(`Window state not saved: ${(err as Error).message}`),
    );
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', save);
}
