/** Tests of the runs store: trainer events become run views, controls reach the trainer, and a reload finds runs again or marks them interrupted. */
import { describe, expect, it } from 'vitest';
import type { TrainerToHost } from '../../core/protocol/messages.ts';
import { defaultRunSpec } from './runSpec.ts';
import {
  createRunsStore,
  datasetLabel,
  modelLabel,
  type RunsStorage,
  type RunsStudio,
} from './runs.ts';

type Event = Exclude<TrainerToHost, { type: 'reply' }>;

function fakeStudio(listed: { runId: string; state: string; task: string }[] = []) {
  const listeners = new Set<(e: Event) => void>();
  const requests: { type: string }[] = [];
  const studio = {
    onEvent(listener: (e: Event) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async request(message: { type: string; runId?: string }) {
      requests.push(message);
      switch (message.type) {
        case 'list-runs':
          return { runs: listed.map((r) => ({ ...r, epoch: 0, step: 0 })) };
        case 'start-training':
          return { runId: message.runId, state: 'running', task: 'classify', epoch: 0, step: 0 };
        case 'pause-training':
          return { runId: message.runId, state: 'paused', task: 'classify', epoch: 0, step: 3 };
        case 'evaluate':
          return { metrics: { accuracy: 0.75, loss: 0.5 } };
        default:
          throw new Error(`unexpected ${message.type}`);
      }
    },
  } as unknown as RunsStudio;
  const emit = (e: Event) => {
    for (const l of listeners) l(e);
  };
  return { studio, emit, requests };
}

function memoryStorage(): RunsStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      data.set(k, v);
    },
  };
}

const progress = (step: number, loss: number): Event => ({
  type: 'training-progress',
  runId: 'r1',
  epoch: 0,
  epochs: 2,
  step,
  totalSteps: 10,
  stepInEpoch: step,
  stepsPerEpoch: 5,
  loss,
  smoothedLoss: loss,
  lr: 0.002,
  gradNorm: 1.5,
  examplesPerSecond: 100,
  etaSeconds: 3,
  elapsedSeconds: 1,
});

describe('datasetLabel', () => {
  it('names the data file without its extension, cut to 24 characters', () => {
    expect(datasetLabel('nsmc_sample_10k.txt')).toBe('nsmc_sample_10k');
    expect(datasetLabel('seattle-weather.csv')).toBe('seattle-weather');
    expect(datasetLabel('a-very-long-file-name-of-some-export.csv')).toBe(
      'a-very-long-file-name-o…',
    );
    expect(datasetLabel('README')).toBe('README');
  });
});

