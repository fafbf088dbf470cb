/** Taskbar progress, the power-save blocker and end-of-run notifications follow the runs. */
import { describe, expect, test } from 'vitest';
import { tinyClassifySpec } from '../../../test/support/tinyClassify.ts';
import type { RunRecord } from '../../common/runRecord.ts';
import { DESKTOP_STRINGS, languageFromLocale, type UiLanguage } from './strings.ts';
import { TrainingIndicators, trainingProgress } from './trainingIndicators.ts';

function run(state: RunRecord['state'], epochsDone = 0, error: string | null = null): RunRecord {
  return {
    runId: 'run-1',
    spec: tinyClassifySpec(4),
    dataset: { path: '/data/reviews.csv', fileName: 'reviews.csv' },
    state,
    createdAt: '2026-01-01T00:00:00.000Z',
    endedAt: null,
    history: Array.from({ length: epochsDone }, (_, epoch) => ({
      epoch,
      step: (epoch + 1) * 10,
      trainLoss: 1,
      val: {},
      lr: 0.001,
      seconds: 1,
    })),
    metrics: null,
    baseline: null,
    finishReason: null,
    error: error === null ? null : { name: 'DatasetError', message: error },
    checkpoints: { last: null, best: null },
    models: [],
  };
}

function host(options: { focused: boolean; language?: UiLanguage }) {
  const calls = {
    progress: [] as number[],
    notifications: [] as { title: string; body: string }[],
    blockers: [] as string[],
  };
  let nextId = 7;
  const indicators = new TrainingIndicators({
    setProgress: (value) => calls.progress.push(value),
    isWindowFocused: () => options.focused,
    notify: (n) => calls.notifications.push(n),
    startBlocker: () => {
      calls.blockers.push(`start ${nextId}`);
      return nextId++;
    },
    stopBlocker: (id) => calls.blockers.push(`stop ${id}`),
    strings: () => DESKTOP_STRINGS[options.language ?? 'en'],
  });
  return { calls, indicators };
}

describe('trainingProgress', () => {
  test('is the share of planned epochs done by the training run, never below 1 %', () => {
    expect(trainingProgress([run('running', 0)])).toBe(0.01);
    expect(trainingProgress([run('running', 2)])).toBe(0.5);
    expect(trainingProgress([run('queued'), run('finished', 4)])).toBeNull();
  });
});

describe('TrainingIndicators', () => {
  test('shows progress while a run trains and removes the bar when it ends', () => {
    const { calls, indicators } = host({ focused: true });
    indicators.update([run('queued')]);
    indicators.update([run('running', 1)]);
    indicators.update([run('running', 3)]);
    indicators.update([run('finished', 4)]);
    indicators.update([run('finished', 4)]);
    expect(calls.progress).toEqual([0.25, 0.75, -1]);
  });

  test('keeps the system awake only while a run trains', () => {
    const { calls, indicators } = host({ focused: true });
    indicators.update([run('queued')]);
    indicators.update([run('preparing')]);
    indicators.update([run('running', 1)]);
    indicators.update([run('failed', 1, 'bad row')]);
    indicators.update([run('running', 1)]);
    indicators.dispose();
    expect(calls.blockers).toEqual(['start 7', 'stop 7', 'start 8', 'stop 8']);
  });

  test('notifies the end of a run when the window is not focused, in the UI language', () => {
    const { calls, indicators } = host({ focused: false, language: 'ko' });
    indicators.update([run('running', 1)]);
    indicators.update([run('finished', 4)]);
    expect(calls.notifications).toEqual([{ title: '학습 완료', body: 'reviews.csv 분류' }]);
  });

  test('notifies a failure with its reason', () => {
    const { calls, indicators } = host({ focused: false });
    indicators.update([run('running', 1)]);
    indicators.update([run('failed', 1, "Row 3: label is empty in 'reviews.csv'.")]);
    expect(calls.notifications).toEqual([
      {
        title: 'Training failed',
        body: "Classify on reviews.csv: Row 3: label is empty in 'reviews.csv'.",
      },
    ]);
  });

  test('stays quiet when the window is focused or for runs that ended before (a loaded project)', () => {
    const focused = host({ focused: true });
    focused.indicators.update([run('running', 1)]);
    focused.indicators.update([run('finished', 4)]);
    expect(focused.calls.notifications).toEqual([]);
    const loaded = host({ focused: false });
    loaded.indicators.update([run('failed', 1, 'old')]);
    expect(loaded.calls.notifications).toEqual([]);
  });
});

test('main starts in Korean on a Korean system and in English otherwise', () => {
  expect(languageFromLocale('ko-KR')).toBe('ko');
  expect(languageFromLocale('ko')).toBe('ko');
  expect(languageFromLocale('en-US')).toBe('en');
  expect(languageFromLocale('de')).toBe('en');
});
