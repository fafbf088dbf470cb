/** The Electron main process: app lifecycle, the one window, IPC, menus, and the trainer it owns; start() composes the pieces of wiring/. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, protocol, session, type WebContents } from 'electron';
import { EVENT_CHANNELS } from '../common/ipc/channels.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './appProtocol.ts';
import { contentSecurityPolicy } from './csp.ts';
import { createDesktopShell, type DesktopShell } from './desktop/desktopShell.ts';
import { openLogFile } from './desktop/logFile.ts';
import { grantOpenedFile } from './desktop/openWith.ts';
import { openProjectFile } from './desktopHandlers.ts';
import { FileGrants, grantUserFile } from './fileGrants.ts';
import { filesFromArgv, OpenedFileRouter, OpenFileQueue } from './openFiles.ts';
import { smokeOptions } from './smoke.ts';
import { runSmokeAndQuit } from './smokeRun.ts';
import { secureSession } from './window.ts';
import { type AppMenu, createAppMenu } from './wiring/appMenu.ts';
import { createDialogs, type Dialogs } from './wiring/dialogs.ts';
import { registerMainHandlers } from './wiring/ipcHandlers.ts';
import { handleAppLifecycle } from './wiring/quit.ts';
import { rendererLink, startTrainer, type Trainer } from './wiring/trainer.ts';
import { createWindows, sendToWindows } from './wiring/windows.ts';
import {
  appFolders,
  cleanUpInterruptedWrites,
  createWorkspace,
  type Workspace,
} from './wiring/workspace.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** Set by `electron-vite dev`; absent in the packaged app. */
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const paths = {
  preload: join(here, '../preload/preload.cjs'),
  renderer: join(here, '../renderer/index.html'),
  trainer: join(here, 'trainer.js'),
};
const logFile = openLogFile(() => app.getPath('logs'));
const log = (line: string): void => logFile.log(line);

// NOTE: privileges can only be granted before 'ready'; the handler is installed in start().
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

const grants = new FileGrants();
const openFiles = new OpenFileQueue();
/** Projects the OS opens go to the ProjectSession (once it exists); other files to the window. */
const opened = new OpenedFileRouter(openFiles);
const windows = createWindows({ preloadPath: paths.preload, devServerUrl, log });

// NOTE: macOS delivers double-clicked files through 'open-file', possibly before 'ready'.
app.on('open-file', (event, path) => {
  event.preventDefault();
  void opened.route(path);
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  for (const path of filesFromArgv(process.argv, process.cwd())) void opened.route(path);
  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const path of filesFromArgv(argv, workingDirectory)) void opened.route(path);
    windows.bringForward();
  });
  app.whenReady().then(start, (err: unknown) => {
    log(`RNN Studio failed to start: ${(err as Error).stack ?? String(err)}`);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  secureSession(session.defaultSession, devServerUrl);
  if (devServerUrl === undefined) {
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({ root: dirname(paths.renderer), csp: contentSecurityPolicy() }),
    );
  }
  const folders = appFolders(app.getPath('userData'));
  const smoke = smokeOptions(process.argv, process.env, folders.userData);
  cleanUpInterruptedWrites(folders.userData, log);
  const workspace = createWorkspace({ folders, grants, log });
  const trainer = startTrainer({ entry: paths.trainer, runs: workspace.runs, log });
  windows.onClosed((contentsId) => {
    trainer.supervisor.disconnect(contentsId);
    openFiles.attach(null);
  });
  const { desktop, dialogs, menu } = createShell(workspace);
  registerMainHandlers({
    devServerUrl,
    folders,
    grants,
    workspace,
    dialogs,
    desktop,
    connectTrainer: (contents) => connectWindow(trainer, contents),
    onRecentChanged: menu.refresh,
  });
  menu.refresh();
  openProjectsFromOs(workspace, menu);
  const openWindow = async () => desktop.watchWindow(await windows.open());
  handleAppLifecycle({
    workspace,
    grants,
    trainer,
    desktop,
    windows,
    openWindow,
    log,
    unattended: smoke !== null,
  });
  await openWindow();
  if (smoke !== null) {
    void runSmokeAndQuit({
      options: smoke,
      page: () => windows.current()?.webContents ?? null,
      runs: workspace.runs,
      grants,
      datasetsDir: folders.datasets,
      onTrainerCrash: (listener) => trainer.host.onCrash(listener),
      app,
      log,
    });
  }
}

/** The desktop behaviours, the dialogs in the UI language, and the menu (each needs the others). */
function createShell(workspace: Workspace): {
  desktop: DesktopShell;
  dialogs: Dialogs;
  menu: AppMenu;
} {
  const desktop = createDesktopShell({
    log,
    logFile,
    runs: workspace.runs,
    mainWindow: () => windows.current(),
    refreshMenu: () => menu.refresh(),
    saveProject: () => workspace.session.flush(),
  });
  const dialogs = createDialogs(desktop.localizeDialog);
  const menu = createAppMenu({
    isDev: devServerUrl !== undefined,
    session: workspace.session,
    desktop,
    dialogs,
    windows,
    grants,
    openFiles,
    log,
  });
  return { desktop, dialogs, menu };
}

/** Gives a (re)loaded page its port to the trainer; the page is then ready for opened files. */
function connectWindow(trainer: Trainer, contents: WebContents): void {
  trainer.supervisor.connect(rendererLink(contents));
  // NOTE: the preload connects once per page load, so this is where a (re)loaded page
  // becomes ready to receive files the OS asked us to open.
  openFiles.attach((path) => sendOpenFile(contents, path));
}

/** Projects the OS asked to open (before or after start) open once the session exists. */
function openProjectsFromOs(workspace: Workspace, menu: AppMenu): void {
  opened
    .attachProjects({
      // NOTE: a path the OS hands over is vetted like a dropped one before it is opened.
      open: (path) =>
        grantUserFile(grants, path).then((vetted) =>
          openProjectFile({ grants, session: workspace.session, runs: workspace.runs }, vetted),
        ),
      opened: menu.projectChanged,
      failed: (path, error) => {
        log(`Cannot open project '${path}': ${error.message}`);
        sendToWindows(EVENT_CHANNELS.shellEvent, {
          type: 'error',
          id: null,
          name: error.name,
          message: error.message,
        });
      },
    })
    .catch((err: unknown) => log(`Opening projects failed: ${(err as Error).message}`));
}

function sendOpenFile(contents: WebContents, path: string): void {
  grantOpenedFile(path, grants)
    .then((file) => contents.send(EVENT_CHANNELS.openFile, file))
    .catch((err: unknown) => log(`Cannot open '${path}': ${(err as Error).message}`));
}
