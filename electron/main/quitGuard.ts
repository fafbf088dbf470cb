/** Asks before quitting would lose work (the last autosave failed, or the project was never saved) and offers to save it first; the dialog's words in Korean and English. */
import type { QuitConcern } from './projects/projectSession.ts';

/** What the user chose in the quit dialog. */
export type QuitChoice = 'save' | 'quit' | 'cancel';

/** The text of the quit dialog, and its buttons in {@link QUIT_BUTTONS} order. */
export interface QuitDialogText {
  message: string;
  detail: string;
  buttons: [save: string, quit: string, cancel: string];
}

/** The choices behind the buttons of {@link QuitDialogText}, in order. */
export const QUIT_BUTTONS: readonly QuitChoice[] = ['save', 'quit', 'cancel'];

/** The quit dialog's words for `concern` in `language` ('ko' or anything else: English). */
export function quitDialogText(concern: QuitConcern, language: string): QuitDialogText {
  const ko = language.toLowerCase().startsWith('ko');
  if (concern.reason === 'write-failed') {
    return ko
      ? {
          message: '프로젝트의 마지막 변경 사항이 저장되지 않았습니다.',
          detail: `'${concern.path}'에 쓰지 못했습니다: ${concern.message}\n다른 곳에 저장하지 않고 종료하면 이 변경 사항을 잃습니다.`,
          buttons: ['다른 곳에 저장…', '저장하지 않고 종료', '취소'],
        }
      : {
          message: 'The latest changes to your project were not saved.',
          detail: `Writing '${concern.path}' failed: ${concern.message}\nQuitting without saving elsewhere loses these changes.`,
          buttons: ['Save Elsewhere…', 'Quit Without Saving', 'Cancel'],
        };
  }
  return ko
    ? {
        message: `프로젝트 '${concern.name}'을(를) 파일로 저장하지 않았습니다.`,
        detail:
          '종료하기 전에 저장하시겠습니까? 저장하지 않으면 다음에 이 프로젝트를 열 수 없습니다.',
        buttons: ['저장…', '저장하지 않고 종료', '취소'],
      }
    : {
        message: `The project '${concern.name}' was never saved to a file.`,
        detail: 'Save it before quitting? Without a file you cannot open this project again.',
        buttons: ['Save…', 'Quit Without Saving', 'Cancel'],
      };
}

/** What {@link confirmQuit} needs; wiring/quit.ts passes the ProjectSession and Electron's dialogs. */
export interface QuitGuardDeps {
  /** The open project's concern right now (ProjectSession.quitConcern, after a flush). */
  concern(): QuitConcern | null;
  /** Shows the quit dialog (main.ts: `dialog.showMessageBox` with {@link quitDialogText}). */
  ask(concern: QuitConcern): Promise<QuitChoice>;
  /** Shows the save dialog; the chosen path or null when cancelled. */
  chooseSavePath(): Promise<string | null>;
  /** Saves the project there (ProjectSession.saveAs); rejects when the write fails. */
  saveAs(path: string): Promise<unknown>;
  log(line: string): void;
}

/**
 * Decides whether the app may quit: at once when nothing would be lost; otherwise as the user
 * answers — quit anyway, cancel, or save to a file they choose (a failed save asks again, with
 * its reason).
 * @returns true when the app may quit.
 */
export async function confirmQuit(deps: QuitGuardDeps): Promise<boolean> {
  for (;;) {
    const concern = deps.concern();
    if (concern === null) return true;
    const choice = await deps.ask(concern);
    if (choice !== 'save') return choice === 'quit';
    const path = await deps.chooseSavePath();
    if (path === null) return false;
    try {
      await deps.saveAs(path);
    } catch (err) {
      deps.log(`Quit: saving the project to '${path}' failed: ${(err as Error).message}`);
    }
  }
}
