/** Vitest setup: installs the backend named by RNN_STUDIO_BACKEND (js or wasm) before every test, so one suite runs on each backend. */
import { beforeEach } from 'vitest';
import { type Backend, setBackend } from '../../core/kernels/backend.ts';
import { jsBackend } from '../../core/kernels/js/index.ts';
import { createWasmBackend } from '../../core/kernels/wasm/index.ts';

function backendFromEnvironment(): Backend {
  const name = process.env.RNN_STUDIO_BACKEND ?? 'js';
  if (name === 'js' || name === '') return jsBackend;
  if (name === 'wasm') return createWasmBackend();
  throw new Error(
    `test/setup/backend.ts: RNN_STUDIO_BACKEND must be 'js' or 'wasm', got '${name}'.`,
  );
}

const backend = backendFromEnvironment();
setBackend(backend);
// NOTE: before each test as well, because some suites reset the backend after theirs.
beforeEach(() => setBackend(backend));
