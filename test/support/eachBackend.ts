/** Runs a test suite once on the TypeScript backend and once on the wasm one, each installed before every test of the suite and the previous backend restored after. */
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { type Backend, getBackend, jsBackend, setBackend } from '../../core/kernels/backend.ts';
import { createWasmBackend } from '../../core/kernels/wasm/index.ts';

const BACKENDS: [string, () => Backend][] = [
  ['js', () => jsBackend],
  ['wasm', () => createWasmBackend()],
];

/** Each backend by name, made now: for suites that call a backend's methods themselves rather than install it. */
export function backendInstances(): [string, Backend][] {
  return BACKENDS.map(([name, make]) => [name, make()]);
}

/** `describe(title, body)` per backend; `%s` in the title stands for the backend's name. */
export function describeOnEachBackend(title: string, body: () => void): void {
  describe.each(BACKENDS)(title, (_, make) => {
    let previous: Backend;
    let backend: Backend;
    beforeAll(() => {
      previous = getBackend();
      backend = make();
    });
    // NOTE: before each test, not once: test/setup/backend.ts installs the project's backend
    // before every test, and its hook runs before this suite's.
    beforeEach(() => setBackend(backend));
    afterAll(() => setBackend(previous));
    body();
  });
}
