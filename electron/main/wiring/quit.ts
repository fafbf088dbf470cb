/** The app's lifecycle after start: quitting saves the project, may ask first, then stops the trainer; closing the last window quits except on macOS; activate reopens the window. */
import { app } from 'electron';
import type { DesktopShell } from '../desktop/desktopShell.ts';
import type { FileGrants } from '../fileGrants.ts';
import { electronQuitGuard } from '../quitDialogs.ts';
import { confirmQuit } from '../quitGuard.ts';
import type { Trainer } from './trainer.ts';
import type { Windows } from './windows.ts';
import type { Workspace } from './workspace.ts';

/** What {@link handleAppLifecycle} needs. */
export interface LifecycleOptions {
  workspace: Workspace;
  grants: FileGrants;
  trainer: Trainer;
  desktop: DesktopShell;
  windows: Windows;
  /** Opens the main window again (staying after the quit question, activate on macOS). */
  openWindow: () => Promise<unknown>;
  /** Unattended (`--smoke`): nobody is there to answer the quit question. */
  unattended: boolean;
  log: (line: string) => void;
}

/**
 * Saves the project and the runs, asks when work would be lost, then stops the trainer and quits.
 * Resolves without quitting when the user chose to stay.
 */
async function shutDown(options: LifecycleOptions, quit: () => void): Promise<void> {
  const { workspace, desktop, windows, log } = options;
  await Promise.all([workspace.session.flush(), workspace.runs.idle()]).catch((err: unknown) =>
    log(`Saving the project failed: ${(err as Error).message}`),
  );
  const guard = electronQuitGuard({
    session: workspace.session,
    grants: options.grants,
    window: () => windows.current(),
    log,
    language: desktop.language,
    localizeDialog: desktop.localizeDialog,
  });
  // NOTE: a --smoke run's scratch project was autosaved by the flush above.
  if (!options.unattended && !(await confirmQuit(guard))) {
    // NOTE: the window may already be closed (window-all-closed quits); staying needs one.
    if (windows.current() === null) await options.openWindow();
    return;
  }
  desktop.dispose();
  await options.trainer.supervisor
    .stop({ graceMs: 3000 })
    .catch((err: unknown) => log(`Trainer stop failed: ${(err as Error).message}`));
  quit();
}

/** Installs the quit sequence and the window lifecycle on `app`. */
export function handleAppLifecycle(options: LifecycleOptions): void {
  let stopped = false;
  /** True while the quit sequence (flush, maybe a dialog, trainer stop) runs: one at a time. */
  let quitting = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    shutDown(options, () => {
      stopped = true;
      app.quit();
    })
      .catch((err: unknown) => options.log(`Quitting failed: ${(err as Error).message}`))
      .finally(() => {
        quitting = false;
      });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (options.windows.current() === null) void options.openWindow();
  });
}
