/** Tests of the training-memory estimate, the verdict against available memory, and the browser edition's file limit. */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../tasks/presets.ts';
import { taskDefinition } from '../tasks/registry/index.ts';
import {
  BROWSER_MAX_TRAINING_FILE_BYTES,
  browserFileRefusal,
  DATA_BYTES_PER_FILE_BYTE,
  estimateTrainingMemory,
  FILE_HELD_BYTES,
  hostMemory,
  memoryVerdict,
  RUNTIME_BYTES,
} from './memoryBudget.ts';

const MiB = 1024 * 1024;

describe('estimateTrainingMemory', () => {
  it("adds the piece of the file held while it is read, the task's data per file byte, core's model estimate and the runtime", () => {
    const spec = presetSpec('forecast');
    const model = taskDefinition('forecast').describeModel(spec, { numFeatures: 4 });
    const e = estimateTrainingMemory('forecast', 1000 * MiB, model);
    expect(e.modelBytes).toBe(model.memory.totalBytes);
    expect(e.dataBytes).toBe(Math.round(1000 * MiB * DATA_BYTES_PER_FILE_BYTE.forecast));
    expect(e.fileBytes).toBe(FILE_HELD_BYTES);
    expect(e.totalBytes).toBe(FILE_HELD_BYTES + e.dataBytes + e.modelBytes + RUNTIME_BYTES);
    // A small file is held whole; a captioning zip always is.
    expect(estimateTrainingMemory('forecast', 3 * MiB, model).fileBytes).toBe(3 * MiB);
    expect(estimateTrainingMemory('caption', 1000 * MiB, model).fileBytes).toBe(1000 * MiB);
  });

  it('grows linearly with the file', () => {
    const model = { memory: { totalBytes: 10 * MiB } } as never;
    const a = estimateTrainingMemory('classify', 100 * MiB, model);
    const b = estimateTrainingMemory('classify', 200 * MiB, model);
    const c = estimateTrainingMemory('classify', 300 * MiB, model);
    expect(c.totalBytes - b.totalBytes).toBe(b.totalBytes - a.totalBytes);
    expect(() => estimateTrainingMemory('classify', -1, model)).toThrow(
      'estimateTrainingMemory: fileBytes must be ≥ 0, got -1.',
    );
  });
});

describe('memoryVerdict', () => {
  it('says too-large above what is available, tight above 80 %, unknown without a number', () => {
    expect(memoryVerdict({ totalBytes: 11 }, 10).code).toBe('too-large');
    expect(memoryVerdict({ totalBytes: 9 }, 10).code).toBe('tight');
    expect(memoryVerdict({ totalBytes: 5 }, 10)).toEqual({
      code: 'fits',
      neededBytes: 5,
      availableBytes: 10,
    });
    expect(memoryVerdict({ totalBytes: 5 }, null)).toEqual({ code: 'unknown', neededBytes: 5 });
  });
});

describe('hostMemory', () => {
  const GiB = 1024 ** 3;

  it("prefers the system's total to the browser's capped figure, so a 24 GiB desktop is not warned at 8", () => {
    const memory = hostMemory({ systemBytes: 24 * GiB, deviceMemoryGiB: 8 });
    expect(memory).toEqual({ source: 'system', bytes: 24 * GiB });
    // A 10 GiB run: tight against the browser's 8 GiB, fits this computer's 24 GiB.
    const run = { totalBytes: 10 * GiB };
    expect(memoryVerdict(run, 8 * GiB).code).toBe('too-large');
    expect(memoryVerdict(run, memory.source === 'unknown' ? null : memory.bytes).code).toBe('fits');
  });

  it("falls back to the browser's device memory as a lower bound, then to unknown", () => {
    expect(hostMemory({ systemBytes: null, deviceMemoryGiB: 8 })).toEqual({
      source: 'browser-lower-bound',
      bytes: 8 * GiB,
    });
    expect(hostMemory({ systemBytes: null, deviceMemoryGiB: 0.5 })).toEqual({
      source: 'browser-lower-bound',
      bytes: 0.5 * GiB,
    });
    expect(hostMemory({ systemBytes: null })).toEqual({ source: 'unknown' });
    expect(hostMemory({ systemBytes: 0, deviceMemoryGiB: Number.NaN })).toEqual({
      source: 'unknown',
    });
  });
});

describe('browserFileRefusal', () => {
  it('refuses a file above the limit with a code, the numbers and what to use instead', () => {
    expect(browserFileRefusal('a.csv', BROWSER_MAX_TRAINING_FILE_BYTES)).toBeNull();
    const r = browserFileRefusal('big.csv', 1000 * MiB);
    expect(r?.code).toBe('too-large-for-browser');
    expect(r?.params).toEqual({
      fileName: 'big.csv',
      fileBytes: 1000 * MiB,
      limitBytes: BROWSER_MAX_TRAINING_FILE_BYTES,
    });
    expect(r?.message).toBe(
      "'big.csv' must be at most 256 MiB to train in the browser edition, got 1000 MiB. Train it in the desktop app or with the CLI (rnn-studio train), which read big files as a stream.",
    );
  });
});
