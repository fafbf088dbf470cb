/** Web mode's `window.studio`: the StudioApi implemented over the trainer running in a Web Worker. */

import { ProtocolError } from '../../core/errors.ts';
import { createTrainerClient, type TrainerClient } from '../../core/protocol/trainerClient.ts';
import type { StudioApi, StudioEvent } from '../../electron/common/ipc/api.ts';
import { createPeakSampler, type PeakSampler, pageMemoryMeasure } from './pagePeakMemory.ts';

/** The part of `Worker` the web studio uses; tests pass an in-memory stand-in. */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message' | 'messageerror', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

/**
 * The data file's buffer of a 'start-training' request that carries bytes, moved to the worker
 * instead of copied. (The app sends a File handle instead, which the worker reads in slices.)
 */
export function transferredBytes(message: unknown): Transferable[] {
  const m = message as { type?: unknown; data?: { bytes?: unknown } };
  const bytes = m.data?.bytes;
  if (m.type !== 'start-training' || !(bytes instanceof Uint8Array)) return [];
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : [];
}

/** A StudioApi that can also shut its worker down. */
export interface WebStudio extends StudioApi {
  /** Terminates the worker; later requests reject. */
  dispose(): void;
}

/**
 * Trainer events with the page's memory peak: samples `sampler` while a run trains (from its first
 * progress to its end) and puts the peak into progress and finished events the worker sent
 * without one (it cannot measure memory in Chromium: pagePeakMemory.ts). A measurement can take
 * tens of seconds, so when one was in flight as the run finished and it raises the peak, the
 * finished event is sent again with it (the run's view takes the latest).
 */
function pagePeakEvents(client: TrainerClient, sampler: PeakSampler) {
  const listeners = new Set<(event: StudioEvent) => void>();
  const emit = (event: StudioEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const withPeak = <E extends { peakMemoryBytes?: number | null }>(e: E): E => {
    const peak = sampler.peak();
    return (e.peakMemoryBytes ?? null) === null && peak !== null
      ? { ...e, peakMemoryBytes: peak }
      : e;
  };
  client.onEvent((e) => {
    if (e.type === 'training-progress' || e.type === 'evaluation-progress') sampler.start();
    if (e.type === 'training-error') sampler.stop();
    if (e.type === 'training-progress') return emit(withPeak(e));
    if (e.type !== 'training-finished') return emit(e);
    sampler.stop();
    const sent = withPeak(e);
    emit(sent);
    if ((e.peakMemoryBytes ?? null) !== null) return;
    const run = sampler.generation();
    void sampler.settled().then(() => {
      const later = sampler.peak();
      if (sampler.generation() === run && later !== null && later !== sent.peakMemoryBytes) {
        emit({ ...e, peakMemoryBytes: later });
      }
    });
  });
  return (listener: (event: StudioEvent) => void): (() => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
}

/** Options for {@link createWebStudio}. */
export interface WebStudioOptions {
  /** Measures the tab's memory during runs (null: the browser cannot, peaks stay unknown). */
  memory?: PeakSampler | null;
}

/**
 * Wires a trainer client to `worker`. A worker that fails to load or crashes rejects every
 * pending and later request with `Web Worker: <reason>` and emits an `error` event.
 */
export function createWebStudio(worker: WorkerLike, options: WebStudioOptions = {}): WebStudio {
  const sampler = options.memory ?? null;
  const client = createTrainerClient((message) => {
    if (sampler !== null && (message as { type?: unknown }).type === 'start-training') {
      sampler.start();
    }
    worker.postMessage(message, transferredBytes(message));
  });
  const onEvent = sampler === null ? client.onEvent : pagePeakEvents(client, sampler);
  let failure: string | null = null;

  function fail(reason: string): void {
    if (failure !== null) return;
    failure = `Web Worker: ${reason}`;
    client.failAll(failure);
    client.receive({ type: 'error', id: null, name: 'ProtocolError', message: failure });
  }

  worker.addEventListener('message', (event) => client.receive(event.data));
  worker.addEventListener('messageerror', () =>
    fail('a message from the trainer could not be deserialised.'),
  );
  worker.addEventListener('error', (event) => {
    // NOTE: a module worker that fails to load reports an ErrorEvent with an empty message.
    fail(event.message ? event.message : 'the trainer worker failed to load.');
  });

  return {
    shell: 'web',
    hello() {
      return this.request({ type: 'hello' });
    },
    request: ((message: Parameters<TrainerClient['request']>[0]) => {
      if (failure !== null) return Promise.reject(new ProtocolError(failure, 'closed'));
      return client.request(message);
    }) as TrainerClient['request'],
    onEvent(listener: (event: StudioEvent) => void) {
      return onEvent(listener);
    },
    dispose() {
      worker.terminate();
      fail('the trainer worker was stopped.');
    },
  };
}

/** Starts the trainer in a module Web Worker and returns the StudioApi over it. */
export function startWebStudio(): WebStudio {
  // NOTE: Vite recognises this exact `new Worker(new URL(…, import.meta.url))` form and
  // bundles the worker as its own chunk (https://vite.dev/guide/features#web-workers).
  const worker = new Worker(new URL('./trainerWorker.ts', import.meta.url), { type: 'module' });
  const measure = pageMemoryMeasure();
  return createWebStudio(worker, {
    // NOTE: each measurement waits for a garbage collection (Chromium: up to ~20 s), so a sample
    // starts at most every 5 s and one at a time; the figure is the tab's JavaScript memory
    // (page and workers, typed arrays included), not WebAssembly memory.
    memory: measure === null ? null : createPeakSampler({ measure, intervalMs: 5000 }),
  });
}
