/** The Electron utility-process entry: adapts `process.parentPort` and MessagePortMain to the trainer runtime. */
import type { MessagePortMain } from 'electron';
import { setBackend } from '../../core/kernels/backend.ts';
import { createWasmBackend } from '../../core/kernels/wasm/index.ts';
import { readFileStreamed } from './fileSource.ts';
import { type RuntimePort, runTrainer } from './trainerRuntime.ts';

function adaptPort(port: MessagePortMain): RuntimePort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    onClose: (listener) => port.on('close', listener),
    start: () => port.start(),
  };
}

const parentPort = process.parentPort;

// The trainer computes on the WebAssembly SIMD kernels unless RNN_STUDIO_BACKEND=js asks for the
// TypeScript reference (a utility process may compile synchronously).
if (process.env.RNN_STUDIO_BACKEND !== 'js') setBackend(createWasmBackend());

runTrainer({
  host: 'electron-utility',
  pid: process.pid,
  readFile: readFileStreamed,
  parent: {
    onMessage: (listener) =>
      parentPort.on('message', (event) => listener(event.data, event.ports.map(adaptPort))),
    postMessage: (message) => parentPort.postMessage(message),
    exit: (code) => process.exit(code),
  },
});
