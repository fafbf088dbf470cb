/** The live progress of `rnn-studio train`: one line redrawn in place during each epoch, an auto-tune search's trials and the final evaluation on a terminal, a plain line every so often when stdout is a pipe or file. */
import type { TrainingRunEvent } from '../core/train/trainer.ts';
import type { TrialProgress } from '../core/tune/report.ts';

/** A training-progress event, as the trainer sends it. */
export type ProgressEvent = Extract<TrainingRunEvent, { type: 'training-progress' }>;

/** The final evaluation's progress event, as the trainer sends it. */
export type EvaluationEvent = Extract<TrainingRunEvent, { type: 'evaluation-progress' }>;

/** Seconds between plain progress lines when stdout is not a terminal. */
export const PLAIN_EVERY_SECONDS = 30;

/** `45s`, `3:07`, `1:02:09`; `–` for an unknown duration. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** `1,234` examples per second (no decimals from 100 on, one below, so small rates still show). */
function formatRate(perSecond: number): string {
  return perSecond >= 100 ? Math.round(perSecond).toLocaleString('en-US') : perSecond.toFixed(1);
}

/**
 * `epoch 1/3  step 120/500  loss 0.6931  1,234 ex/s  ETA 3:07` — the epoch in progress, its step
 * of the epoch, the smoothed loss, throughput and the run's remaining time.
 */
export function formatProgressLine(e: ProgressEvent): string {
  const loss = Number.isFinite(e.smoothedLoss) ? e.smoothedLoss.toFixed(4) : String(e.smoothedLoss);
  return [
    `epoch ${e.epoch + 1}/${e.epochs}`,
    `step ${e.stepInEpoch}/${e.stepsPerEpoch}`,
    `loss ${loss}`,
    `${formatRate(e.examplesPerSecond)} ex/s`,
    `ETA ${formatDuration(e.etaSeconds)}`,
  ].join('  ');
}

/**
 * `round 1  trial 0  epoch 2/6  step 120/900  loss 0.6931  1:10 of 5:00 used` — an auto-tune
 * search's trial training now: the round (numbered as the trial lines number them), its epoch and
 * step over its own run, its smoothed loss, and the budget used.
 */
export function formatSearchLine(p: TrialProgress, o: { maxMinutes: number }): string {
  const loss = Number.isFinite(p.loss) ? p.loss.toFixed(4) : String(p.loss);
  return [
    `round ${p.rung + 1}`,
    `trial ${p.trial}`,
    `epoch ${p.epoch + 1}/${p.epochs}`,
    `step ${p.step}/${p.totalSteps}`,
    `loss ${loss}`,
    `${formatDuration(p.searchSeconds)} of ${formatDuration(o.maxMinutes * 60)} used`,
  ].join('  ');
}

const SPLIT_NAMES = { train: 'training', val: 'validation', test: 'test' } as const;

/** `evaluating 12,000/480,000 test examples (2%)` — the final evaluation's examples scored so far. */
export function formatEvaluationLine(e: EvaluationEvent): string {
  const percent = e.total > 0 ? Math.floor((100 * e.examples) / e.total) : 100;
  const count = (n: number) => n.toLocaleString('en-US');
  return `evaluating ${count(e.examples)}/${count(e.total)} ${SPLIT_NAMES[e.split]} examples (${percent}%)`;
}

/** Cut to `columns − 1` characters so the line never wraps (a wrapped line cannot be redrawn with `\r`). */
function clip(line: string, columns: number): string {
  const max = Math.max(10, columns - 1);
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** ANSI: carriage return, then erase the whole line. */
const ERASE = '\r\x1b[2K';

/**
 * Draws progress events: on a terminal (`terminal` non-null) one line rewritten in place, cleared
 * before any other output; otherwise a plain line at most every {@link PLAIN_EVERY_SECONDS}
 * seconds of training, and during the final evaluation one per tenth of the split scored.
 */
export class ProgressPrinter {
  private drawn = false;
  private lastPlainAt = 0;
  /** The last tenth of the evaluated split given a plain line (-1: none yet). */
  private lastTenth = -1;
  /** The search's seconds at its last plain line. */
  private lastSearchAt = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly terminal: { columns: number } | null,
  ) {}

  /** Draws a progress event (the live line, or a plain line when one is due). */
  progress(e: ProgressEvent): void {
    const line = formatProgressLine(e);
    if (this.drawLive(line)) return;
    if (e.elapsedSeconds - this.lastPlainAt >= PLAIN_EVERY_SECONDS) {
      this.lastPlainAt = e.elapsedSeconds;
      this.write(`${line}\n`);
    }
  }

  /** Draws an auto-tune search's trial training now (the live line, or a plain line every so often of the search). */
  search(p: TrialProgress, o: { maxMinutes: number }): void {
    const line = formatSearchLine(p, o);
    if (this.drawLive(line)) return;
    if (p.searchSeconds - this.lastSearchAt >= PLAIN_EVERY_SECONDS) {
      this.lastSearchAt = p.searchSeconds;
      this.write(`${line}\n`);
    }
  }

  /** On a terminal, redraws the live line as `line` and returns true; elsewhere returns false. */
  private drawLive(line: string): boolean {
    if (this.terminal === null) return false;
    this.write(`${ERASE}${clip(line, this.terminal.columns)}`);
    this.drawn = true;
    return true;
  }

  /** Draws the final evaluation's progress (the live line, or a plain line at each further tenth). */
  evaluation(e: EvaluationEvent): void {
    const line = formatEvaluationLine(e);
    if (this.terminal !== null) {
      this.write(`${ERASE}${clip(line, this.terminal.columns)}`);
      this.drawn = true;
      return;
    }
    const tenth = e.total > 0 ? Math.floor((10 * e.examples) / e.total) : 10;
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.write(`${line}\n`);
    }
  }

  /** Erases the live line so the next output starts on a clean line (a no-op off a terminal). */
  clear(): void {
    if (!this.drawn) return;
    this.write(ERASE);
    this.drawn = false;
  }
}
