/** Wires the desktop behaviours to Electron: the UI language (set-language channel), menus with Show Logs and Check for Updates…, run indicators, the renderer-gone dialog, and opening the logs folder. */

import { dirname } from 'node:path';
import {
  app,
  type BrowserWindow,
  dialog,
  type MenuItemConstructorOptions,
  Notification,
  powerSaveBlocker,
  shell,
} from 'electron';
import { INVOKE_CHANNELS } from '../../common/ipc/channels.ts';
import type { InvokeHandlers } from '../ipc.ts';
import type { RunRegistry } from '../runs/runRegistry.ts';
import { localizeDialogOptions } from './dialogLocale.ts';
import type { LogFile } from './logFile.ts';
import { localizeMenu, withDesktopItems } from './menuLocale.ts';
import { handleRendererGone } from './rendererGone.ts';
import { DESKTOP_STRINGS, languageFromLocale, type UiLanguage } from './strings.ts';
import { TrainingIndicators } from './trainingIndicators.ts';
import { checkForUpdates, isSignedBuild, readUpdateConfig, updateAvailability } from './updates.ts';

/** What the shell needs from main.ts. */
export interface DesktopShellOptions {
  log: (line: string) => void;
  logFile: LogFile;
  runs: Pick<RunRegistry, 'onChange' | 'list'>;
  /** The main window, when open. */
  mainWindow: () => BrowserWindow | null;
  /** Rebuilds the application menu (after the language changed). */
  refreshMenu: () => void;
  /** Writes the open project now (before the renderer-gone dialog). */
  saveProject: () => Promise<void>;
}

/** The desktop shell's pieces main.ts uses. */
export interface DesktopShell {
  /** The `studio:set-language` handler, registered with the others through ipc.ts. */
  handlers: Pick<InvokeHandlers<Electron.IpcMainInvokeEvent>, typeof INVOKE_CHANNELS.setLanguage>;
  /** Adds the desktop items to menu.ts's template and translates it. */
  menu(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[];
  /** Watches a window for a dead renderer. */
  watchWindow(window: BrowserWindow): void;
  /** The UI language the renderer last reported (the system's until it does). */
  language(): UiLanguage;
  /** An open or save dialog's options with its title and filters in the UI language. */
  localizeDialog<T>(options: T): T;
  /** Removes the progress bar and releases the power-save blocker (quit). */
  dispose(): void;
}

export function createDesktopShell(options: DesktopShellOptions): DesktopShell {
  let language: UiLanguage = languageFromLocale(app.getLocale());
  const strings = () => DESKTOP_STRINGS[language];
  const indicators = new TrainingIndicators({
    setProgress: (value) => options.mainWindow()?.setProgressBar(value),
    isWindowFocused: () => options.mainWindow()?.isFocused() ?? false,
    notify: ({ title, body }) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body });
      // Clicking it brings the window (and the finished run) back.
      notification.on('click', () => {
        const window = options.mainWindow();
        if (window === null) return;
        if (window.isMinimized()) window.restore();
        window.focus();
      });
      notification.show();
    },
    startBlocker: () => powerSaveBlocker.start('prevent-app-suspension'),
    stopBlocker: (id) => powerSaveBlocker.stop(id),
    strings,
  });
  options.runs.onChange(() => indicators.update(options.runs.list()));

  const message = (text: string): void => {
    const window = options.mainWindow();
    const box = { type: 'info' as const, title: strings().updatesTitle, message: text };
    void (window === null ? dialog.showMessageBox(box) : dialog.showMessageBox(window, box));
  };
  const updates = () => {
    const updateConfig = readUpdateConfig(process.resourcesPath ?? '');
    const signed = isSignedBuild({
      platform: process.platform,
      execPath: process.execPath,
      updateConfig,
    });
    return updateAvailability({ isPackaged: app.isPackaged, updateConfig, signed }, strings());
  };
  const check = (): void => {
    // NOTE: loaded on demand: electron-updater is sizeable and most sessions never check.
    import('electron-updater')
      .then(({ autoUpdater }) => checkForUpdates(autoUpdater, app.getVersion(), strings()))
      .then(message, (err: unknown) => message(strings().updateFailed((err as Error).message)));
  };
  const showLogs = (): void => {
    shell.openPath(dirname(options.logFile.path())).then((error) => {
      if (error !== '') message(strings().logsFolderFailed(error));
    });
  };

  return {
    handlers: {
      [INVOKE_CHANNELS.setLanguage]: ({ language: next }) => {
        if (next !== language) {
          language = next;
          options.refreshMenu();
        }
        return null;
      },
    },
    menu: (template) => {
      const availability = updates();
      return localizeMenu(
        withDesktopItems(template, {
          showLogs,
          updates: availability.enabled ? { enabled: true, check } : availability,
        }),
        language,
        process.platform,
      );
    },
    watchWindow: (window) => {
      window.webContents.on('render-process-gone', (_event, details) => {
        void handleRendererGone(details, {
          saveProject: options.saveProject,
          ask: (box) =>
            dialog
              .showMessageBox(window, { type: 'warning', ...box, defaultId: 0, cancelId: 0 })
              .then((answer) => answer.response),
          reload: () => {
            if (!window.isDestroyed()) window.webContents.reload();
          },
          quit: () => app.quit(),
          strings,
          log: options.log,
        });
      });
    },
    language: () => language,
    localizeDialog: <T>(options: T): T =>
      localizeDialogOptions(options as Parameters<typeof localizeDialogOptions>[0], language) as T,
    dispose: () => indicators.dispose(),
  };
}
