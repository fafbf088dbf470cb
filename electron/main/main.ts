/** The Electron main process: app lifecycle, the one window, IPC, menus, and the trainer it owns. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  type BrowserWindow,
  BrowserWindow as BrowserWindows,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  type MessagePortMain,
  protocol,
  session,
  shell,
  type WebContents,
} from 'electron';
import type { MenuCommand } from '../common/ipc/api.ts';
import { EVENT_CHANNELS } from '../common/ipc/channels.ts';
import { PROJECT_EXTENSION, type ProjectView } from '../common/projectSchema.ts';
import { createAppPageGuard } from './appPage.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './appProtocol.ts';
import { removeStaleTemporaries } from './atomicFile.ts';
import { contentSecurityPolicy } from './csp.ts';
import { createDatasetHandlers } from './datasetHandlers.ts';
import { createDesktopShell } from './desktop/desktopShell.ts';
import { openLogFile } from './desktop/logFile.ts';
import { grantOpenedFile } from './desktop/openWith.ts';
import { createDesktopHandlers, type DesktopDialogs, openProjectFile } from './desktopHandlers.ts';
import { DOCS_URL } from './externalLinks.ts';
import { FileGrants, grantUserFile, isInside } from './fileGrants.ts';
import { DATA_EXTENSIONS } from './fileKinds.ts';
import { GalleryDownloads } from './galleryDownloads.ts';
import { createHandlers } from './handlers.ts';
import { type InvokeHandlers, registerIpcHandlers } from './ipc.ts';
import { buildMenuTemplate, type MenuActions } from './menu.ts';
import { filesFromArgv, OpenedFileRouter, OpenFileQueue } from './openFiles.ts';
import { ProjectRequestError, ProjectSession } from './projects/projectSession.ts';
import { electronQuitGuard } from './quitDialogs.ts';
import { confirmQuit } from './quitGuard.ts';
import { RunFiles } from './runs/runFiles.ts';
import { RunRegistry } from './runs/runRegistry.ts';
import { smokeOptions } from './smoke.ts';
import { runSmokeAndQuit } from './smokeRun.ts';
import { TrainerHost } from './trainerHost.ts';
import { type RendererLink, TrainerSupervisor } from './trainerSupervisor.ts';
import { forkUtilityTrainer } from './utilityTrainerProcess.ts';
import { createMainWindow, secureSession } from './window.ts';

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
let mainWindow: BrowserWindow | null = null;
/** Puts a dialog's title and filters in the UI language (set once the desktop shell exists). */
let localizeDialog = <T>(options: T): T => options;

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
    if (mainWindow !== null) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.whenReady().then(start, (err: unknown) => {
    log(`RNN Studio failed to start: ${(err as Error).stack ?? String(err)}`);
    app.exit(1);
  });
}

function rendererLink(contents: WebContents): RendererLink<MessagePortMain> {
  return {
    id: contents.id,
    deliverPort: (port) => contents.postMessage(EVENT_CHANNELS.trainerPort, null, [port]),
    notify: (event) => contents.send(EVENT_CHANNELS.shellEvent, event),
  };
}

async function chooseDatasets(window: BrowserWindow | null): Promise<string[]> {
  const options: Electron.OpenDialogOptions = {
    title: 'Open Dataset',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Datasets', extensions: DATA_EXTENSIONS.map((e) => e.slice(1)) },
      { name: 'All Files', extensions: ['*'] },
    ],
  };
  const localized = localizeDialog(options);
  const result = window
    ? await dialog.showOpenDialog(window, localized)
    : await dialog.showOpenDialog(localized);
  return result.canceled ? [] : result.filePaths;
}

