/** Registers every renderer → main handler through ipc.ts (sender check, then payload schema): files, datasets, projects, runs, exports, the UI language and the computer's memory. */
import { BrowserWindow, ipcMain, type WebContents } from 'electron';
import { EVENT_CHANNELS } from '../../common/ipc/channels.ts';
import { createAppPageGuard } from '../appPage.ts';
import { createDatasetHandlers } from '../datasetHandlers.ts';
import type { DesktopShell } from '../desktop/desktopShell.ts';
import { createDesktopHandlers } from '../desktopHandlers.ts';
import type { FileGrants } from '../fileGrants.ts';
import { GalleryDownloads } from '../galleryDownloads.ts';
import { createHandlers } from '../handlers.ts';
import { type InvokeHandlers, registerIpcHandlers } from '../ipc.ts';
import { createSystemMemoryHandler } from '../systemMemory.ts';
import type { Dialogs } from './dialogs.ts';
import type { AppFolders, Workspace } from './workspace.ts';

type InvokeEvent = Electron.IpcMainInvokeEvent;

/** What {@link registerMainHandlers} needs. */
export interface MainHandlerOptions {
  devServerUrl: string | undefined;
  folders: AppFolders;
  grants: FileGrants;
  workspace: Workspace;
  dialogs: Dialogs;
  desktop: DesktopShell;
  /** Gives the sending page a port to the trainer; the page is then ready for opened files. */
  connectTrainer: (contents: WebContents) => void;
  /** A project request may have changed the recent list: rebuild File › Open Recent. */
  onRecentChanged: () => void;
}

/** Every channel's handler; a channel without one is a compile error (`satisfies`). */
function mainHandlers(options: MainHandlerOptions): InvokeHandlers<InvokeEvent> {
  const { folders, grants, workspace, dialogs } = options;
  return {
    ...createDesktopHandlers<InvokeEvent>({
      grants,
      session: workspace.session,
      runs: workspace.runs,
      dialogs: dialogs.forHandlers,
      onRecentChanged: options.onRecentChanged,
    }),
    ...createDatasetHandlers<InvokeEvent>({
      grants,
      datasetsDir: folders.datasets,
      gallery: new GalleryDownloads({
        dir: folders.gallery,
        // NOTE: Node's fetch; the renderer's CSP allows no network, downloads happen here.
        fetch: (url, init) => fetch(url, init),
      }),
      sendProgress: (event, progress) => {
        if (!event.sender.isDestroyed()) {
          event.sender.send(EVENT_CHANNELS.downloadProgress, progress);
        }
      },
    }),
    ...createHandlers<InvokeEvent>({
      grants,
      chooseDatasets: (event) =>
        dialogs.chooseDatasets(BrowserWindow.fromWebContents(event.sender)),
      connectTrainer: (event) => options.connectTrainer(event.sender),
    }),
    ...createSystemMemoryHandler<InvokeEvent>(),
    ...options.desktop.handlers,
  } satisfies InvokeHandlers<InvokeEvent>;
}

/** Registers the handlers on `ipcMain`, answering only the app's page (or the dev server's). */
export function registerMainHandlers(options: MainHandlerOptions): void {
  registerIpcHandlers({
    ipcMain,
    isAppPage: createAppPageGuard(
      options.devServerUrl === undefined
        ? { kind: 'app' }
        : { kind: 'dev-server', url: options.devServerUrl },
    ),
    handlers: mainHandlers(options),
  });
}
