/** The Web Worker entry of web mode: the host-agnostic trainer endpoint on the worker's message port. */
import { setBackend } from '../../core/kernels/backend.ts';
import { createWasmBackend } from '../../core/kernels/wasm/index.ts';
import { createTrainerEndpoint } from '../../core/protocol/trainerEndpoint.ts';

// NOTE: the renderer's tsconfig has the DOM lib, not WebWorker (they conflict in one program),
// so the worker scope is described by the two members used here.
const scope = self as unknown as {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
};

// The WebAssembly SIMD kernels (a worker may compile synchronously, so no message can arrive
// before they are installed); a browser without SIMD keeps the TypeScript kernels.
try {
  setBackend(createWasmBackend());
} catch (err) {
  console.warn(
    'web trainer: WebAssembly SIMD kernels unavailable, using the TypeScript ones.',
    err,
  );
}

const endpoint = createTrainerEndpoint({
  host: 'web-worker',
  post: (message) => scope.postMessage(message),
});

scope.addEventListener('message', (event) => {
  // The endpoint never throws: every failure is posted back as an `error` message.
  void endpoint(event.data);
});
