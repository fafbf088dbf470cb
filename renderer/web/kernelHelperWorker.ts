/** The nested Web Worker entry of the wasm kernels' helper thread in web mode: runs the second thread's kernel loop on the shared memory the trainer worker posts to it. */
import { type KernelHelperInit, runKernelHelper } from '../../core/kernels/wasm/helperLoop.ts';

// NOTE: the renderer's tsconfig has the DOM lib, not WebWorker; the one member used is described.
const scope = self as unknown as {
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent) => void,
    options: { once: boolean },
  ): void;
};

// One message (the module, the shared memory and the control block), then this thread blocks in
// Atomics.wait between jobs for as long as the trainer lives.
scope.addEventListener('message', (event) => runKernelHelper(event.data as KernelHelperInit), {
  once: true,
});
