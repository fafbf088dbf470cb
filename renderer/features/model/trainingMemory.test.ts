/** Tests of the renderer's training-memory figures: they are core's estimate for the file and model, and the verdict warns when the device is too small. */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../../core/tasks/presets.ts';
import { taskDefinition } from '../../../core/tasks/registry/index.ts';
import { estimateTrainingMemory, hostMemory } from '../../../core/train/memoryBudget.ts';
import { deviceMemoryGiB, trainingMemory } from './trainingMemory.ts';

const MiB = 1024 * 1024;

describe('trainingMemory', () => {
  it("shows core's estimate for the file and the model the dataset sizes", () => {
    const spec = presetSpec('classify');
    const got = trainingMemory(spec, {
      fileBytes: 200 * MiB,
      dims: { vocabSize: 5000, numClasses: 3 },
      host: { source: 'unknown' },
    });
    const model = taskDefinition('classify').describeModel(spec, {
      vocabSize: 5000,
      numClasses: 3,
    });
    expect(got.estimate).toEqual(estimateTrainingMemory('classify', 200 * MiB, model));
    expect(got.verdict.code).toBe('unknown');
  });

  it('warns when the run needs more than the device reports', () => {
    const spec = presetSpec('forecast');
    const small = trainingMemory(spec, {
      fileBytes: 5000 * MiB,
      dims: { numFeatures: 4 },
      host: hostMemory({
        systemBytes: null,
        deviceMemoryGiB: deviceMemoryGiB({ deviceMemory: 4 }),
      }),
    });
    expect(small.verdict.code).toBe('too-large');
    expect(small.host.source).toBe('browser-lower-bound');
    expect(deviceMemoryGiB({})).toBeNull();
  });

  it("compares with the computer's total from main, not the browser's capped 8 GiB", () => {
    const GiB = 1024 ** 3;
    const spec = presetSpec('forecast');
    const options = { fileBytes: 5000 * MiB, dims: { numFeatures: 4 } };
    const browser = trainingMemory(spec, {
      ...options,
      host: hostMemory({ systemBytes: null, deviceMemoryGiB: 8 }),
    });
    const desktop = trainingMemory(spec, {
      ...options,
      host: hostMemory({ systemBytes: 24 * GiB, deviceMemoryGiB: 8 }),
    });
    expect(browser.verdict.code).not.toBe('fits');
    expect(desktop.verdict).toMatchObject({ code: 'fits', availableBytes: 24 * GiB });
  });
});