describe('runs store', () => {
  it('starts a run, collects its steps, epochs and result, and pauses it', async () => {
    const { studio, emit, requests } = fakeStudio();
    const store = createRunsStore({ newRunId: () => 'r1' });
    await store.attach(studio);
    const spec = defaultRunSpec('classify');
    const file = new File(['a,b\n'], 'x.csv');
    const runId = await store.start({ spec, file });
    expect(runId).toBe('r1');
    expect(requests.map((r) => r.type)).toEqual(['list-runs', 'start-training']);
    // The File itself goes to the worker, which reads it; the page never holds its bytes.
    expect((requests[1] as { data?: unknown }).data).toEqual({ fileName: 'x.csv', file });
    emit(progress(1, 0.9));
    emit(progress(2, 0.7));
    emit({
      type: 'training-epoch',
      runId: 'r1',
      epoch: 0,
      step: 5,
      trainLoss: 0.8,
      val: { loss: 0.7, accuracy: 0.6 },
      lr: 0.002,
      best: true,
      seconds: 1,
    });
    await store.pause('r1');
    const run = store.getState().runs[0];
    expect(run?.steps.loss).toEqual([0.9, 0.7]);
    expect(run?.epochs.map((e) => e.val.accuracy)).toEqual([0.6]);
    expect(run?.state).toBe('paused');
    // The run's name says which data it trained on and which model.
    expect(run?.label).toBe(`#1 · x · ${modelLabel(spec)}`);
    expect(store.getState().selected).toBe('r1');
    expect(await store.evaluate('r1')).toEqual({ accuracy: 0.75, loss: 0.5 });
  });

  it("stores a search trial's progress no more than a run's own: only the events around it write", async () => {
    const { studio, emit } = fakeStudio();
    const storage = memoryStorage();
    let writes = 0;
    const counting: RunsStorage = {
      getItem: storage.getItem,
      setItem: (k, v) => {
        writes++;
        storage.setItem(k, v);
      },
    };
    const store = createRunsStore({ newRunId: () => 'r1', storage: counting });
    await store.attach(studio);
    await store.start({ spec: defaultRunSpec('classify'), file: new File(['a,b\n'], 'x.csv') });
    const plan = {
      trials: 2,
      rungs: 1,
      firstRungSteps: 10,
      maxMinutes: 5,
      metric: 'accuracy',
      higherIsBetter: true,
      seed: 0,
    };
    emit({ type: 'tune-started', runId: 'r1', plan });
    const before = writes;
    for (let step = 1; step <= 50; step++) {
      emit({
        type: 'tune-progress',
        runId: 'r1',
        progress: {
          trial: 0,
          rung: 0,
          config: { hiddenSize: 64, numLayers: 1, dropout: 0, lr: 0.001 },
          epoch: 0,
          epochs: 1,
          step,
          totalSteps: 50,
          loss: 1 / step,
          searchSeconds: step / 10,
        },
      });
    }
    expect(writes).toBe(before);
    expect(store.getState().runs[0]?.tune?.curves?.[0]?.step).toHaveLength(50);
    emit({ type: 'tune-finished', runId: 'r1', best: 0, leaderboard: [] });
    expect(writes).toBe(before + 1);
  });

  it('keeps a training error with its suggestion', async () => {
    const { studio, emit } = fakeStudio();
    const store = createRunsStore({ newRunId: () => 'r1' });
    await store.attach(studio);
    await store.start({ spec: defaultRunSpec('classify'), file: new File(['x'], 'x.csv') });
    emit({
      type: 'training-error',
      runId: 'r1',
      name: 'DivergenceError',
      message: 'The loss became NaN at step 12.',
      suggestion: 'Lower the learning rate.',
    });
    emit({ type: 'training-state', runId: 'r1', state: 'failed' });
    const run = store.getState().runs[0];
    expect(run?.error).toEqual({
      name: 'DivergenceError',
      message: 'The loss became NaN at step 12.',
      suggestion: 'Lower the learning rate.',
    });
    expect(run?.state).toBe('failed');
  });

  it('after a reload, finds a run the trainer still holds and marks a lost one interrupted', async () => {
    const storage = memoryStorage();
    const first = createRunsStore({ storage, newRunId: () => 'r1' });
    const a = fakeStudio();
    await first.attach(a.studio);
    await first.start({ spec: defaultRunSpec('classify'), file: new File(['x'], 'x.csv') });
    a.emit(progress(1, 0.9));
    a.emit({ type: 'training-state', runId: 'r1', state: 'running' });

    const kept = createRunsStore({ storage });
    await kept.attach(fakeStudio([{ runId: 'r1', state: 'running', task: 'classify' }]).studio);
    expect(kept.getState().runs[0]?.state).toBe('running');
    expect(kept.getState().runs[0]?.steps.loss).toEqual([0.9]);
    expect(kept.getState().selected).toBe('r1');

    const lost = createRunsStore({ storage });
    await lost.attach(fakeStudio([]).studio);
    expect(lost.getState().runs[0]?.state).toBe('interrupted');
  });

  it('adds a run another window started, with the task list-runs reports', async () => {
    const { studio, emit } = fakeStudio([{ runId: 'r1', state: 'running', task: 'forecast' }]);
    const store = createRunsStore();
    await store.attach(studio);
    emit(progress(1, 0.5));
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().runs.map((r) => [r.runId, r.task])).toEqual([['r1', 'forecast']]);
  });
});
