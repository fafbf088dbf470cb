/** Kernel backend selection for the Node hosts (CLI commands and the trainer worker): RNN_STUDIO_BACKEND=js|wasm, default wasm. */
import { type Backend, setBackend } from '../core/kernels/backend.ts';
import { jsBackend } from '../core/kernels/js/index.ts';
import { createWasmBackend } from '../core/kernels/wasm/index.ts';
import { UsageError } from './args.ts';

/** The backends a host can choose. */
export type BackendName = Backend['name'];

/**
 * The backend named by `option` (a command-line value), else RNN_STUDIO_BACKEND, else wasm.
 * @throws UsageError naming the option or the variable when the name is neither js nor wasm.
 */
export function chooseBackend(option?: string | true): Backend {
  const fromEnv = process.env.RNN_STUDIO_BACKEND;
  const name = option ?? (fromEnv === undefined || fromEnv === '' ? 'wasm' : fromEnv);
  if (name === 'js') return jsBackend;
  if (name === 'wasm') return createWasmBackend();
  const where = option === undefined ? 'RNN_STUDIO_BACKEND' : "Option '--backend'";
  throw new UsageError(`${where} must be 'js' or 'wasm', got '${String(name)}'.`);
}

/**
 * Installs the backend chooseBackend picks for every op of this thread and returns it.
 * @throws UsageError for an unknown backend name.
 */
export function installBackend(option?: string | true): Backend {
  const backend = chooseBackend(option);
  setBackend(backend);
  return backend;
}
