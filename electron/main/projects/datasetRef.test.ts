/** Tests dataset references on real files: unchanged, moved, resized, edited in place, only touched. */
import { mkdtempSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataset, describeDataset } from './datasetRef.ts';

function dataFile(content = 'text,label\ngood,pos\n') {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-ref-'));
  const path = join(dir, 'reviews.csv');
  writeFileSync(path, content);
  return { dir, path };
}

describe('dataset references', () => {
  it('describes a file by name, size and the SHA-256 of its first MiB', async () => {
    const { path } = dataFile('abc');
    await expect(describeDataset(path, 'd-1')).resolves.toMatchObject({
      id: 'd-1',
      name: 'reviews.csv',
      path,
      size: 3,
      headSha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('reports a moved file as missing', async () => {
    const { dir, path } = dataFile();
    const ref = await describeDataset(path, 'd-1');
    renameSync(path, join(dir, 'elsewhere.csv'));
    await expect(checkDataset(ref)).resolves.toEqual({ status: 'missing' });
  });

  it('reports a file that grew, or was edited at the same size, as changed', async () => {
    const { path } = dataFile('text,label\ngood,pos\n');
    const ref = await describeDataset(path, 'd-1');
    writeFileSync(path, 'text,label\ngood,pos\nbad,neg\n');
    await expect(checkDataset(ref)).resolves.toEqual({
      status: 'changed',
      detail: 'its size is 28 bytes, was 20',
    });
    writeFileSync(path, 'text,label\nfine,pos\n');
    await expect(checkDataset(ref)).resolves.toEqual({
      status: 'changed',
      detail: 'its content differs',
    });
  });

  it('accepts a file whose modification time alone changed', async () => {
    const { path } = dataFile();
    const ref = await describeDataset(path, 'd-1');
    utimesSync(path, new Date(2001, 1, 1), new Date(2001, 1, 1));
    await expect(checkDataset(ref)).resolves.toEqual({ status: 'ok' });
  });
});
