/** Starts the trainer in a Node worker thread and talks to it over the core's trainer protocol. */
import { Worker } from 'node:worker_threads';
import type { TrainerRequest } from '../../core/protocol/messages.ts';
import { createTrainerClient, type TrainerClient } from '../../core/protocol/trainerClient.ts';

export interface NodeTrainer {
  client: TrainerClient;
  /** Posts a raw, unvalidated value to the trainer (tests use it to send malformed messages). */
  postRaw(value: unknown): void;
  /** Ends the worker; pending requests fail with a 'closed' error. */
  terminate(): Promise<void>;
}

/** Forks the trainer worker (TypeScript through tsx's loader) and returns a client over it. */
export function startNodeTrainer(): NodeTrainer {
  const entry = new URL('./nodeTrainerWorker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  // NOTE: a tiny bootstrap registers tsx's loader inside the worker before importing the entry;
  // `execArgv: ['--import', 'tsx']` is not honoured by every runner that hosts us (vitest forks).
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true });
  const client = createTrainerClient((message: TrainerRequest) => worker.postMessage(message));
  worker.on('message', (raw: unknown) => client.receive(raw));
  worker.on('error', (err) => client.failAll(`Trainer worker failed: ${err.message}`));
  worker.on('exit', (code) => client.failAll(`Trainer worker exited with code ${code}.`));
  return {
    client,
    postRaw: (value) => worker.postMessage(value),
    terminate: async () => {
      await worker.terminate();
    },
  };
}
