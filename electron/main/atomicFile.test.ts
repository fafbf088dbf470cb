/** Tests atomic writes: a save that dies half-way leaves the previous file intact. */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type AtomicWriteFs,
  nodeAtomicWriteFs,
  readJsonFile,
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
