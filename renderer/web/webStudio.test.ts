/** Tests for web mode's StudioApi, with the real trainer endpoint behind an in-memory worker. */
import { describe, expect, it } from 'vitest';
import { createTrainerEndpoint } from '../../core/train/trainerEndpoint.ts';
import { CORE_VERSION } from '../../core/version.ts';
import type { StudioEvent } from '../../electron/common/ipc/api.ts';
import { createWebStudio, transferredBytes, type WorkerLike } from './webStudio.ts';

type Listener = (event: never) => void;

/** A Worker stand-in: messages are structured-cloned and delivered asynchronously, both ways. */
class InMemoryWorker implements WorkerLike {
  readonly listeners = new Map<string, Listener[]>();
  terminated = false;
  private readonly endpoint = createTrainerEndpoint({
    host: 'web-worker',
    post: (message) =>
      queueMicrotask(() => this.dispatch('message', { data: structuredClone(message) })),
  });

  postMessage(message: unknown): void {
    const copy = structuredClone(message);
    queueMicrotask(() => void this.endpoint(copy));
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  terminate(): void {
    this.terminated = true;
  }

  dispatch(type: string, event: object): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event as never);
  }
}

describe('createWebStudio', () => {
  it('answers hello with the core version and the web-worker host', async () => {
    const studio = createWebStudio(new InMemoryWorker());
    expect(studio.shell).toBe('web');
    await expect(studio.hello()).resolves.toEqual({
      coreVersion: CORE_VERSION,
      host: 'web-worker',
    });
  });

  it('rejects pending and later requests and emits an error when the worker fails to load', async () => {
    const worker = new InMemoryWorker();
    worker.postMessage = () => {};
    const studio = createWebStudio(worker);
    const events: StudioEvent[] = [];
    studio.onEvent((event) => events.push(event));
    const pending = studio.hello();
    worker.dispatch('error', { message: '' });
    await expect(pending).rejects.toThrow('Web Worker: the trainer worker failed to load.');
    await expect(studio.hello()).rejects.toThrow('Web Worker: the trainer worker failed to load.');
    expect(events).toEqual([
      {
        type: 'error',
        id: null,
        name: 'ProtocolError',
        message: 'Web Worker: the trainer worker failed to load.',
      },
    ]);
  });

  it('reports an undeserialisable message from the worker as a failure', async () => {
    const worker = new InMemoryWorker();
    const studio = createWebStudio(worker);
    worker.dispatch('messageerror', {});
    await expect(studio.hello()).rejects.toThrow(
      'Web Worker: a message from the trainer could not be deserialised.',
    );
  });

  it('stops delivering events after unsubscribe', () => {
    const worker = new InMemoryWorker();
    const studio = createWebStudio(worker);
    const events: StudioEvent[] = [];
    const unsubscribe = studio.onEvent((event) => events.push(event));
    worker.dispatch('message', { data: { type: 'log', level: 'info', message: 'one' } });
    unsubscribe();
    worker.dispatch('message', { data: { type: 'log', level: 'info', message: 'two' } });
    expect(events).toEqual([{ type: 'log', level: 'info', message: 'one' }]);
  });

  it('terminates the worker on dispose and refuses later requests', async () => {
    const worker = new InMemoryWorker();
    const studio = createWebStudio(worker);
    studio.dispose();
    expect(worker.terminated).toBe(true);
    await expect(studio.hello()).rejects.toThrow('Web Worker: the trainer worker was stopped.');
  });
});

/** A training-progress event as the worker sends it in Chromium: no peak of its own. */
function progress(step: number, peakMemoryBytes: number | null = null) {
  return {
    type: 'training-progress',
    runId: 'run-1',
    epoch: 0,
    epochs: 1,
    step,
    totalSteps: 10,
    stepInEpoch: step,
    stepsPerEpoch: 10,
    loss: 1,
    smoothedLoss: 1,
    lr: 0.001,
    gradNorm: 1,
    examplesPerSecond: 10,
    etaSeconds: 1,
    elapsedSeconds: 1,
    peakMemoryBytes,
  };
}

describe('createWebStudio with the page measuring memory', () => {
  /** A sampler the test drives: its peak is whatever the test sets; `settle` ends the measurement in flight. */
  function fakeSampler() {
    const calls: string[] = [];
    let peak: number | null = null;
    let settle: () => void = () => {};
    const inFlight = new Promise<void>((resolve) => {
      settle = resolve;
    });
    return {
      calls,
      setPeak: (bytes: number) => {
        peak = bytes;
      },
      settle: () => settle(),
      sampler: {
        start: () => void calls.push('start'),
        stop: () => void calls.push('stop'),
        peak: () => peak,
        available: () => true,
        settled: () => inFlight,
        generation: () => 1,
      },
    };
  }

  it("samples from the run's first progress to its end and puts the page's peak into events that had none", () => {
    const worker = new InMemoryWorker();
    const fake = fakeSampler();
    const studio = createWebStudio(worker, { memory: fake.sampler });
    const events: StudioEvent[] = [];
    studio.onEvent((event) => events.push(event));
    worker.dispatch('message', { data: progress(1) });
    expect(fake.calls).toEqual(['start']);
    fake.setPeak(123_000_000);
    worker.dispatch('message', { data: progress(2) });
    worker.dispatch('message', {
      data: { type: 'training-error', runId: 'run-1', name: 'Error', message: 'boom' },
    });
    expect(fake.calls).toEqual(['start', 'start', 'stop']);
    expect(events.map((e) => (e as { peakMemoryBytes?: unknown }).peakMemoryBytes)).toEqual([
      null,
      123_000_000,
      undefined,
    ]);
  });

  it('keeps a peak the worker measured itself', () => {
    const worker = new InMemoryWorker();
    const fake = fakeSampler();
    fake.setPeak(5);
    const studio = createWebStudio(worker, { memory: fake.sampler });
    const events: StudioEvent[] = [];
    studio.onEvent((event) => events.push(event));
    worker.dispatch('message', { data: progress(1, 77) });
    expect((events[0] as { peakMemoryBytes?: unknown }).peakMemoryBytes).toBe(77);
  });
});

describe('transferredBytes', () => {
  it("moves a start-training request's file buffer to the worker, and nothing else", () => {
    const bytes = new Uint8Array(16);
    expect(
      transferredBytes({ type: 'start-training', data: { fileName: 'a.csv', bytes } }),
    ).toEqual([bytes.buffer]);
    const view = new Uint8Array(bytes.buffer, 4, 4);
    expect(
      transferredBytes({ type: 'start-training', data: { fileName: 'a.csv', bytes: view } }),
    ).toEqual([]);
    expect(transferredBytes({ type: 'evaluate', data: { fileName: 'a.csv', bytes } })).toEqual([]);
    expect(transferredBytes({ type: 'hello' })).toEqual([]);
  });
});
