/** Tests the shared atomic write: new content or old, no temporary file left, unguessable names, links replaced and never followed, file and folder flushed. */
import { mkdir, mkdtemp, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AtomicWriteFs,
  nodeAtomicWriteFs,
  temporaryNameFor,
  writeFileAtomic,
} from './atomicWrite.ts';

const fresh = () => mkdtemp(join(tmpdir(), 'rnn-atomic-'));

describe('writeFileAtomic', () => {
  it('replaces the file with the whole new content', async () => {
    const dir = await fresh();
    const path = join(dir, 'model.rnnmodel');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new content');
    expect(await readFile(path, 'utf8')).toBe('new content');
    expect(await readdir(dir)).toEqual(['model.rnnmodel']);
  });

  it('leaves no temporary file when the write cannot complete', async () => {
    const dir = await fresh();
    // A folder (with a file in it) where the model should go: the rename fails.
    const path = join(dir, 'model.rnnmodel');
    await mkdir(path);
    await writeFile(join(path, 'keep.txt'), 'user file');
    await expect(writeFileAtomic(path, 'bytes')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['model.rnnmodel']);
    expect(await readFile(join(path, 'keep.txt'), 'utf8')).toBe('user file');
  });

  it('uses a new random temporary name each time', () => {
    const a = temporaryNameFor('/x/model.rnnmodel');
    const b = temporaryNameFor('/x/model.rnnmodel');
    expect(a).toMatch(/^\/x\/\.model\.rnnmodel\.[0-9a-f]{12}\.tmp$/);
    expect(a).not.toBe(b);
  });

  it('refuses to write through a file or symlink already at the temporary name', async () => {
    const dir = await fresh();
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious');
    const planted = join(dir, '.planted.tmp');
    await symlink(victim, planted);
    await expect(nodeAtomicWriteFs.writeAndFlush(planted, new Uint8Array([1]))).rejects.toThrow(
      /EEXIST/,
    );
    expect(await readFile(victim, 'utf8')).toBe('precious');
  });

  it('replaces a symlink at the target instead of writing into the file it points to', async () => {
    const dir = await fresh();
    const outside = join(dir, 'outside.txt');
    await writeFile(outside, 'precious');
    const target = join(dir, 'model.rnnmodel');
    await symlink(outside, target);
    await writeFileAtomic(target, 'model bytes');
    expect(await readFile(outside, 'utf8')).toBe('precious');
    expect(await readFile(target, 'utf8')).toBe('model bytes');
    await expect(readlink(target)).rejects.toThrow(/EINVAL/);
  });

  it('flushes the file, then renames, then flushes the folder', async () => {
    const dir = await fresh();
    const target = join(dir, 'a.json');
    const calls: string[] = [];
    const recording: AtomicWriteFs = {
      writeAndFlush: async (path, data) => {
        calls.push('write');
        await nodeAtomicWriteFs.writeAndFlush(path, data);
      },
      rename: async (from, to) => {
        calls.push('rename');
        await nodeAtomicWriteFs.rename(from, to);
      },
      syncFolder: async (path) => {
        calls.push(`sync ${path}`);
        await nodeAtomicWriteFs.syncFolder(path);
      },
      remove: nodeAtomicWriteFs.remove,
    };
    await writeFileAtomic(target, '{}', { fs: recording });
    expect(calls).toEqual(['write', 'rename', `sync ${dirname(target)}`]);
  });
});
