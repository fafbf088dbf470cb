/** Backend selection in the Node hosts: the option wins over RNN_STUDIO_BACKEND, wasm is the default, unknown names are usage errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '../core/kernels/backend.ts';
import { UsageError } from './args.ts';
import { chooseBackend, installBackend } from './backend.ts';

const saved = process.env.RNN_STUDIO_BACKEND;
const before = getBackend();
afterEach(() => {
  if (saved === undefined) delete process.env.RNN_STUDIO_BACKEND;
  else process.env.RNN_STUDIO_BACKEND = saved;
  setBackend(before);
});

describe('chooseBackend', () => {
  it('defaults to wasm when RNN_STUDIO_BACKEND is unset or empty', () => {
    delete process.env.RNN_STUDIO_BACKEND;
    expect(chooseBackend().name).toBe('wasm');
    process.env.RNN_STUDIO_BACKEND = '';
    expect(chooseBackend().name).toBe('wasm');
  });

  it('follows RNN_STUDIO_BACKEND, and a command-line option over it', () => {
    process.env.RNN_STUDIO_BACKEND = 'js';
    expect(chooseBackend().name).toBe('js');
    expect(chooseBackend('wasm').name).toBe('wasm');
  });

  it('rejects an unknown name, saying where it came from', () => {
    process.env.RNN_STUDIO_BACKEND = 'gpu';
    expect(() => chooseBackend()).toThrow(
      new UsageError("RNN_STUDIO_BACKEND must be 'js' or 'wasm', got 'gpu'."),
    );
    expect(() => chooseBackend('cuda')).toThrow(
      "Option '--backend' must be 'js' or 'wasm', got 'cuda'.",
    );
  });

  it('installs the chosen backend for every op', () => {
    process.env.RNN_STUDIO_BACKEND = 'wasm';
    const backend = installBackend();
    expect(getBackend()).toBe(backend);
    expect(backend.name).toBe('wasm');
  });
});
