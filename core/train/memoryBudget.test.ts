/** Tests of the training-memory estimate, the verdict against available memory, and the browser edition's file limit. */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../tasks/presets.ts';
import { taskDefinition } from '../tasks/registry/index.ts';
import {
  BROWSER_MAX_TRAINING_FILE_BYTES,
  browserFileRefusal,
  DATA_BYTES_PER_FILE_BYTE,
  estimateTrainingMemory,
  memoryVerdict,
  RUNTIME_BYTES,
} from './memoryBudget.ts';

const MiB = 1024 * 1024;

describe('estimateTrainingMemory', () => {
  it("adds the file, the task's data per file byte, core's model estimate and the runtime", () => {
    const spec = presetSpec('forecast');
    const model = taskDefinition('forecast').describeModel(spec, { numFeatures: 4 });
    const e = estimateTrainingMemory('forecast', 1000 * MiB, model);
    expect(e.modelBytes).toBe(model.memory.totalBytes);
    expect(e.dataBytes).toBe(Math.round(1000 * MiB * DATA_BYTES_PER_FILE_BYTE.forecast));
    expect(e.totalBytes).toBe(1000 * MiB + e.dataBytes + e.modelBytes + RUNTIME_BYTES);
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
