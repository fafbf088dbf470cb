/** Tests atomic writes: a save that dies half-way leaves the previous file intact. */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type AtomicWriteFs,
  nodeAtomicWriteFs,
  readJsonFile,
  removeStaleTemporaries,
  writeFileAtomic,
  writeJsonAtomic,
} from './atomicFile.ts';

let dir: string;
let target: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rnn-studio-atomic-'));
  target = join(dir, 'project.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The real file system, except that the write stops half-way, as if the process died. */
const crashingMidWrite: AtomicWriteFs = {
  ...nodeAtomicWriteFs,
  async writeAndFlush(path, data) {
    await writeFile(path, data.subarray(0, Math.floor(data.length / 2)));
    throw new Error('simulated crash during write');
  },
};

describe('writeFileAtomic', () => {
  it('replaces the file with the new content', async () => {
    await writeJsonAtomic(target, { version: 1 });
    await writeJsonAtomic(target, { version: 2 });
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ version: 2 });
    expect(await readdir(dir)).toEqual(['project.json']);
  });

  it('leaves the previous file intact and no temporary file when a save fails half-way', async () => {
    await writeJsonAtomic(target, { version: 1, runs: ['a'] });
    const before = await readFile(target, 'utf8');
    await expect(
      writeJsonAtomic(target, { version: 2, runs: ['a', 'b'] }, { fs: crashingMidWrite }),
    ).rejects.toThrow('simulated crash during write');
    expect(await readFile(target, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['project.json']);
  });

  it('leaves the previous file intact when the final rename fails', async () => {
    await writeFileAtomic(target, 'old');
    const failingRename: AtomicWriteFs = {
      ...nodeAtomicWriteFs,
      rename: async () => {
        throw new Error('EPERM: simulated rename failure');
      },
    };
    await expect(writeFileAtomic(target, 'new', { fs: failingRename })).rejects.toThrow(
      'EPERM: simulated rename failure',
    );
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['project.json']);
  });

  it('keeps the previous file when the saving process is killed mid-save', async () => {
    // A real child process saves version 1, then starts saving version 2 and is SIGKILLed once
    // half of the new bytes are on disk: the file must still be version 1, byte for byte.
    const moduleUrl = pathToFileURL(join(import.meta.dirname, 'atomicFile.ts')).href;
    const script = `
      const { writeFile } = await import('node:fs/promises');
      const { writeJsonAtomic, nodeAtomicWriteFs } = await import(${JSON.stringify(moduleUrl)});
      const target = ${JSON.stringify(target)};
      await writeJsonAtomic(target, { version: 1, payload: 'a'.repeat(1_000_000) });
      const halfThenHang = {
        ...nodeAtomicWriteFs,
        async writeAndFlush(path, data) {
          await writeFile(path, data.subarray(0, data.length >> 1));
          process.stdout.write('half-written\\n');
          await new Promise(() => {});
        },
      };
      await writeJsonAtomic(target, { version: 2, payload: 'b'.repeat(1_000_000) }, { fs: halfThenHang });`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const saved = JSON.parse(await readFile(target, 'utf8'));
    expect(saved).toEqual({ version: 1, payload: 'a'.repeat(1_000_000) });
  });
});

describe('removeStaleTemporaries', () => {
  /** An atomic write whose process died after writing the temporary file: no rename, no cleanup. */
  async function diedMidWrite(path: string): Promise<void> {
    const dying: AtomicWriteFs = {
      ...nodeAtomicWriteFs,
      async rename() {
        throw new Error('process killed before the rename');
      },
      async remove() {},
    };
    await expect(writeFileAtomic(path, 'half', { fs: dying })).rejects.toThrow('killed');
  }

  it('removes what crashed writes left, here and in subfolders, and nothing else', async () => {
    await writeJsonAtomic(target, { version: 1 });
    await diedMidWrite(target);
    const run = join(dir, 'runs', 'run-1');
    await mkdir(run, { recursive: true });
    await diedMidWrite(join(run, 'last.ckpt'));
    await writeFile(join(dir, '.hidden-settings'), 'keep');
    const leftovers = (await readdir(dir)).filter((n) => n.endsWith('.tmp'));
    expect(leftovers).toHaveLength(1);
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(dir, leftovers[0] as string), hourAgo, hourAgo);
    for (const n of await readdir(run)) await utimes(join(run, n), hourAgo, hourAgo);

    const removed = await removeStaleTemporaries(dir, { olderThanMs: 60_000, depth: 2 });

    expect(removed).toHaveLength(2);
    expect((await readdir(dir)).sort()).toEqual(['.hidden-settings', 'project.json', 'runs']);
    expect(await readdir(run)).toEqual([]);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ version: 1 });
  });

  it('keeps a young temporary file (a write may be in progress) and stays out of subfolders at depth 0', async () => {
    await diedMidWrite(target);
    await mkdir(join(dir, 'sub'));
    await diedMidWrite(join(dir, 'sub', 'x.json'));
    expect(await removeStaleTemporaries(dir, { olderThanMs: 60_000 })).toEqual([]);
    expect(
      await removeStaleTemporaries(dir, { olderThanMs: 0, now: Date.now() + 1000 }),
    ).toHaveLength(1);
    expect(await readdir(join(dir, 'sub'))).toHaveLength(1);
    expect(await removeStaleTemporaries(join(dir, 'missing'), { olderThanMs: 0 })).toEqual([]);
  });
});

describe('readJsonFile', () => {
  const schema = z.object({ version: z.number() }).strict();

  it('reads a valid file', async () => {
    await writeJsonAtomic(target, { version: 3 });
    await expect(readJsonFile(target, schema)).resolves.toEqual({
      ok: true,
      value: { version: 3 },
    });
  });

  it('reports a missing file', async () => {
    await expect(readJsonFile(target, schema)).resolves.toEqual({
      ok: false,
      reason: 'missing',
      message: `'${target}' does not exist.`,
    });
  });

  it('reports a file that breaks the schema, naming the field', async () => {
    await writeFileAtomic(target, '{"version":"3"}');
    await expect(readJsonFile(target, schema)).resolves.toEqual({
      ok: false,
      reason: 'invalid',
      message: `'${target}': version: Invalid input: expected number, received string`,
    });
  });

  it('reports a file that is not JSON', async () => {
    await writeFileAtomic(target, '{"version":');
    const read = await readJsonFile(target, schema);
    expect(read).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
