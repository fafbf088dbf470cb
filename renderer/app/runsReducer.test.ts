/** Tests of the runs reducer: each event and action kind, and events about runs it does not know (nothing invented, no task guessed). */
import { describe, expect, it } from 'vitest';
import type { RunStatus, TrainingEvent } from '../../core/protocol/messages.ts';
import type { RunRecord } from '../../electron/common/ipc/api.ts';
import { defaultRunSpec } from './runSpec.ts';
import {
  MAX_RUNS,
  modelLabel,
  newRun,
  type RunsAction,
  type RunsState,
  type RunView,
  reduceRuns,
} from './runsReducer.ts';

const spec = defaultRunSpec('forecast');

const run = (runId: string, state: RunView['state'] = 'running'): RunView =>
  newRun({ runId, task: 'forecast', label: `#1 · ${runId}`, state, startedAt: 5 });

const withRuns = (...runs: RunView[]): RunsState => ({
  runs,
  selected: runs.at(-1)?.runId ?? null,
  compared: [],
});

const reduce = (state: RunsState, ...actions: RunsAction[]): RunsState =>
  actions.reduce(reduceRuns, state);

const progress = (runId: string, step: number): TrainingEvent => ({
  type: 'training-progress',
  runId,
  epoch: 0,
  epochs: 2,
  step,
  totalSteps: 10,
  stepInEpoch: step,
  stepsPerEpoch: 5,
  loss: 1 / step,
  smoothedLoss: 2 / step,
  lr: 0.01,
  gradNorm: step,
  examplesPerSecond: 100,
  etaSeconds: 3,
  elapsedSeconds: 1,
});

const status = (runId: string, state: RunStatus['state'], task = 'forecast'): RunStatus => ({
  runId,
  state,
  task,
  epoch: 0,
  step: 0,
});

function record(runId: string, state: RunRecord['state'], extra: Partial<RunRecord> = {}) {
  return {
    runId,
    spec,
    dataset: { path: '/data/weather.csv', fileName: 'weather.csv' },
    state,
    createdAt: '2025-01-01T00:00:00.000Z',
    endedAt: null,
    history: [],
    metrics: null,
    baseline: null,
    finishReason: null,
    error: null,
    checkpoints: { last: null, best: null },
    models: [],
    ...extra,
  } satisfies RunRecord;
}

