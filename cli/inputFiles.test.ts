/** The CLI's input files: regular files are read; a FIFO, a folder or a missing path is refused at once with one line naming it. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileProblem, NotAFileError, readRegularFile, streamRegularFile } from './inputFiles.ts';

const dir = mkdtempSync(join(tmpdir(), 'rnn-input-'));

describe('readRegularFile', () => {
  it('reads a regular file, whole or streamed', async () => {
    const path = join(dir, 'a.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    expect(new TextDecoder().decode(await readRegularFile(path))).toBe('a,b\n1,2\n');
    const chunks: Uint8Array[] = [];
    for await (const chunk of streamRegularFile(path)) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('a,b\n1,2\n');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const err = await readRegularFile(fifo).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotAFileError);
    expect(fileProblem(err, fifo)?.message).toBe(
      `cannot read '${fifo}': it is a FIFO (named pipe), not a regular file; give the path of a file.`,
    );
    const stream = streamRegularFile(fifo)[Symbol.asyncIterator]();
    await expect(stream.next()).rejects.toThrow('is a FIFO (named pipe), not a regular file.');
  });

  it('refuses a folder and names a missing file', async () => {
    const folder = join(dir, 'data.csv');
    mkdirSync(folder);
    const err = await readRegularFile(folder).catch((e: unknown) => e);
    expect(fileProblem(err, folder)?.message).toBe(
      `cannot read '${folder}': it is a folder, not a regular file; give the path of a file.`,
    );
    const missing = join(dir, 'nope.csv');
    const gone = await readRegularFile(missing).catch((e: unknown) => e);
    expect(fileProblem(gone, missing)?.message).toBe(`cannot read '${missing}': no such file.`);
  });
});
