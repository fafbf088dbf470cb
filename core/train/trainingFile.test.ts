/** Tests the training-file limits: the refusal from the size alone (before any byte is read), its wording, the read of a file handle in slices, and a file that changes between the trainer's passes refused. */
import { describe, expect, it } from 'vitest';
import { toyTaskDefinition } from '../../test/support/toyTask.ts';
import { DatasetError } from '../errors.ts';
import type { FileHandle, TrainingEvent } from '../protocol/messages.ts';
import { classifyTask } from '../tasks/classify/index.ts';
import { presetSpec } from '../tasks/presets.ts';
import { TrainingService } from './service.ts';
import {
  readFileHandle,
  SLICE_BYTES,
  TRAINING_FILE_LIMIT_BYTES,
  trainingBytes,
  trainingFileError,
  trainingFileRefusal,
  trainingSource,
} from './trainingFile.ts';

const MIB = 1024 * 1024;

/** A handle of `size` bytes whose every read is recorded; `read` throws when reading is refused. */
function handle(size: number, o: { short?: boolean } = {}): FileHandle & { reads: number[][] } {
  const reads: number[][] = [];
  return {
    size,
    reads,
    slice(start, end) {
      reads.push([start, end]);
      const length = o.short === true ? end - start - 1 : end - start;
      return {
        arrayBuffer: async () => {
          const part = new Uint8Array(length);
          for (let i = 0; i < length; i++) part[i] = (start + i) % 251;
          return part.buffer;
        },
      };
    },
  };
}

describe('trainingFileRefusal', () => {
  it('accepts a file at the limit and refuses one byte more, per host', () => {
    for (const host of ['browser', 'desktop'] as const) {
      const limit = TRAINING_FILE_LIMIT_BYTES[host];
      expect(trainingFileRefusal(host, 'a.csv', limit)).toBeNull();
      expect(trainingFileRefusal(host, 'a.csv', limit + 1)?.code).toBe(`too-large-for-${host}`);
    }
    expect(TRAINING_FILE_LIMIT_BYTES.desktop).toBeGreaterThan(TRAINING_FILE_LIMIT_BYTES.browser);
  });

  it('names the file, its size and the limit, and points the browser at the desktop app or CLI', () => {
    const r = trainingFileRefusal('browser', 'year-of-sensors.csv', 1000 * MIB);
    expect(r?.message).toBe(
      "'year-of-sensors.csv' must be at most 256 MiB to train in the browser edition, got 1000 MiB. Train it in the desktop app or with the CLI (rnn-studio train), which read big files as a stream.",
    );
    expect(r?.detail).toEqual({
      key: 'too-large-for-browser',
      params: { file: 'year-of-sensors.csv', size: 1000, limit: 256 },
    });
  });

  it('words the desktop refusal with its own limit and advice', () => {
    const e = trainingFileError('desktop', 'log.csv', 5 * 1024 * MIB);
    expect(e).toBeInstanceOf(DatasetError);
    expect(e?.code).toBe('too-large');
    expect(e?.message).toBe(
      "'log.csv' must be at most 4096 MiB to train in the desktop app, got 5120 MiB. The trainer holds the data prepared from the file in memory (up to about 3.5× the file); train on a sample of its rows or split it.",
    );
  });
});

describe('readFileHandle', () => {
  it('reads every byte in order across slice boundaries', async () => {
    const file = handle(2 * SLICE_BYTES + 5);
    const bytes = await readFileHandle(file, { fileName: 'a.csv', host: 'browser' });
    expect(bytes.length).toBe(file.size);
    expect(file.reads).toEqual([
      [0, SLICE_BYTES],
      [SLICE_BYTES, 2 * SLICE_BYTES],
      [2 * SLICE_BYTES, 2 * SLICE_BYTES + 5],
    ]);
    expect([bytes[0], bytes[SLICE_BYTES + 7], bytes.at(-1)]).toEqual([
      0,
      (SLICE_BYTES + 7) % 251,
      (file.size - 1) % 251,
    ]);
  });

  it('refuses a file above the host limit without reading a byte', async () => {
    const file = handle(TRAINING_FILE_LIMIT_BYTES.browser + 1);
    await expect(readFileHandle(file, { fileName: 'big.csv', host: 'browser' })).rejects.toThrow(
      "'big.csv' must be at most 256 MiB to train in the browser edition, got 256 MiB.",
    );
    expect(file.reads).toEqual([]);
  });

  it('refuses a file that shrank while it was read', async () => {
    await expect(
      readFileHandle(handle(10, { short: true }), { fileName: 'a.csv' }),
    ).rejects.toThrow("'a.csv' changed while it was read; choose it again once it is saved.");
  });
});

