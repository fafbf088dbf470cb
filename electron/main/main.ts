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
  session,
  shell,
  type WebContents,
} from 'electron';
import { EVENT_CHANNELS } from '../preload/channels.ts';
import { createAppPageGuard } from './appPage.ts';
import { FileGrants } from './fileGrants.ts';
import { createHandlers, describeFile } from './handlers.ts';
import { registerIpcHandlers } from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { filesFromArgv, OpenFileQueue } from './openFiles.ts';
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
const HELP_URL = 'https://github.com/rnn-studio/rnn-studio#readme';
const log = (line: string): void => console.log(line);

const grants = new FileGrants();
const openFiles = new OpenFileQueue();
let mainWindow: BrowserWindow | null = null;

// NOTE: macOS delivers double-clicked files through 'open-file', possibly before 'ready'.
app.on('open-file', (event, path) => {
  event.preventDefault();
  openFiles.push(path);
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  for (const path of filesFromArgv(process.argv, process.cwd())) openFiles.push(path);
  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const path of filesFromArgv(argv, workingDirectory)) openFiles.push(path);
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
      { name: 'Datasets', extensions: ['csv', 'tsv', 'jsonl', 'txt', 'conllu', 'conll'] },
      { name: 'All Files', extensions: ['*'] },
    ],
  };
  const result = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

async function start(): Promise<void> {
  secureSession(session.defaultSession, devServerUrl);
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
  supervisor.start();

  registerIpcHandlers({
    ipcMain,
    isAppPage: createAppPageGuard(
      devServerUrl === undefined
        ? { kind: 'file', indexHtmlPath: paths.renderer }
        : { kind: 'dev-server', url: devServerUrl },
    ),
    handlers: createHandlers<Electron.IpcMainInvokeEvent>({
      grants,
      chooseDatasets: (event) => chooseDatasets(BrowserWindows.fromWebContents(event.sender)),
      openExternal: (url) => shell.openExternal(url.href),
      connectTrainer: (event) => {
        const contents = event.sender;
        supervisor.connect(rendererLink(contents));
        // NOTE: the preload connects once per page load, so this is where a (re)loaded page
        // becomes ready to receive files the OS asked us to open.
        openFiles.attach((path) => sendOpenFile(contents, path));
      },
    }),
  });

  const openDataset = (): void => {
    chooseDatasets(mainWindow)
      .then((chosen) => {
        for (const path of chosen) openFiles.push(path);
      })
      .catch((err: unknown) => log(`Open dataset failed: ${(err as Error).message}`));
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        isDev: devServerUrl !== undefined,
        actions: { openDataset, openHelp: () => void shell.openExternal(HELP_URL) },
      }),
    ),
  );

  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    supervisor
      .stop({ graceMs: 3000 })
      .catch((err: unknown) => log(`Trainer stop failed: ${(err as Error).message}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (mainWindow === null) void openWindow(supervisor);
  });
  await openWindow(supervisor);
}

function sendOpenFile(contents: WebContents, path: string): void {
  describeFile(grants.grantFile(path))
    .then((file) => contents.send(EVENT_CHANNELS.openFile, file))
    .catch((err: unknown) => log(`Cannot open '${path}': ${(err as Error).message}`));
}

async function openWindow(supervisor: TrainerSupervisor<MessagePortMain>): Promise<void> {
  const window = await createMainWindow({
    preloadPath: paths.preload,
    devServerUrl,
    rendererIndex: paths.renderer,
    log,
  });
  mainWindow = window;
  const id = window.webContents.id;
  window.on('closed', () => {
    supervisor.disconnect(id);
    openFiles.attach(null);
    mainWindow = null;
  });
}
