/** Web mode's `window.studio`: the StudioApi implemented over the trainer running in a Web Worker. */

import { ProtocolError } from '../../core/errors.ts';
import { createTrainerClient, type TrainerClient } from '../../core/protocol/trainerClient.ts';
import type { StudioApi, StudioEvent } from '../../electron/common/ipc/api.ts';

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
 * Wires a trainer client to `worker`. A worker that fails to load or crashes rejects every
 * pending and later request with `Web Worker: <reason>` and emits an `error` event.
 */
export function createWebStudio(worker: WorkerLike): WebStudio {
  const client = createTrainerClient((message) =>
    worker.postMessage(message, transferredBytes(message)),
  );
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
      return client.onEvent(listener);
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
  return createWebStudio(worker);
}
