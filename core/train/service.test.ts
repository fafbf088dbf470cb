/** The trainer's service keeps an opened bundle's model (predicting again with the same bytes does not read and rebuild it), and hands a data file handle's second thread to the task's preparation. */
import { describe, expect, it } from 'vitest';
import { toyTaskDefinition } from '../../test/support/toyTask.ts';
import type { SeriesRanges } from '../data/seriesRanges.ts';
import { readBundle, writeBundle } from '../io/bundle.ts';
import { presetSpec } from '../tasks/presets.ts';
import type { PrepareInput, TaskDefinition } from '../tasks/task.ts';
import { TrainingService } from './service.ts';

function toySpec() {
  const spec = presetSpec('forecast');
  spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 8 };
  spec.train = { ...spec.train, epochs: 1, batchSize: 8, lr: 0.02, earlyStoppingPatience: 0 };
  return spec;
}

describe('TrainingService with an opened bundle', () => {
  it('restores a bundle once for repeated predictions and again for other bytes', async () => {
    let restores = 0;
    const counting: TaskDefinition = {
      ...toyTaskDefinition,
      restore: (input) => {
        restores += 1;
        return toyTaskDefinition.restore(input);
      },
    };
    const service = new TrainingService({
      tasks: () => counting,
      yieldControl: () => new Promise((r) => setImmediate(r)),
    });
    const data = { fileName: 'toy.csv', bytes: new Uint8Array([49, 10]) };
    await service.start({ runId: 'r1', spec: toySpec(), data });
    await service.whenDone('r1');
    const { bytes } = service.exportBundle('r1');
    const inputs = [{ rows: [[0.1], [0.2], [0.3], [0.1], [0.2], [0.3]] }];
    const first = service.predict({ bundle: bytes, fileName: 'm.rnnmodel' }, inputs);
    // A fresh copy of the same bytes, as every structured-cloned request brings.
    const again = service.predict({ bundle: bytes.slice(), fileName: 'm.rnnmodel' }, inputs);
    expect(again).toEqual(first);
    expect(restores).toBe(1);
    const other = writeBundle({ ...readBundle(bytes), metrics: { mae: 1 } });
    service.predict({ bundle: other }, inputs);
    expect(restores).toBe(2);
  });
});

describe('TrainingService with a file handle', () => {
  it('hands the handle’s second thread (the desktop trainer’s) to the task’s preparation', async () => {
    const seen: PrepareInput[] = [];
    const watching: TaskDefinition = {
      ...toyTaskDefinition,
      prepare: (input) => {
        seen.push(input);
        return toyTaskDefinition.prepare(input);
      },
    };
    const service = new TrainingService({
      tasks: () => watching,
      yieldControl: () => new Promise((r) => setImmediate(r)),
    });
    const bytes = new Uint8Array([49, 10]);
    const seriesRanges: SeriesRanges = {
      read: () => ({ result: Promise.resolve({ ok: false, reason: 'unused' }), cancel: () => {} }),
    };
    const file = {
      size: bytes.length,
      slice: (start: number, end: number) => ({
        arrayBuffer: async () => bytes.slice(start, end).buffer,
      }),
      seriesRanges,
    };
    await service.start({ runId: 'h1', spec: toySpec(), data: { fileName: 'toy.csv', file } });
    await service.whenDone('h1');
    expect(seen.map((input) => input.seriesRanges)).toEqual([seriesRanges]);
  });
});