describe('trainer events', () => {
  it('appends each progress event to the step series and keeps the latest', () => {
    const next = reduce(withRuns(run('r1')), progress('r1', 1), progress('r1', 2));
    const r = next.runs[0];
    expect(r?.steps).toEqual({
      step: [1, 2],
      loss: [1, 0.5],
      smoothed: [2, 1],
      lr: [0.01, 0.01],
      gradNorm: [1, 2],
    });
    expect(r?.progress?.step).toBe(2);
    expect(r?.version).toBe(2);
  });

  it('adds epochs, the result, the state and log lines (the last 200)', () => {
    let state = withRuns(run('r1'));
    state = reduce(
      state,
      {
        type: 'training-epoch',
        runId: 'r1',
        epoch: 0,
        step: 5,
        trainLoss: 0.8,
        val: { loss: 0.7 },
        lr: 0.01,
        best: true,
        seconds: 1,
      },
      { type: 'training-state', runId: 'r1', state: 'finished' },
    );
    for (let i = 0; i < 205; i++) {
      state = reduceRuns(state, {
        type: 'training-log',
        runId: 'r1',
        level: 'info',
        message: `line ${i}`,
      });
    }
    const r = state.runs[0];
    expect(r?.epochs.map((e) => e.val.loss)).toEqual([0.7]);
    expect(r?.state).toBe('finished');
    expect(r?.logs).toHaveLength(200);
    expect(r?.logs[0]?.message).toBe('line 5');
  });

  it('keeps the finished event and a training error with its suggestion', () => {
    const finished: TrainingEvent = {
      type: 'training-finished',
      runId: 'r1',
      reason: 'completed',
      epochs: 2,
      step: 10,
      bestEpoch: 1,
      metrics: { mae: 1.5 },
      baseline: { mae: 2 },
    };
    const state = reduce(withRuns(run('r1')), finished, {
      type: 'training-error',
      runId: 'r1',
      name: 'DivergenceError',
      message: 'The loss became NaN at step 12.',
      suggestion: 'Lower the learning rate.',
      stack: 'at step()',
    });
    expect(state.runs[0]?.finished).toBe(finished);
    expect(state.runs[0]?.error).toEqual({
      name: 'DivergenceError',
      message: 'The loss became NaN at step 12.',
      suggestion: 'Lower the learning rate.',
    });
  });

  it('keeps the word vectors being read, then what they covered', () => {
    const reading = (bytesRead: number): TrainingEvent => ({
      type: 'vectors-progress',
      runId: 'r1',
      fileName: 'cc.ko.300.vec',
      bytesRead,
      totalBytes: 1000,
    });
    const during = reduce(withRuns(run('r1')), reading(200), reading(600));
    expect(during.runs[0]?.readingVectors).toEqual({
      fileName: 'cc.ko.300.vec',
      bytesRead: 600,
      totalBytes: 1000,
    });
    const report = {
      format: 'vec' as const,
      dim: 300,
      vectors: 2000,
      vocabTypes: 50,
      coveredTypes: 40,
      trainTokens: 900,
      coveredTokens: 850,
      freeze: true,
    };
    const done = reduce(during, { ...reading(1000), report } as TrainingEvent);
    expect(done.runs[0]?.readingVectors?.report).toEqual(report);
  });

  it("keeps the final evaluation's latest progress until the run finishes", () => {
    const evaluating = (examples: number): TrainingEvent => ({
      type: 'evaluation-progress',
      runId: 'r1',
      split: 'test',
      examples,
      total: 480_000,
    });
    const during = reduce(withRuns(run('r1')), evaluating(12_000), evaluating(64_000));
    expect(during.runs[0]?.evaluating).toEqual({ examples: 64_000, total: 480_000 });
    const after = reduce(during, {
      type: 'training-finished',
      runId: 'r1',
      reason: 'completed',
      epochs: 2,
      step: 10,
      bestEpoch: 1,
      metrics: { mae: 1.5 },
      baseline: { mae: 2 },
    });
    expect(after.runs[0]?.evaluating).toBeNull();
  });

  it('leaves checkpoints to the host', () => {
    const state = withRuns(run('r1'));
    const event: TrainingEvent = {
      type: 'checkpoint',
      runId: 'r1',
      kind: 'last',
      epoch: 1,
      step: 10,
      bytes: new Uint8Array([1, 2, 3]),
    };
    expect(reduceRuns(state, event)).toBe(state);
  });

  it.each([
    progress('ghost', 1),
    { type: 'training-state', runId: 'ghost', state: 'running' } as const,
    { type: 'training-log', runId: 'ghost', level: 'info', message: 'hello' } as const,
    {
      type: 'run-interrupted',
      runId: 'ghost',
      reason: 'The trainer crashed.',
      hasCheckpoint: true,
    } as const,
  ])('ignores $type for a run it does not know instead of inventing one', (event) => {
    const state = withRuns(run('r1'));
    expect(reduceRuns(state, event)).toBe(state);
  });

  it('throws on an event type it does not know', () => {
    const unknown = { type: 'training-teleported', runId: 'r1' } as unknown as RunsAction;
    expect(() => reduceRuns(withRuns(run('r1')), unknown)).toThrow(
      "Unsupported message type 'training-teleported'.",
    );
  });
});

describe('list-runs', () => {
  it('takes the trainer state of listed runs and interrupts live runs it no longer holds', () => {
    const state = withRuns(run('kept'), run('lost', 'paused'), run('done', 'finished'));
    const next = reduceRuns(state, {
      type: 'runs-listed',
      runs: [status('kept', 'paused')],
      at: 9,
    });
    expect(next.runs.map((r) => [r.runId, r.state])).toEqual([
      ['kept', 'paused'],
      ['lost', 'interrupted'],
      ['done', 'finished'],
    ]);
  });

  it('adds a run another window started with the task the trainer names, and skips unknown tasks', () => {
    const next = reduceRuns(withRuns(), {
      type: 'runs-listed',
      runs: [status('other', 'running', 'tag'), status('odd', 'running', 'teleport')],
      at: 9,
    });
    expect(next.runs.map((r) => [r.runId, r.task, r.startedAt])).toEqual([['other', 'tag', 9]]);
    expect(next.selected).toBe('other');
  });
});

