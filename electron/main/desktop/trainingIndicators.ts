/** What the desktop shows while runs train: taskbar/dock progress, a power-save blocker so a sleeping laptop does not stop the run, and a notification when a run ends or fails while the window is not focused. */
import { ACTIVE_STATES, type RunRecord } from '../../common/runRecord.ts';
import type { DesktopStrings } from './strings.ts';

/** The parts of Electron the indicators use; main.ts passes the window, Notification and powerSaveBlocker. */
export interface IndicatorHost {
  /** `BrowserWindow.setProgressBar`: 0–1, or -1 to remove the bar. */
  setProgress(value: number): void;
  /** Whether the user is looking at the app (the main window is focused). */
  isWindowFocused(): boolean;
  /** Shows a system notification. */
  notify(notification: { title: string; body: string }): void;
  /** `powerSaveBlocker.start('prevent-app-suspension')`; returns its id. */
  startBlocker(): number;
  /** `powerSaveBlocker.stop(id)`. */
  stopBlocker(id: number): void;
  /** The texts in the UI's current language. */
  strings(): DesktopStrings;
}

/** The bar while a run has not finished an epoch yet, so it shows at all. */
const MIN_PROGRESS = 0.01;

/**
 * The progress of the run that is training, by epochs done out of those planned (main sees
 * epochs, not steps); null when no run trains.
 */
export function trainingProgress(runs: readonly RunRecord[]): number | null {
  const active = runs.find((run) => ACTIVE_STATES.has(run.state));
  if (active === undefined) return null;
  const done = active.history.length / active.spec.train.epochs;
  return Math.min(1, Math.max(MIN_PROGRESS, done));
}

/** Follows the run registry (call {@link update} on every change) and drives the indicators. */
export class TrainingIndicators {
  private readonly lastStates = new Map<string, RunRecord['state']>();
  private blocker: number | null = null;
  private showingProgress = false;

  constructor(private readonly host: IndicatorHost) {}

  update(runs: readonly RunRecord[]): void {
    this.updateProgress(runs);
    this.updateBlocker(runs.some((run) => ACTIVE_STATES.has(run.state)));
    for (const run of runs) {
      const before = this.lastStates.get(run.runId);
      this.lastStates.set(run.runId, run.state);
      const wasWorking = before !== undefined && (before === 'queued' || ACTIVE_STATES.has(before));
      if (!wasWorking || (run.state !== 'finished' && run.state !== 'failed')) continue;
      if (!this.host.isWindowFocused()) this.notifyEnd(run);
    }
  }

  /** Removes the bar and releases the blocker (app quitting). */
  dispose(): void {
    this.updateProgress([]);
    this.updateBlocker(false);
  }

  private updateProgress(runs: readonly RunRecord[]): void {
    const progress = trainingProgress(runs);
    if (progress !== null) {
      this.host.setProgress(progress);
      this.showingProgress = true;
    } else if (this.showingProgress) {
      this.host.setProgress(-1);
      this.showingProgress = false;
    }
  }

  private updateBlocker(training: boolean): void {
    if (training && this.blocker === null) this.blocker = this.host.startBlocker();
    else if (!training && this.blocker !== null) {
      this.host.stopBlocker(this.blocker);
      this.blocker = null;
    }
  }

  private notifyEnd(run: RunRecord): void {
    const strings = this.host.strings();
    const failed = run.state === 'failed';
    this.host.notify({
      title: failed ? strings.trainingFailedTitle : strings.trainingFinishedTitle,
      body: strings.runBody({
        task: run.spec.task,
        fileName: run.dataset.fileName,
        ...(failed && run.error !== null ? { error: run.error.message } : {}),
      }),
    });
  }
}
