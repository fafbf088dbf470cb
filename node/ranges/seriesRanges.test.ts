/** The Node hosts' second thread on real files: a worker thread reads the second half of a file on disk, and the series joined from it is the one a single reader gives, with the same messages; a worker that cannot read leaves the read to the first thread. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryByteSource } from '../../core/data/byteSource.ts';
import { inspectForReading } from '../../core/data/recordStream.ts';
import type { SeriesRangeResult, SeriesRanges } from '../../core/data/seriesRanges.ts';
import { streamSeriesSource } from '../../core/data/seriesStream.ts';
import { nodeSeriesRanges } from './seriesRanges.ts';

const dir = mkdtempSync(join(tmpdir(), 'rnn-studio-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An hourly CSV of `rows` rows written to `name` in the temp folder (`bad`: a row whose load is not a number). */
function hourlyFile(name: string, rows: number, bad = -1): { path: string; bytes: Uint8Array } {
  const lines = ['timestamp,load,temperature'];
  for (let i = 0; i < rows; i++) {
    const stamp = new Date(Date.UTC(2024, 0, 1) + i * 3600_000).toISOString().slice(0, 19);
    lines.push(`${stamp},${i === bad ? 'n/a?' : ((i * 7) % 101) / 4},${(i % 29) - 10}`);
  }
  const path = join(dir, name);
  const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** `ranges` with every file read on two threads, keeping what the worker gave back. */
function watched(ranges: SeriesRanges) {
  const results: SeriesRangeResult[] = [];
  const read: SeriesRanges['read'] = (request) => {
    const job = ranges.read(request);
    const result = job.result.then((r) => {
      results.push(r);
      return r;
    });
    return { result, cancel: job.cancel };
  };
  return { ranges: { read, minBytes: 0 }, results };
}

async function readFile(file: { path: string; bytes: Uint8Array }, ranges?: SeriesRanges) {
  const source = memoryByteSource(file.path, file.bytes);
  const inspection = await inspectForReading(source, { fileName: 'h.csv', reading: undefined });
  return streamSeriesSource(source, inspection, {
    fileName: 'h.csv',
    numeric: ['load', 'temperature'],
    dates: ['timestamp'],
    derived: [],
    ...(ranges === undefined ? {} : { ranges }),
  });
}

describe('nodeSeriesRanges', () => {
  it('reads the second half on a worker thread into the columns one reader gives', async () => {
    const file = hourlyFile('h.csv', 6000);
    const { ranges, results } = watched(nodeSeriesRanges(file.path));
    const one = await readFile(file);
    const two = await readFile(file, ranges);
    expect(results.map((r) => r.ok)).toEqual([true]);
    expect(two.rows).toBe(one.rows);
    expect(two.numeric('load')).toEqual(one.numeric('load'));
    expect(two.numeric('temperature')).toEqual(one.numeric('temperature'));
    expect(two.dates('timestamp')).toEqual(one.dates('timestamp'));
    expect(two.lineOf(two.rows - 1)).toBe(6001);
  });

  it('names the true line of a bad cell in the second half', async () => {
    const file = hourlyFile('bad.csv', 6000, 5000);
    const { ranges, results } = watched(nodeSeriesRanges(file.path));
    await expect(readFile(file, ranges)).rejects.toThrow(
      "'h.csv' line 5002, column 'load': 'n/a?' is not a number",
    );
    expect(results.map((r) => r.ok)).toEqual([false]);
  });

  it('reads the whole file on the first thread when the worker cannot open it', async () => {
    const file = hourlyFile('gone.csv', 3000);
    const { ranges, results } = watched(nodeSeriesRanges(join(dir, 'missing.csv')));
    const two = await readFile(file, ranges);
    expect(results).toMatchObject([{ ok: false, reason: expect.stringContaining('ENOENT') }]);
    expect(two.numeric('load')).toEqual((await readFile(file)).numeric('load'));
  });
});