/** Electron's save/open dialogs for projects, datasets and models, attached to the sender's window. */
function desktopDialogs(): DesktopDialogs<Electron.IpcMainInvokeEvent> {
  const windowOf = (event: Electron.IpcMainInvokeEvent) =>
    BrowserWindows.fromWebContents(event.sender);
  const pick = async (
    event: Electron.IpcMainInvokeEvent,
    options: Electron.OpenDialogOptions,
  ): Promise<string | null> => {
    const window = windowOf(event);
    options = localizeDialog(options);
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  const save = async (
    event: Electron.IpcMainInvokeEvent,
    options: Electron.SaveDialogOptions,
  ): Promise<string | null> => {
    const window = windowOf(event);
    options = localizeDialog(options);
    const result = window
      ? await dialog.showSaveDialog(window, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || result.filePath === undefined ? null : result.filePath;
  };
  const projects = [{ name: 'RNN Studio Projects', extensions: [PROJECT_EXTENSION.slice(1)] }];
  return {
    openProject: (event) =>
      pick(event, { title: 'Open Project', properties: ['openFile'], filters: projects }),
    saveProject: (event, suggestedName) =>
      save(event, { title: 'Save Project', defaultPath: suggestedName, filters: projects }),
    locateDataset: (event, name, lastPath) =>
      pick(event, { title: `Locate '${name}'`, defaultPath: lastPath, properties: ['openFile'] }),
    saveFolder: (event, suggestedName) =>
      save(event, { title: 'Export PyTorch Folder', defaultPath: suggestedName }),
    saveModel: (event, suggestedName) =>
      save(event, {
        title: 'Export Model',
        defaultPath: suggestedName,
        filters: [{ name: 'RNN Studio Models', extensions: ['rnnmodel'] }],
      }),
  };
}

function sendToWindows(channel: string, data: unknown): void {
  for (const window of BrowserWindows.getAllWindows()) window.webContents.send(channel, data);
}

/**
 * Removes temporary files that atomic writes left when the app was killed mid-write (crash, power
 * loss) in the folders the app writes under userData; the files they were replacing are intact.
 */
function cleanUpInterruptedWrites(userData: string): void {
  // NOTE: only files older than a minute: a second instance's write may be in flight.
  const olderThanMs = 60_000;
  Promise.all([
    removeStaleTemporaries(userData, { olderThanMs }),
    ...['runs', 'autosave', 'datasets', 'gallery'].map((folder) =>
      removeStaleTemporaries(join(userData, folder), { olderThanMs, depth: 2 }),
    ),
  ])
    .then((removed) => {
      const count = removed.flat().length;
      if (count > 0) log(`Files: removed ${count} temporary files left by interrupted writes.`);
    })
    .catch((err: unknown) =>
      log(`Files: cleaning up interrupted writes failed: ${(err as Error).message}`),
    );
}

async function start(): Promise<void> {
  secureSession(session.defaultSession, devServerUrl);
  if (devServerUrl === undefined) {
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({ root: dirname(paths.renderer), csp: contentSecurityPolicy() }),
    );
  }
  const userData = app.getPath('userData');
  const smoke = smokeOptions(process.argv, process.env, userData);
  cleanUpInterruptedWrites(userData);
  const projectSession = new ProjectSession({
    userDataDir: userData,
    autosaveMs: 1500,
    log,
    onAutosaved: (view) => sendToWindows(EVENT_CHANNELS.projectChanged, view),
    onAutosaveFailed: (failure) => sendToWindows(EVENT_CHANNELS.writeFailed, failure),
  });
  const appDataFolders = [join(userData, 'datasets'), join(userData, 'gallery')];
  const runs = new RunRegistry({
    files: new RunFiles(join(userData, 'runs')),
    notify: (event) => sendToWindows(EVENT_CHANNELS.runEvent, event),
    log,
    // NOTE: a run read from a project may resume only on a granted file or the app's own data.
    isDatasetTrusted: (path) =>
      grants.allows(path) || appDataFolders.some((folder) => isInside(folder, path)),
    onWriteFailed: (failure) => sendToWindows(EVENT_CHANNELS.writeFailed, failure),
  });
  runs.onChange(() => projectSession.setRuns(runs.list()));
  const host = new TrainerHost<MessagePortMain>({
    createProcess: () =>
      forkUtilityTrainer({ entry: paths.trainer, serviceName: 'RNN Studio Trainer' }),
    log,
  });
  const supervisor = new TrainerSupervisor<MessagePortMain>({
    host,
    createChannel: () => new MessageChannelMain(),
    restartPolicy: { maxRestarts: 3, windowMs: 60_000 },
  });
  // Main's own port: queued runs start on it and checkpoints come back on it (not through IPC).
  supervisor.attachMain({
    deliverPort: (port) =>
      runs.attachPort({
        postMessage: (message) => port.postMessage(message),
        onMessage: (listener) => {
          port.on('message', (event) => listener(event.data));
          port.start();
        },
        close: () => port.close(),
      }),
    trainerCrashed: (info, options) => {
      runs
        .trainerCrashed(info, options)
        .catch((err: unknown) => log(`Runs: crash bookkeeping failed: ${(err as Error).message}`));
    },
  });
  supervisor.start();
  const desktop = createDesktopShell({
    log,
    logFile,
    runs,
    mainWindow: () => mainWindow,
    refreshMenu: () => refreshMenu(),
    saveProject: () => projectSession.flush(),
  });
  localizeDialog = desktop.localizeDialog;

  const desktopHandlers = createDesktopHandlers<Electron.IpcMainInvokeEvent>({
    grants,
    session: projectSession,
    runs,
    dialogs: desktopDialogs(),
  });
  // NOTE: opening or saving from the renderer changes the recent list; File › Open Recent follows.
  for (const channel of [
    'studio:project-open-dialog',
    'studio:project-open-recent',
    'studio:project-save',
    'studio:project-save-as-dialog',
  ] as const) {
    const handler = desktopHandlers[channel] as (payload: never, event: unknown) => unknown;
    (desktopHandlers as Record<string, unknown>)[channel] = async (
      payload: never,
      event: unknown,
    ) => {
      const result = await handler(payload, event);
      refreshMenu();
      return result;
    };
  }
  registerIpcHandlers({
    ipcMain,
    isAppPage: createAppPageGuard(
      devServerUrl === undefined ? { kind: 'app' } : { kind: 'dev-server', url: devServerUrl },
    ),
    handlers: {
      ...desktopHandlers,
      ...createDatasetHandlers<Electron.IpcMainInvokeEvent>({
        grants,
        datasetsDir: join(userData, 'datasets'),
        gallery: new GalleryDownloads({
          dir: join(userData, 'gallery'),
          // NOTE: Node's fetch; the renderer's CSP allows no network, downloads happen here.
          fetch: (url, init) => fetch(url, init),
        }),
        sendProgress: (event, progress) => {
          if (!event.sender.isDestroyed()) {
            event.sender.send(EVENT_CHANNELS.downloadProgress, progress);
          }
        },
      }),
      ...createHandlers<Electron.IpcMainInvokeEvent>({
        grants,
        chooseDatasets: (event) => chooseDatasets(BrowserWindows.fromWebContents(event.sender)),
        connectTrainer: (event) => {
          const contents = event.sender;
          supervisor.connect(rendererLink(contents));
          // NOTE: the preload connects once per page load, so this is where a (re)loaded page
          // becomes ready to receive files the OS asked us to open.
          openFiles.attach((path) => sendOpenFile(contents, path));
        },
      }),
      ...desktop.handlers,
      // A channel without a handler is a compile error here.
    } satisfies InvokeHandlers<Electron.IpcMainInvokeEvent>,
  });

  const refreshMenu = (): void => {
    projectSession
      .recent()
      .then((recent) => {
        // NOTE: the OS's own recent list (macOS Dock and File › Open Recent, the Windows jump
        // list) follows ours: the newest project is (re)added there whenever ours changes.
        const newest = recent[0];
        if (newest !== undefined) app.addRecentDocument(newest.path);
        Menu.setApplicationMenu(
          Menu.buildFromTemplate(
            desktop.menu(
              buildMenuTemplate({
                platform: process.platform,
                isDev: devServerUrl !== undefined,
                recent,
                actions: menuActions,
              }),
            ),
          ),
        );
      })
      .catch((err: unknown) => log(`Menu: building it failed: ${(err as Error).message}`));
  };
  const projectChanged = (view: ProjectView): void => {
    sendToWindows(EVENT_CHANNELS.projectChanged, view);
    refreshMenu();
  };
  const menuCommand = (command: MenuCommand): void => {
    sendToWindows(EVENT_CHANNELS.menuCommand, command);
  };
  const openDataset = (): void => {
    chooseDatasets(mainWindow)
      .then((chosen) => {
        // Chosen in the dialog: granted as they are; only paths the OS hands over are vetted.
        for (const path of chosen) openFiles.push(grants.grantFile(path));
      })
      .catch((err: unknown) => log(`Open dataset failed: ${(err as Error).message}`));
  };
  // NOTE: commands that need the renderer's state or a dialog tied to it go to the renderer,
  // which calls the matching desktop API; Save Project needs no input, so main does it.
  const menuActions: MenuActions = {
    newProject: () => menuCommand({ command: 'new-project' }),
    openProject: () => menuCommand({ command: 'open-project' }),
    openRecentProject: (path) => menuCommand({ command: 'open-recent-project', path }),
    saveProject: () => {
      projectSession.save().then(projectChanged, (err: unknown) => {
        if (err instanceof ProjectRequestError) menuCommand({ command: 'save-project-as' });
        else log(`Saving the project failed: ${(err as Error).message}`);
      });
    },
    saveProjectAs: () => menuCommand({ command: 'save-project-as' }),
    openDataset,
    openHelp: () => void shell.openExternal(DOCS_URL),
  };
  refreshMenu();
  opened
    .attachProjects({
      // NOTE: a path the OS hands over is vetted like a dropped one before it is opened.
      open: (path) =>
        grantUserFile(grants, path).then((vetted) =>
          openProjectFile({ grants, session: projectSession, runs }, vetted),
        ),
      opened: projectChanged,
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

  let stopped = false;
  /** True while the quit sequence (flush, maybe a dialog, trainer stop) runs: one at a time. */
  let quitting = false;
  const shutDown = async (): Promise<void> => {
    await Promise.all([projectSession.flush(), runs.idle()]).catch((err: unknown) =>
      log(`Saving the project failed: ${(err as Error).message}`),
    );
    const guard = electronQuitGuard({
      session: projectSession,
      grants,
      window: () => mainWindow,
      log,
      language: desktop.language,
      localizeDialog: desktop.localizeDialog,
    });
    // NOTE: a --smoke run is unattended: nobody is there to answer the quit question, and its
    // scratch project was autosaved by the flush above.
    if (smoke === null && !(await confirmQuit(guard))) {
      // NOTE: the window may already be closed (window-all-closed quits); staying needs one.
      if (mainWindow === null) await openWindow(supervisor);
      return;
    }
    desktop.dispose();
    await supervisor
      .stop({ graceMs: 3000 })
      .catch((err: unknown) => log(`Trainer stop failed: ${(err as Error).message}`));
    stopped = true;
    app.quit();
  };
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    shutDown()
      .catch((err: unknown) => log(`Quitting failed: ${(err as Error).message}`))
      .finally(() => {
        quitting = false;
      });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (mainWindow === null) void openWindow(supervisor).then(desktop.watchWindow);
  });
  desktop.watchWindow(await openWindow(supervisor));
  if (smoke !== null) {
    void runSmokeAndQuit({
      options: smoke,
      page: () => mainWindow?.webContents ?? null,
      runs,
      grants,
      datasetsDir: join(userData, 'datasets'),
      onTrainerCrash: (listener) => host.onCrash(listener),
      app,
      log,
    });
  }
}

function sendOpenFile(contents: WebContents, path: string): void {
  grantOpenedFile(path, grants)
    .then((file) => contents.send(EVENT_CHANNELS.openFile, file))
    .catch((err: unknown) => log(`Cannot open '${path}': ${(err as Error).message}`));
}

async function openWindow(supervisor: TrainerSupervisor<MessagePortMain>): Promise<BrowserWindow> {
  const window = await createMainWindow({
    preloadPath: paths.preload,
    devServerUrl,
    log,
  });
  mainWindow = window;
  const id = window.webContents.id;
  window.on('closed', () => {
    supervisor.disconnect(id);
    openFiles.attach(null);
    mainWindow = null;
  });
  return window;
}
