/** Tests of the train command's progress line: its wording, the redrawn line on a terminal, and throttled plain lines off one, for training steps, an auto-tune search's trials and the final evaluation. */
import { describe, expect, it } from 'vitest';
import type { TrialProgress } from '../core/tune/report.ts';
import {
  type EvaluationEvent,
  formatDuration,
  formatEvaluationLine,
  formatProgressLine,
  formatSearchLine,
  PLAIN_EVERY_SECONDS,
  type ProgressEvent,
  ProgressPrinter,
} from './progressLine.ts';

function event(over: Partial<ProgressEvent> = {}): ProgressEvent {
  return {
    type: 'training-progress',
    epoch: 0,
    epochs: 3,
    step: 120,
    totalSteps: 1500,
    stepInEpoch: 120,
    stepsPerEpoch: 500,
    loss: 0.7,
    smoothedLoss: 0.5,
    lr: 0.001,
    gradNorm: 1,
    examplesPerSecond: 1234.4,
    etaSeconds: 187,
    elapsedSeconds: 12,
    ...over,
  };
}

describe('formatProgressLine', () => {
  it('shows epoch, step of the epoch, smoothed loss, examples per second and the ETA', () => {
    expect(formatProgressLine(event())).toBe(
      'epoch 1/3  step 120/500  loss 0.5000  1,234 ex/s  ETA 3:07',
    );
  });

  it('keeps a decimal for slow rates and a dash for an unknown ETA', () => {
    expect(formatProgressLine(event({ examplesPerSecond: 3.25, etaSeconds: null }))).toBe(
      'epoch 1/3  step 120/500  loss 0.5000  3.3 ex/s  ETA –',
    );
  });
});

describe('formatDuration', () => {
  it('writes seconds, minutes and hours', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(187)).toBe('3:07');
    expect(formatDuration(3729)).toBe('1:02:09');
    expect(formatDuration(null)).toBe('–');
  });
});

describe('ProgressPrinter', () => {
  it('on a terminal redraws one line in place and erases it before other output', () => {
    let out = '';
    const p = new ProgressPrinter(
      (t) => {
        out += t;
      },
      { columns: 80 },
    );
    p.progress(event());
    p.progress(event({ stepInEpoch: 121 }));
    p.clear();
    expect(out).toBe(
      '\r\x1b[2Kepoch 1/3  step 120/500  loss 0.5000  1,234 ex/s  ETA 3:07' +
        '\r\x1b[2Kepoch 1/3  step 121/500  loss 0.5000  1,234 ex/s  ETA 3:07' +
        '\r\x1b[2K',
    );
    expect(out).not.toContain('\n');
  });

  it('cuts the line to the terminal width so it never wraps', () => {
    let out = '';
    new ProgressPrinter(
      (t) => {
        out += t;
      },
      { columns: 30 },
    ).progress(event());
    expect(out).toBe('\r\x1b[2Kepoch 1/3  step 120/500  los…');
  });

  it('off a terminal prints plain lines, at most one per interval of training time', () => {
    let out = '';
    const p = new ProgressPrinter((t) => {
      out += t;
    }, null);
    for (const s of [
      1,
      5,
      PLAIN_EVERY_SECONDS + 1,
      PLAIN_EVERY_SECONDS + 2,
      2 * PLAIN_EVERY_SECONDS + 1,
    ])
      p.progress(event({ elapsedSeconds: s, stepInEpoch: s }));
    p.clear();
    expect(out.split('\n').filter((l) => l !== '')).toEqual([
      `epoch 1/3  step ${PLAIN_EVERY_SECONDS + 1}/500  loss 0.5000  1,234 ex/s  ETA 3:07`,
      `epoch 1/3  step ${2 * PLAIN_EVERY_SECONDS + 1}/500  loss 0.5000  1,234 ex/s  ETA 3:07`,
    ]);
    expect(out).not.toContain('\r');
  });
});

const evaluating = (examples: number, total = 480_000): EvaluationEvent => ({
  type: 'evaluation-progress',
  split: 'test',
  examples,
  total,
});

