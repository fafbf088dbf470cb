/** The CLI's training data source: a file on disk read (or gathered) into pieces of a fixed size up to the size it had when opened, each pass reading it again; a missing file named in one line; a file that shrinks between passes refused. */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintBytes } from '../core/train/fingerprint.ts';
import { diskByteSource, trainingDataSource } from './dataSource.ts';
import { type CliIo, nodeIo } from './io.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileWith(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-data-source-'));
  dirs.push(dir);
  const path = join(dir, 'data.csv');
  writeFileSync(path, bytes);
  return path;
}

/** nodeIo whose streams hand the file over in chunks of `chunk` bytes (and no piece reader, so they are gathered). */
function chunkedIo(chunk: number): CliIo {
  return {
    ...nodeIo,
    readFilePieces: undefined,
    async *openFileStream(path: string) {
      for await (const c of nodeIo.openFileStream(path)) {
        for (let at = 0; at < c.length; at += chunk) yield c.subarray(at, at + chunk);
      }
    },
  };
}

async function piecesOf(source: { pieces(): AsyncIterable<Uint8Array> }): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const p of source.pieces()) out.push(p.slice());
  return out;
}

describe('diskByteSource', () => {
  it('gathers the stream into pieces of the asked size, in order, on every pass', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const path = fileWith(bytes);
    const source = await diskByteSource(chunkedIo(37), path, 256);
    expect(source.size).toBe(1000);
    for (let pass = 0; pass < 2; pass++) {
      const pieces = await piecesOf(source);
      expect(pieces.map((p) => p.length)).toEqual([256, 256, 256, 232]);
      expect(Uint8Array.from(pieces.flatMap((p) => [...p]))).toEqual(bytes);
    }
  });

  it('reads the file a piece at a time into one buffer, giving the same pieces on every pass', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 253);
    const path = fileWith(bytes);
    const source = await diskByteSource(nodeIo, path, 256);
    const buffers = new Set<ArrayBufferLike>();
    for (let pass = 0; pass < 2; pass++) {
      const pieces: Uint8Array[] = [];
      for await (const p of source.pieces()) {
        buffers.add(p.buffer);
        pieces.push(p.slice());
      }
      expect(pieces.map((p) => p.length)).toEqual([256, 256, 256, 232]);
      expect(Uint8Array.from(pieces.flatMap((p) => [...p]))).toEqual(bytes);
    }
    // NOTE: one buffer a pass, not one a piece.
    expect(buffers.size).toBe(2);
  });

  it('reads no further than the size the file had when opened', async () => {
    const path = fileWith(new Uint8Array(300).fill(1));
    const source = await diskByteSource(nodeIo, path, 128);
    writeFileSync(path, new Uint8Array(500).fill(1));
    const pieces = await piecesOf(source);
    expect(pieces.reduce((n, p) => n + p.length, 0)).toBe(300);
  });
});

describe('trainingDataSource', () => {
  it('fingerprints a file as its bytes, and refuses it when it shrank between passes', async () => {
    const bytes = new TextEncoder().encode('text,label\ngood,1\nbad,0\n');
    const path = fileWith(bytes);
    const source = await trainingDataSource(nodeIo, [path]);
    await expect(source.fingerprint()).resolves.toBe(fingerprintBytes(bytes));
    truncateSync(path, 10);
    await expect(piecesOf(source)).rejects.toThrow(
      `'${path}' changed while it was read; choose it again once it is saved.`,
    );
  });

  it('names a missing file in one line', async () => {
    await expect(trainingDataSource(nodeIo, ['/nonexistent/data.csv'])).rejects.toThrow(
      "cannot read '/nonexistent/data.csv': no such file.",
    );
  });
});