describe('desktop run registry', () => {
  it("adds main's record with its spec, file, label and queue place", () => {
    const next = reduceRuns(withRuns(), {
      type: 'run-updated',
      run: record('d1', 'queued'),
      queuePosition: 1,
      note: 'One run trains at a time.',
    });
    const r = next.runs[0];
    expect(r).toMatchObject({
      runId: 'd1',
      task: 'forecast',
      spec,
      fileName: 'weather.csv',
      state: 'queued',
      queue: { position: 1, note: 'One run trains at a time.' },
      startedAt: Date.parse('2025-01-01T00:00:00.000Z'),
    });
    expect(r?.label).toBe(`#1 · weather · ${modelLabel(spec)}`);
  });

  it("merges later records: queue cleared when running, main's error kept, interrupted stays interrupted when main says failed", () => {
    let state = reduceRuns(withRuns(), {
      type: 'run-updated',
      run: record('d1', 'queued'),
      queuePosition: 0,
      note: null,
    });
    state = reduceRuns(state, {
      type: 'run-updated',
      run: record('d1', 'running'),
      queuePosition: null,
      note: null,
    });
    expect(state.runs[0]?.queue).toBeUndefined();
    expect(state.runs[0]?.state).toBe('running');
    state = reduceRuns(state, {
      type: 'run-interrupted',
      runId: 'd1',
      reason: 'The trainer crashed.',
      hasCheckpoint: true,
    });
    expect(state.runs[0]?.interruption).toEqual({
      reason: 'The trainer crashed.',
      hasCheckpoint: true,
    });
    const error = { name: 'TrainerCrash', message: 'The trainer crashed.' };
    state = reduceRuns(state, {
      type: 'run-updated',
      run: record('d1', 'failed', { error }),
      queuePosition: null,
      note: null,
    });
    expect(state.runs[0]?.state).toBe('interrupted');
    expect(state.runs[0]?.error).toEqual(error);
  });
});

describe("this window's actions", () => {
  it('starts a run, selects it and keeps at most 20', () => {
    const many = Array.from({ length: MAX_RUNS }, (_, i) => run(`r${i}`, 'finished'));
    const next = reduceRuns(withRuns(...many), {
      type: 'run-started',
      run: run('new', 'preparing'),
    });
    expect(next.runs).toHaveLength(MAX_RUNS);
    expect(next.runs[0]?.runId).toBe('r1');
    expect(next.selected).toBe('new');
  });

  it("moves a start to the trainer's state only while preparing, and never undoes finished with a stop", () => {
    const preparing = withRuns(run('r1', 'preparing'));
    const started = reduceRuns(preparing, {
      type: 'status-received',
      request: 'start',
      status: status('r1', 'running'),
    });
    expect(started.runs[0]?.state).toBe('running');
    const late = reduceRuns(withRuns(run('r1', 'failed')), {
      type: 'status-received',
      request: 'start',
      status: status('r1', 'running'),
    });
    expect(late.runs[0]?.state).toBe('failed');
    const finished = reduceRuns(withRuns(run('r1', 'finished')), {
      type: 'status-received',
      request: 'stop',
      status: status('r1', 'stopping'),
    });
    expect(finished.runs[0]?.state).toBe('finished');
    const paused = reduceRuns(started, {
      type: 'status-received',
      request: 'pause',
      status: status('r1', 'paused'),
    });
    expect(paused.runs[0]?.state).toBe('paused');
  });

  it("fails a refused start, keeping the trainer's own error when it sent one", () => {
    const refused = reduceRuns(withRuns(run('r1', 'preparing')), {
      type: 'start-failed',
      runId: 'r1',
      error: { name: 'ConfigError', message: 'No label column.' },
    });
    expect(refused.runs[0]?.state).toBe('failed');
    expect(refused.runs[0]?.error?.message).toBe('No label column.');
  });

  it('keeps evaluation metrics, the selection, the compared runs, and removes a run everywhere', () => {
    let state = withRuns(run('a'), run('b'));
    state = reduce(
      state,
      { type: 'evaluated', runId: 'a', metrics: { mae: 2 } },
      { type: 'compared', runIds: ['a', 'b'] },
      { type: 'selected', runId: 'a' },
    );
    expect(state.runs[0]?.evaluation).toEqual({ mae: 2 });
    state = reduceRuns(state, { type: 'removed', runId: 'a' });
    expect(state).toMatchObject({ selected: null, compared: ['b'] });
    expect(state.runs.map((r) => r.runId)).toEqual(['b']);
  });

  it('imports a run in place of one with its id, with a newer version, and selects it', () => {
    const state = withRuns({ ...run('a'), version: 4 }, run('b'));
    const next = reduceRuns(state, { type: 'imported', run: { ...run('a', 'finished') } });
    expect(next.runs.map((r) => [r.runId, r.state, r.version])).toEqual([
      ['b', 'running', 0],
      ['a', 'finished', 5],
    ]);
    expect(next.selected).toBe('a');
  });
});