describe('the final evaluation', () => {
  it('shows examples scored of the split, with thousands separators and the percentage', () => {
    expect(formatEvaluationLine(evaluating(12_000))).toBe(
      'evaluating 12,000/480,000 test examples (2%)',
    );
    expect(formatEvaluationLine({ ...evaluating(64, 70), split: 'val' })).toBe(
      'evaluating 64/70 validation examples (91%)',
    );
  });

  it('on a terminal redraws the live line after the training line', () => {
    let out = '';
    const p = new ProgressPrinter(
      (t) => {
        out += t;
      },
      { columns: 80 },
    );
    p.progress(event());
    p.evaluation(evaluating(12_000));
    p.evaluation(evaluating(480_000));
    p.clear();
    expect(out).toBe(
      '\r\x1b[2Kepoch 1/3  step 120/500  loss 0.5000  1,234 ex/s  ETA 3:07' +
        '\r\x1b[2Kevaluating 12,000/480,000 test examples (2%)' +
        '\r\x1b[2Kevaluating 480,000/480,000 test examples (100%)' +
        '\r\x1b[2K',
    );
  });

  it('off a terminal prints a plain line at the first event and each further tenth, and the last', () => {
    let out = '';
    const p = new ProgressPrinter((t) => {
      out += t;
    }, null);
    for (const n of [10, 20, 40, 50, 55, 95, 100]) p.evaluation(evaluating(n, 100));
    expect(out).toBe(
      [
        'evaluating 10/100 test examples (10%)',
        'evaluating 20/100 test examples (20%)',
        'evaluating 40/100 test examples (40%)',
        'evaluating 50/100 test examples (50%)',
        'evaluating 95/100 test examples (95%)',
        'evaluating 100/100 test examples (100%)',
        '',
      ].join('\n'),
    );
  });
});

describe('an auto-tune search', () => {
  const trial = (over: Partial<TrialProgress> = {}): TrialProgress => ({
    trial: 0,
    rung: 0,
    config: { hiddenSize: 8, numLayers: 1, dropout: 0, lr: 0.001 },
    epoch: 1,
    epochs: 6,
    step: 120,
    totalSteps: 900,
    loss: 0.5,
    searchSeconds: 70,
    ...over,
  });

  it('names the round, the trial training now, its epoch and step, and the budget used', () => {
    expect(formatSearchLine(trial({ rung: 4, trial: 9 }), { maxMinutes: 5 })).toBe(
      'round 5  trial 9  epoch 2/6  step 120/900  loss 0.5000  1:10 of 5:00 used',
    );
  });

  it('moves while the spec trains first: redrawn on a terminal, a plain line per interval of the search off one', () => {
    let live = '';
    const onTerminal = new ProgressPrinter(
      (t) => {
        live += t;
      },
      { columns: 120 },
    );
    onTerminal.search(trial({ step: 10, searchSeconds: 3 }), { maxMinutes: 5 });
    onTerminal.search(trial({ step: 20, searchSeconds: 4 }), { maxMinutes: 5 });
    expect(live).toBe(
      '\r\x1b[2Kround 1  trial 0  epoch 2/6  step 10/900  loss 0.5000  3s of 5:00 used' +
        '\r\x1b[2Kround 1  trial 0  epoch 2/6  step 20/900  loss 0.5000  4s of 5:00 used',
    );
    let plain = '';
    const offTerminal = new ProgressPrinter((t) => {
      plain += t;
    }, null);
    for (const s of [1, 5, PLAIN_EVERY_SECONDS + 1, PLAIN_EVERY_SECONDS + 2]) {
      offTerminal.search(trial({ step: s, searchSeconds: s }), { maxMinutes: 5 });
    }
    expect(plain).toBe(
      `round 1  trial 0  epoch 2/6  step ${PLAIN_EVERY_SECONDS + 1}/900  loss 0.5000  31s of 5:00 used\n`,
    );
  });
});
