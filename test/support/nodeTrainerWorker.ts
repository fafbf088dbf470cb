/** Node host of the trainer: a worker_threads entry wiring parentPort to the core's trainer endpoint. */
import { parentPort } from 'node:worker_threads';
import { installBackend } from '../../cli/backend.ts';
import { createTrainerEndpoint } from '../../core/train/trainerEndpoint.ts';

if (parentPort === null) {
  throw new Error('test/support/nodeTrainerWorker.ts must run inside a worker thread.');
}
const port = parentPort;
// The worker trains on RNN_STUDIO_BACKEND's backend (wasm unless set), like the CLI commands.
installBackend();
const handle = createTrainerEndpoint({
  host: 'node-worker',
  post: (message) => port.postMessage(message),
});
port.on('message', (raw: unknown) => {
  void handle(raw);
});