describe('trainingBytes', () => {
  it('hands given bytes through and refuses them above the limit', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    await expect(trainingBytes({ fileName: 'a.csv', bytes }, 'browser')).resolves.toBe(bytes);
    const big = { fileName: 'a.csv', bytes: { length: TRAINING_FILE_LIMIT_BYTES.browser + 1 } };
    await expect(
      trainingBytes(big as unknown as { fileName: string; bytes: Uint8Array }, 'browser'),
    ).rejects.toBeInstanceOf(DatasetError);
  });
});

describe('TrainingService with a file limit', () => {
  function toySpec() {
    const spec = presetSpec('forecast');
    spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 8 };
    spec.train = { ...spec.train, epochs: 1, batchSize: 8, lr: 0.02, earlyStoppingPatience: 0 };
    return spec;
  }

  it('refuses a handle above the limit with a training error that carries the detail', async () => {
    const service = new TrainingService({ tasks: () => toyTaskDefinition, fileLimit: 'browser' });
    const events: TrainingEvent[] = [];
    service.addSink((m) => {
      if (m.type === 'training-error') events.push(m);
    });
    const file = handle(300 * MIB);
    await expect(
      service.start({ runId: 'big', spec: toySpec(), data: { fileName: 'big.csv', file } }),
    ).rejects.toThrow("'big.csv' must be at most 256 MiB to train in the browser edition");
    expect(file.reads).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'training-error',
      runId: 'big',
      name: 'DatasetError',
      detail: { key: 'too-large-for-browser', params: { file: 'big.csv', size: 300, limit: 256 } },
    });
  });

  it('trains on a handle it reads itself (a Blob, as the browser posts a File)', async () => {
    const service = new TrainingService({
      tasks: () => toyTaskDefinition,
      fileLimit: 'browser',
      yieldControl: () => new Promise((r) => setImmediate(r)),
    });
    const file = new Blob(['1\n']);
    await service.start({ runId: 'small', spec: toySpec(), data: { fileName: 'toy.csv', file } });
    await service.whenDone('small');
    expect(service.list().find((r) => r.runId === 'small')?.state).toBe('finished');
  });

  it('refuses a file whose bytes changed between inspection and reading, with the changed-while-read message', async () => {
    const text = `text,label\n${Array.from({ length: 60 }, (_, i) => `word${i % 9} more,${i % 2}`).join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    let reads = 0;
    const file: FileHandle = {
      size: bytes.length,
      slice: (start, end) => ({
        arrayBuffer: async () => {
          const part = bytes.slice(start, end);
          // NOTE: from the second pass on (the reading after inspection) one byte differs.
          if (reads++ > 0) part[20] = 0x5a;
          return part.buffer;
        },
      }),
    };
    const service = new TrainingService({ tasks: () => classifyTask, fileLimit: 'desktop' });
    const events: TrainingEvent[] = [];
    service.addSink((m) => {
      if (m.type === 'training-error') events.push(m);
    });
    const spec = presetSpec('classify');
    spec.data = { textColumn: 'text', labelColumn: 'label' };
    await expect(
      service.start({ runId: 'moved', spec, data: { fileName: 'moved.csv', file } }),
    ).rejects.toThrow("'moved.csv' changed while it was read; choose it again once it is saved.");
    expect(reads).toBe(2);
    expect(events[0]).toMatchObject({
      type: 'training-error',
      runId: 'moved',
      name: 'DatasetError',
    });
  });
});

describe('trainingSource', () => {
  it('opens a handle as pieces read when a pass reaches them, refusing it above the limit first', async () => {
    const file = handle(2 * SLICE_BYTES + 5);
    const source = trainingSource({ fileName: 'a.csv', file }, 'desktop');
    expect([source.name, source.size, file.reads]).toEqual(['a.csv', file.size, []]);
    const sizes: number[] = [];
    for await (const piece of source.pieces()) sizes.push(piece.length);
    expect(Math.max(...sizes)).toBeLessThan(SLICE_BYTES);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(file.size);
    const big = handle(TRAINING_FILE_LIMIT_BYTES.browser + 1);
    expect(() => trainingSource({ fileName: 'big.csv', file: big }, 'browser')).toThrow(
      "'big.csv' must be at most 256 MiB",
    );
    expect(big.reads).toEqual([]);
  });
});
