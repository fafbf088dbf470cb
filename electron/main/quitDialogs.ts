/** The quit guard's Electron side: the warning message box and the save dialog, attached to the window when there is one, worded in the system's language. */
import { app, type BrowserWindow, dialog } from 'electron';
import { PROJECT_EXTENSION } from '../common/projectSchema.ts';
import type { FileGrants } from './fileGrants.ts';
import type { ProjectSession } from './projects/projectSession.ts';
import { QUIT_BUTTONS, type QuitGuardDeps, quitDialogText } from './quitGuard.ts';

/** What {@link electronQuitGuard} needs from main. */
export interface ElectronQuitGuardOptions {
  session: ProjectSession;
  grants: FileGrants;
  /** The window to attach the dialogs to, or null once it is closed. */
  window: () => BrowserWindow | null;
  log: (line: string) => void;
  /** The UI language ('en' or 'ko'); the system's language when not given. */
  language?: () => string;
  /** Puts the save dialog's title and filters in the UI language; unchanged when not given. */
  localizeDialog?: <T>(options: T) => T;
}

/** {@link QuitGuardDeps} over Electron's dialogs and the open project. */
export function electronQuitGuard(options: ElectronQuitGuardOptions): QuitGuardDeps {
  const { session, grants, log } = options;
  return {
    concern: () => session.quitConcern(),
    ask: async (concern) => {
      const text = quitDialogText(concern, options.language?.() ?? app.getLocale());
      const box: Electron.MessageBoxOptions = {
        type: 'warning',
        message: text.message,
        detail: text.detail,
        buttons: text.buttons,
        defaultId: 0,
        cancelId: 2,
        noLink: true,
      };
      const window = options.window();
      const { response } = window
        ? await dialog.showMessageBox(window, box)
        : await dialog.showMessageBox(box);
      return QUIT_BUTTONS[response] ?? 'cancel';
    },
    chooseSavePath: async () => {
      const save: Electron.SaveDialogOptions = (options.localizeDialog ?? ((o) => o))({
        title: 'Save Project',
        defaultPath: `${session.view().project.name}${PROJECT_EXTENSION}`,
        filters: [{ name: 'RNN Studio Projects', extensions: [PROJECT_EXTENSION.slice(1)] }],
      });
      const window = options.window();
      const result = window
        ? await dialog.showSaveDialog(window, save)
        : await dialog.showSaveDialog(save);
      return result.canceled || result.filePath === undefined ? null : result.filePath;
    },
    saveAs: (path) => session.saveAs(grants.grantFile(path)),
    log,
  };
}
