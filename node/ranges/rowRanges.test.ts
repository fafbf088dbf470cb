/** Classify's rows read on the Node hosts' second thread from real files: a worker thread tokenizes the second half of a file on disk with ids of its own, and the rows joined from it are one reader's (tokens, ids, labels, row order), with the same messages; a worker that cannot read leaves the read to the first thread. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryByteSource } from '../../core/data/byteSource.ts';
import { inspectForReading } from '../../core/data/recordStream.ts';
import type { RowRangeResult } from '../../core/data/rowRanges.ts';
import type { SeriesRanges } from '../../core/data/seriesRanges.ts';
import { readTokenizedRows } from '../../core/tasks/classify/data.ts';
import { plainRows } from '../../test/support/tokenizedRows.ts';
import { nodeSeriesRanges } from './seriesRanges.ts';

const dir = mkdtempSync(join(tmpdir(), 'rnn-studio-row-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Words whose first use falls in either half, so each thread meets tokens the other has not. */
function wordOf(i: number, row: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const n = (i * 7919 + row * 31) % (200 + Math.floor(row / 10));
  return `${letters[n % 26]}${letters[Math.floor(n / 26) % 26]}${n}`;
}

/**
 * A review CSV of `rows` rows: quoted texts (commas, doubled quotes, Korean, an emoji left to the
 * segmenter, upper case), unquoted ones, blank labels and texts, labels that appear only late;
 * `bad`: a row whose text holds a byte that is not UTF-8.
 */
function reviewFile(name: string, rows: number, bad = -1): { path: string; bytes: Uint8Array } {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  parts.push(encoder.encode('review,rating\n'));
  const labels = ['pos', 'neg', 'neu'];
  for (let r = 0; r < rows; r++) {
    const words = Array.from({ length: 3 + (r % 9) }, (_, i) => wordOf(i, r));
    if (r % 17 === 0) words.push('정말 좋아요');
    if (r % 23 === 0) words.push('🙂');
    if (r > (3 * rows) / 5) words.unshift(`second${r % 40}`);
    if (r % 5 === 0) words[0] = (words[0] as string).toUpperCase();
    const label = r > (3 * rows) / 4 && r % 11 === 0 ? 'late' : (labels[r % 3] as string);
    let line: string;
    if (r % 13 === 0) line = `${words.join(' ')},${label}`;
    else if (r % 29 === 0) line = `"${words.join(' ')}",`;
    else if (r % 31 === 0) line = `"  ",${label}`;
    else line = `"${words.join(', ')} ""quoted""",${label}`;
    parts.push(encoder.encode(`${line}\n`));
    if (r === bad)
      parts.push(Uint8Array.of(0x22, 0x61, 0xff, 0x62, 0x22, 0x2c, 0x6e, 0x65, 0x67, 10));
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** `ranges` with every file read on two threads, keeping what the worker gave back. */
function watched(ranges: SeriesRanges) {
  const results: RowRangeResult[] = [];
  const readRows = ranges.readRows?.bind(ranges);
  if (readRows === undefined) throw new Error('nodeSeriesRanges: readRows must be offered.');
  const watchedRanges: SeriesRanges = {
    read: ranges.read.bind(ranges),
    readRows: (request) => {
      const job = readRows(request);
      const result = job.result.then((r) => {
        results.push(r);
        return r;
      });
      return { result, cancel: job.cancel };
    },
    minBytes: 0,
  };
  return { ranges: watchedRanges, results };
}

/** The file's rows read as the task reads them, on one thread or with `ranges`; plain arrays. */
async function readFile(file: { path: string; bytes: Uint8Array }, ranges?: SeriesRanges) {
  const source = memoryByteSource(file.path, file.bytes, 4096);
  // NOTE: inspected by its head, as the CLI inspects a big file's first 4 MiB.
  const head = file.bytes.subarray(0, file.bytes.indexOf(10, 20_000) + 1);
  const inspection = await inspectForReading(head, { fileName: 'r.csv', reading: undefined });
  const r = await readTokenizedRows(source, {
    fileName: 'r.csv',
    inspection,
    textColumn: 'review',
    labelColumn: 'rating',
    choose: (_f: string, a: string | undefined) => a as string,
    tokenizer: { kind: 'word', lowercase: true },
    maxLength: 8,
    labelNames: { neu: 'neutral' },
    ranges,
  });
  return { ...plainRows(r), idsArrayBytes: r.store.ids.buffer.byteLength };
}

describe('nodeSeriesRanges: classify rows', () => {
  it('reads the second half on a worker thread into the rows, ids and tokens one reader gives', async () => {
    const file = reviewFile('r.csv', 4000);
    const { ranges, results } = watched(nodeSeriesRanges(file.path));
    const one = await readFile(file);
    const two = await readFile(file, ranges);
    expect(results.map((r) => r.ok)).toEqual([true]);
    const rest = results[0] as Extract<RowRangeResult, { ok: true }>;
    // The worker's half met tokens the first half had not, and its ids were its own.
    expect(rest.tokens.some((t, id) => one.tokens.indexOf(t) !== id)).toBe(true);
    expect(rest.tokens).toContain('second7');
    expect(one.tokens.indexOf('second7')).not.toBe(rest.tokens.indexOf('second7'));
    expect(rest.labels).toContain('late');
    expect(two.tokens).toEqual(one.tokens);
    expect(two.ids).toEqual(one.ids);
    // Both threads sized their stores from their first piece, so neither joined its ids into a
    // second array: the store's ids are the first thread's reserve, a tenth or so larger.
    expect(one.idsArrayBytes).toBe(one.ids.length * 2);
    expect(two.idsArrayBytes).toBeGreaterThan(two.ids.length * 2);
    expect(two.idsArrayBytes).toBeLessThan(two.ids.length * 2 * 1.5);
    expect(rest.ids.buffer.byteLength).toBeGreaterThan(rest.ids.byteLength);
    expect(two.offsets).toEqual(one.offsets);
    expect(two.lengths).toEqual(one.lengths);
    expect(two.rowLabels).toEqual(one.rowLabels);
    expect(two.labels).toEqual(one.labels);
    expect(new Set(two.labels)).toEqual(new Set(['pos', 'neg', 'neutral', 'late']));
  });

  it('names the true line of bytes that are not UTF-8 in the second half', async () => {
    const file = reviewFile('bad.csv', 4000, 3500);
    const { ranges, results } = watched(nodeSeriesRanges(file.path));
    const message = await readFile(file).then(
      () => 'read',
      (e: Error) => e.message,
    );
    expect(message).toContain('line 3503');
    await expect(readFile(file, ranges)).rejects.toThrow(message);
    expect(results.map((r) => r.ok)).toEqual([false]);
  });

  it('reads the whole file on the first thread when the worker cannot open it', async () => {
    const file = reviewFile('gone.csv', 2000);
    const { ranges, results } = watched(nodeSeriesRanges(join(dir, 'missing.csv')));
    const two = await readFile(file, ranges);
    expect(results).toMatchObject([{ ok: false, reason: expect.stringContaining('ENOENT') }]);
    const one = await readFile(file);
    expect({ ...two, idsArrayBytes: 0 }).toEqual({ ...one, idsArrayBytes: 0 });
  });
});
