/** Tests the trainer's streamed file reader on real files larger than one chunk, and the file handle core checks against the desktop limit before reading. */
import { closeSync, ftruncateSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../core/tasks/presets.ts';
import { TrainingService } from '../../core/train/service.ts';
import { TRAINING_FILE_LIMIT_BYTES } from '../../core/train/trainingFile.ts';
import { toyTaskDefinition } from '../../test/support/toyTask.ts';
import { openFileHandle, readFileStreamed } from './fileSource.ts';

describe('readFileStreamed', () => {
  it('returns every byte of a file spanning several chunks, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-stream-'));
    const bytes = new Uint8Array(3 * (1 << 20) + 123);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    writeFileSync(join(dir, 'big.bin'), bytes);
    const read = await readFileStreamed(join(dir, 'big.bin'));
    expect(read.length).toBe(bytes.length);
    expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
  });

  it('rejects a missing file with the file-system error', async () => {
    await expect(readFileStreamed(join(tmpdir(), 'rnn-nothing-here.csv'))).rejects.toThrow(
      'ENOENT',
    );
  });
});

describe('openFileHandle', () => {
  it("gives the file's size without reading it, and its bytes by slice", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-handle-'));
    writeFileSync(join(dir, 'a.csv'), 'x,y\n1,2\n');
    const file = await openFileHandle(join(dir, 'a.csv'));
    expect(file.size).toBe(8);
    expect(new TextDecoder().decode(await file.slice(4, 8).arrayBuffer())).toBe('1,2\n');
  });

  it('lets the desktop trainer refuse a file above its limit from the size alone', async () => {
    // A sparse file: 1 MiB over the desktop limit on paper, no blocks on disk.
    const dir = mkdtempSync(join(tmpdir(), 'rnn-handle-'));
    const path = join(dir, 'huge.csv');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, TRAINING_FILE_LIMIT_BYTES.desktop + 2 ** 20);
    closeSync(fd);
    const service = new TrainingService({ tasks: () => toyTaskDefinition, fileLimit: 'desktop' });
    const spec = presetSpec('forecast');
    const file = await openFileHandle(path);
    await expect(
      service.start({ runId: 'huge', spec, data: { fileName: 'huge.csv', file } }),
    ).rejects.toThrow(
      "'huge.csv' must be at most 4096 MiB to train in the desktop app, got 4097 MiB.",
    );
  });
});
