/** The Web Worker entry of web mode: the host-agnostic trainer endpoint on the worker's message port. */
import { createTrainerEndpoint } from '../../core/protocol/trainerEndpoint.ts';

// NOTE: the renderer's tsconfig has the DOM lib, not WebWorker (they conflict in one program),
// so the worker scope is described by the two members used here.
const scope = self as unknown as {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
};

const endpoint = createTrainerEndpoint({
  host: 'web-worker',
  post: (message) => scope.postMessage(message),
});

scope.addEventListener('message', (event) => {
  // The endpoint never throws: every failure is posted back as an `error` message.
  void endpoint(event.data);
});
