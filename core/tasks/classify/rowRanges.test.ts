/** Tests of reading classify's rows on two threads: the second half read as a range (here in-process, its request and result cloned as a worker thread gets them) and joined gives the tokens, ids, labels and rows of one reader, and one reader takes over where the split is not safe. */
import { describe, expect, it } from 'vitest';
import { plainRows } from '../../../test/support/tokenizedRows.ts';
import { memoryByteSource } from '../../data/byteSource.ts';
import { inspectForReading } from '../../data/recordStream.ts';
import { ROW_RANGE_MIN_BYTES, type RowRangeResult } from '../../data/rowRanges.ts';
import type { SeriesRanges } from '../../data/seriesRanges.ts';
import { readTokenizedRows } from './data.ts';
import { readRowRange } from './rowRanges.ts';

const encode = (s: string) => new TextEncoder().encode(s);

/** A second "thread" run in-process over the same bytes, pieces of `pieceBytes`. */
function inProcess(bytes: Uint8Array, options: { pieceBytes?: number; minBytes?: number } = {}) {
  const results: RowRangeResult[] = [];
  const ranges: SeriesRanges = {
    ...(options.minBytes === undefined ? {} : { minBytes: options.minBytes }),
    read: () => {
      throw new Error('inProcess: a classify read asks for rows only.');
    },
    readRows(request) {
      const seen = bytes.subarray(request.from, request.to);
      const pieces = memoryByteSource('range', seen, options.pieceBytes ?? 997).pieces();
      const result = readRowRange(pieces, structuredClone(request)).then((r) => {
        const cloned = structuredClone(r);
        results.push(cloned);
        return cloned;
      });
      return { result, cancel: () => {} };
    },
  };
  return { ranges, results };
}

/** The file's rows read as the task reads them (pieces of `pieceBytes`), on one thread or with `ranges`; plain arrays, or the error's message. */
async function readRows(
  bytes: Uint8Array,
  pieceBytes: number,
  ranges?: SeriesRanges,
  kind: 'word' | 'char' = 'word',
): Promise<Partial<ReturnType<typeof plainRows>> & { error?: string }> {
  const source = memoryByteSource('r.csv', bytes, pieceBytes);
  // NOTE: inspected by its head, whole lines, as the CLI inspects a big file's first 4 MiB.
  const head = bytes.subarray(0, bytes.lastIndexOf(10, 1 << 16) + 1);
  const inspection = await inspectForReading(head, { fileName: 'r.csv' });
  try {
    const r = await readTokenizedRows(source, {
      fileName: 'r.csv',
      inspection,
      textColumn: 'review',
      labelColumn: 'rating',
      choose: (_f: string, a: string | undefined) => a as string,
      tokenizer: { kind, lowercase: true },
      maxLength: 6,
      ranges,
    });
    return plainRows(r);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Reviews whose words and labels change along the file, so each half meets tokens the other has not. */
function reviews(
  rows: number,
  line: (r: number) => string = (r) => `"w${r % 37} W${(r * 7) % (20 + r)}, x",l${r % 3}`,
) {
  return ['review,rating', ...Array.from({ length: rows }, (_, r) => line(r))].join('\n');
}

describe('readRowRange joined by readTokenizedRows', () => {
  it('gives one reader’s tokens, ids, labels and rows, in pieces of several sizes', async () => {
    const bytes = encode(`${reviews(600)}\n`);
    const one = await readRows(bytes, 1 << 20);
    for (const pieceBytes of [7, 64, 1009]) {
      const fake = inProcess(bytes, { pieceBytes, minBytes: 0 });
      expect(await readRows(bytes, pieceBytes, fake.ranges)).toEqual(one);
      expect(fake.results.map((r) => r.ok)).toEqual([true]);
    }
  });

  it('gives one reader’s character tokens and ids, Korean and emoji included', async () => {
    const bytes = encode(
      `${reviews(500, (r) => `"${r % 5 ? '' : '🙂'}좋 w${r % 37}",l${r % 3}`)}\n`,
    );
    const one = await readRows(bytes, 1 << 20, undefined, 'char');
    const fake = inProcess(bytes, { minBytes: 0 });
    expect(await readRows(bytes, 509, fake.ranges, 'char')).toEqual(one);
    expect(fake.results.map((r) => r.ok)).toEqual([true]);
    expect(one).toMatchObject({ tokens: expect.arrayContaining(['좋', '🙂']) });
  });

  it('counts the second half’s rows: a label column blank in the first half is not all missing', async () => {
    const bytes = encode(
      `${reviews(400, (r) => `"w${r % 11} again",${r < 250 ? '' : `l${r % 2}`}`)}\n`,
    );
    const one = await readRows(bytes, 4096);
    expect(one).not.toHaveProperty('error');
    const fake = inProcess(bytes, { minBytes: 0 });
    expect(await readRows(bytes, 4096, fake.ranges)).toEqual(one);
    expect(fake.results.map((r) => r.ok)).toEqual([true]);
  });

  it('reads on as one reader when the midpoint falls inside a quoted line break', async () => {
    const text = reviews(200);
    const mid = Math.floor(encode(text).length / 2);
    // A quoted text spanning lines from well before the midpoint to well after it.
    const at = text.lastIndexOf('\n', mid - 40);
    const spanning = `${text.slice(0, at)}\n"across\n${'the middle\n'.repeat(20)}end",l9${text.slice(at)}\n`;
    const bytes = encode(spanning);
    const one = await readRows(bytes, 1 << 20);
    const fake = inProcess(bytes, { minBytes: 0 });
    expect(await readRows(bytes, 512, fake.ranges)).toEqual(one);
    expect(one.labels).toContain('l9');
  });

  it('reads a file from the threshold on on two threads, a smaller one on one', async () => {
    const row = '"some words, again and again",pos\n';
    const size = ROW_RANGE_MIN_BYTES + row.length;
    const bytes = new Uint8Array(size);
    const head = encode('review,rating\n');
    bytes.set(head);
    const rowBytes = encode(row);
    let at = head.length;
    for (; at + rowBytes.length <= size; at += rowBytes.length) bytes.set(rowBytes, at);
    const used = bytes.subarray(0, at);
    const below = used.subarray(0, used.lastIndexOf(10, ROW_RANGE_MIN_BYTES - 2) + 1);
    const above = inProcess(used, { pieceBytes: 4 << 20 });
    const two = await readRows(used, 4 << 20, above.ranges);
    expect(above.results.map((r) => r.ok)).toEqual([true]);
    expect(two).toMatchObject({ tokens: ['some', 'words', ',', 'again', 'and'] });
    const small = inProcess(below, { pieceBytes: 4 << 20 });
    await readRows(below, 4 << 20, small.ranges);
    expect(small.results).toEqual([]);
  });
});
