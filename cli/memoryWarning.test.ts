/** Tests of the CLI's memory warning: said for a run over or near the computer's memory, silent when it fits or the memory is unknown. */
import { describe, expect, it } from 'vitest';
import { FILE_HELD_BYTES, RUNTIME_BYTES } from '../core/train/memoryBudget.ts';
import { memoryWarning } from './memoryWarning.ts';

const GiB = 1024 ** 3;
const model = {
  memory: {
    parameterBytes: 0,
    gradientBytes: 0,
    optimizerBytes: 0,
    activationBytes: 0,
    totalBytes: 0.5 * GiB,
  },
};
const base = { task: 'classify' as const, fileName: 'reviews.csv', fileBytes: 2 * GiB, model };
// NOTE: classify keeps 2 bytes per file byte; the file is read a piece at a time: 4 + 0.5 GiB,
// the piece and the runtime.
const needed = 4.5 * GiB + FILE_HELD_BYTES + RUNTIME_BYTES;

describe('memoryWarning', () => {
  it('warns when the estimate exceeds the memory, naming the file and every part', () => {
    const line = memoryWarning({ ...base, totalMemoryBytes: 3 * GiB });
    expect(line).toContain("'reviews.csv' needs about 4.7 GiB");
    expect(line).toContain('the file 16 MiB, its prepared data 4.0 GiB, the model 512 MiB');
    expect(line).toContain("more than this computer's 3.0 GiB");
  });

  it('warns more mildly above 80 % of the memory', () => {
    const line = memoryWarning({ ...base, totalMemoryBytes: needed / 0.9 });
    expect(line).toContain('over 80 %');
  });

  it('is silent when the run fits or the memory is unknown', () => {
    expect(memoryWarning({ ...base, totalMemoryBytes: 24 * GiB })).toBeNull();
    expect(memoryWarning({ ...base, totalMemoryBytes: null })).toBeNull();
  });
});
