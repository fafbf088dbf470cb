/** The host side of the kernels' sleep and wake (kernelImports): the threads' meetings reach any address of a memory that has grown. */
import { describe, expect, it } from 'vitest';
import { kernelImports } from './helperLoop.ts';

const PAGE = 65536;

describe('kernelImports', () => {
  it('sleeps and wakes on an i32 that lies beyond the memory the imports were made for (memory grows)', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    const { env } = kernelImports(memory) as {
      env: {
        memory: WebAssembly.Memory;
        sleep: (at: number, value: number, ms: number) => void;
        wake: (at: number) => void;
      };
    };
    expect(env.memory).toBe(memory);
    memory.grow(2);
    const at = 2 * PAGE + 8;
    const words = new Int32Array(memory.buffer);
    words[at >> 2] = 7;
    expect(() => env.wake(at)).not.toThrow();
    // A value other than the one held returns at once; the one held sleeps until the timeout.
    const started = Date.now();
    env.sleep(at, 6, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(() => env.sleep(at, 7, 1)).not.toThrow();
  });
});
