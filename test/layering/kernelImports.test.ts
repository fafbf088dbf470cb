/** Compute goes through the kernel interface: nothing outside core/kernels/ imports a backend's implementation files, and core/ reaches the kernels only through getBackend(); planted bypasses are reported. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelImports } from './kernelImports.ts';

const repo = join(import.meta.dirname, '..', '..');
const planted = mkdtempSync(join(tmpdir(), 'rnn-studio-kernel-imports-'));

function plant(files: Record<string, string>): string {
  const root = mkdtempSync(join(planted, 'tree-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

afterAll(() => rmSync(planted, { recursive: true, force: true }));

describe('kernel imports', () => {
  it('no file outside core/kernels/ bypasses the kernel interface', () => {
    expect(kernelImports(repo).refused).toEqual([]);
  });

  it('sees the hosts that install a backend (the scan is not empty)', () => {
    expect(kernelImports(repo).allowed).toEqual(
      expect.arrayContaining([
        'cli/backend.ts → core/kernels/wasm/index.ts',
        'electron/trainer/trainer.ts → core/kernels/wasm/index.ts',
        'renderer/web/trainerWorker.ts → core/kernels/wasm/index.ts',
        'renderer/web/kernelHelperWorker.ts → core/kernels/wasm/helperLoop.ts',
      ]),
    );
  });
});

describe('kernel import check (positive control)', () => {
  it('reports a tensor op importing a TypeScript kernel and a host importing a wasm file', () => {
    const root = plant({
      'core/tensor/ops.ts': "import { unary } from '../kernels/js/elementwise.ts';\n",
      'core/nn/dropout.ts': "import { jsBackend } from '../kernels/js/index.ts';\n",
      'cli/backend.ts': "export { WasmKernels } from '../core/kernels/wasm/wasmKernels.ts';\n",
      'bench/x.ts': "const m = () => import('../core/kernels/wasm/recurrent.ts');\n",
    });
    expect(kernelImports(root).refused).toEqual([
      'bench/x.ts → core/kernels/wasm/recurrent.ts (only core/kernels/js/index.ts or core/kernels/wasm/index.ts or core/kernels/wasm/helperLoop.ts)',
      'cli/backend.ts → core/kernels/wasm/wasmKernels.ts (only core/kernels/js/index.ts or core/kernels/wasm/index.ts or core/kernels/wasm/helperLoop.ts)',
      'core/nn/dropout.ts → core/kernels/js/index.ts (core/ goes through core/kernels/backend.ts)',
      'core/tensor/ops.ts → core/kernels/js/elementwise.ts (core/ goes through core/kernels/backend.ts)',
    ]);
  });

  it('accepts the interface, the backends among themselves, the hosts installing an entry and core tests', () => {
    const root = plant({
      'core/tensor/ops.ts': "import { getBackend } from '../kernels/backend.ts';\n",
      'core/kernels/backend.ts': "import { jsBackend } from './js/index.ts';\n",
      'core/kernels/wasm/index.ts': "import { adamStepJs } from '../js/adam.ts';\n",
      'core/tensor/ops.test.ts': "import { jsBackend } from '../kernels/js/index.ts';\n",
      'cli/backend.ts': "import { createWasmBackend } from '../core/kernels/wasm/index.ts';\n",
    });
    expect(kernelImports(root)).toEqual({
      allowed: [
        'cli/backend.ts → core/kernels/wasm/index.ts',
        'core/tensor/ops.test.ts → core/kernels/js/index.ts',
      ],
      refused: [],
    });
  });
});
