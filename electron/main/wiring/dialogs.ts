/** Electron's open and save dialogs for datasets, projects and models, in the UI language and attached to the asking window. */
import { BrowserWindow, dialog } from 'electron';
import { PROJECT_EXTENSION } from '../../common/projectSchema.ts';
import type { DesktopDialogs } from '../desktopHandlers.ts';
import { DATA_EXTENSIONS } from '../fileKinds.ts';

/** An open or save dialog's options with its title and filters in the UI language. */
export type LocalizeDialog = <T>(options: T) => T;

/** The dialogs main shows. */
export interface Dialogs {
  /** The "Open Dataset" dialog (several files); resolves with the chosen paths, [] if cancelled. */
  chooseDatasets(window: BrowserWindow | null): Promise<string[]>;
  /** The project, dataset and model dialogs of the IPC handlers, attached to the sender's window. */
  forHandlers: DesktopDialogs<Electron.IpcMainInvokeEvent>;
}

async function showOpen(
  window: BrowserWindow | null,
  options: Electron.OpenDialogOptions,
): Promise<string[]> {
  const result = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

async function showSave(
  window: BrowserWindow | null,
  options: Electron.SaveDialogOptions,
): Promise<string | null> {
  const result = window
    ? await dialog.showSaveDialog(window, options)
    : await dialog.showSaveDialog(options);
  return result.canceled || result.filePath === undefined ? null : result.filePath;
}

export function createDialogs(localize: LocalizeDialog): Dialogs {
  const windowOf = (event: Electron.IpcMainInvokeEvent) =>
    BrowserWindow.fromWebContents(event.sender);
  const pick = async (event: Electron.IpcMainInvokeEvent, options: Electron.OpenDialogOptions) =>
    (await showOpen(windowOf(event), localize(options)))[0] ?? null;
  const save = (event: Electron.IpcMainInvokeEvent, options: Electron.SaveDialogOptions) =>
    showSave(windowOf(event), localize(options));
  const projects = [{ name: 'RNN Studio Projects', extensions: [PROJECT_EXTENSION.slice(1)] }];
  return {
    chooseDatasets: (window) =>
      showOpen(
        window,
        localize({
          title: 'Open Dataset',
          properties: ['openFile', 'multiSelections'],
          filters: [
            { name: 'Datasets', extensions: DATA_EXTENSIONS.map((e) => e.slice(1)) },
            { name: 'All Files', extensions: ['*'] },
          ],
        }),
      ),
    forHandlers: {
      openProject: (event) =>
        pick(event, { title: 'Open Project', properties: ['openFile'], filters: projects }),
      saveProject: (event, suggestedName) =>
        save(event, { title: 'Save Project', defaultPath: suggestedName, filters: projects }),
      locateDataset: (event, name, lastPath) =>
        pick(event, { title: `Locate '${name}'`, defaultPath: lastPath, properties: ['openFile'] }),
      saveFolder: (event, suggestedName) =>
        save(event, { title: 'Export PyTorch Folder', defaultPath: suggestedName }),
      openImageFolder: (event) =>
        pick(event, { title: 'Open Image Folder', properties: ['openDirectory'] }),
      openModel: (event) =>
        pick(event, {
          title: 'Open Language Model',
          properties: ['openFile'],
          filters: [{ name: 'RNN Studio Models', extensions: ['rnnmodel'] }],
        }),
      saveModel: (event, suggestedName) =>
        save(event, {
          title: 'Export Model',
          defaultPath: suggestedName,
          filters: [{ name: 'RNN Studio Models', extensions: ['rnnmodel'] }],
        }),
    },
  };
}
