/** Tests the CLI's atomic file write: the new content or the old, and no temporary file left behind. */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './io.ts';

describe('writeFileAtomic', () => {
  it('replaces the file with the whole new content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rnn-cli-io-'));
    const path = join(dir, 'model.rnnmodel');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new content');
    expect(await readFile(path, 'utf8')).toBe('new content');
    expect(await readdir(dir)).toEqual(['model.rnnmodel']);
  });

  it('leaves no temporary file when the write cannot complete', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rnn-cli-io-'));
    // A folder (with a file in it) where the model should go: the rename fails.
    const path = join(dir, 'model.rnnmodel');
    await mkdir(path);
    await writeFile(join(path, 'keep.txt'), 'user file');
    await expect(writeFileAtomic(path, 'bytes')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['model.rnnmodel']);
    expect(await readFile(join(path, 'keep.txt'), 'utf8')).toBe('user file');
  });
});
