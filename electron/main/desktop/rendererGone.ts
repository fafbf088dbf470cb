/** When the window's renderer process dies: the project is saved first, then a dialog offers to reload the window (the project and runs live in main, so nothing is lost) or quit. */
import type { DesktopStrings } from './strings.ts';

/** What Electron's 'render-process-gone' reports. */
export interface GoneDetails {
  reason: string;
  exitCode: number;
}

/** What the handler needs; main.ts passes ProjectSession.flush, dialog.showMessageBox, the window and app. */
export interface RendererGoneDeps {
  /** Writes the open project (autosave or its file) now. */
  saveProject(): Promise<void>;
  /** Shows a message box; resolves with the index of the button chosen. */
  ask(box: { title: string; message: string; detail: string; buttons: string[] }): Promise<number>;
  reload(): void;
  quit(): void;
  strings(): DesktopStrings;
  log(line: string): void;
}

/**
 * Handles one 'render-process-gone': saves, asks, then reloads or quits. A clean exit (the window
 * closing) is ignored.
 */
export async function handleRendererGone(
  details: GoneDetails,
  deps: RendererGoneDeps,
): Promise<'reload' | 'quit' | 'ignored'> {
  if (details.reason === 'clean-exit') return 'ignored';
  deps.log(
    `Window: the renderer process is gone (${details.reason}, exit code ${details.exitCode}).`,
  );
  try {
    await deps.saveProject();
  } catch (err) {
    deps.log(
      `Window: saving the project after the renderer died failed: ${(err as Error).message}`,
    );
  }
  const strings = deps.strings();
  const choice = await deps.ask({
    title: strings.rendererGoneTitle,
    message: strings.rendererGoneMessage(details.reason),
    detail: strings.rendererGoneDetail,
    buttons: [strings.reload, strings.quit],
  });
  if (choice === 0) {
    deps.reload();
    return 'reload';
  }
  deps.quit();
  return 'quit';
}
