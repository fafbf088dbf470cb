/** Tests of inspection: formats, header detection, CP949 input, streaming progress. */
import { describe, expect, it } from 'vitest';
import { inspectBytes, inspectStream } from './inspect.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const hex = (h: string): Uint8Array =>
  Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

describe('inspect', () => {
  it('reads a Korean Excel CSV in CP949 with a quoted comma and reports the encoding', async () => {
    const bytes = hex(
      'c0ccb8a72cc1a1bcf62cb8deb8f00ac8abb1e6b5bf2c39302cc1c1c0bd0ab1e8c3b6bcf62c38352c22bab8c5eb2c20b1a6c2fac0bd220ac0ccbfb5c8f12c37372cb3aabbdd0a',
    );
    const got = await inspectBytes(bytes, { fileName: 'ko.csv' });
    expect(got).toMatchObject({
      format: 'csv',
      encoding: 'cp949',
      delimiter: ',',
      hasHeader: true,
      rows: 3,
    });
    expect(got.columns.map((c) => [c.name, c.type])).toEqual([
      ['이름', 'text'],
      ['점수', 'integer'],
      ['메모', 'text'],
    ]);
    expect(got.exampleRows[1]).toEqual(['김철수', '85', '보통, 괜찮음']);
  });

  it('reads JSONL with the union of keys and counts absent keys as missing', async () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify(
        i === 3
          ? { text: `review ${i} was long and good` }
          : { text: `review ${i} was long and good`, label: i % 2 ? 'pos' : 'neg' },
      ),
    );
    const got = await inspectBytes(utf8(rows.join('\n')), { fileName: 'r.jsonl' });
    expect(got).toMatchObject({
      format: 'jsonl',
      rows: 30,
      suggestedTask: 'classify',
      roles: { text: 'text', label: 'label' },
    });
    expect(got.columns[1]).toMatchObject({ name: 'label', type: 'category', missing: 1 });
    // The note carries its numbers, so the UI can word it in Korean too.
    expect(got.notes).toEqual([
      {
        kind: 'missing-values',
        column: 'label',
        count: 1,
        text: "Column 'label' has 1 missing value.",
      },
    ]);
  });

  it('treats prose as plain text for generation', async () => {
    const got = await inspectBytes(
      utf8('It was a dark night.\nThe rain fell; the wind blew, hard.\n\nEnd.\n'),
      { fileName: 'story.txt' },
    );
    expect(got).toMatchObject({
      format: 'text',
      rows: 3,
      suggestedTask: 'generate',
      roles: { text: 'text' },
    });
  });

  it('treats a one-column list of numbers as a series to forecast', async () => {
    const got = await inspectBytes(
      utf8(`value\n${Array.from({ length: 20 }, (_, i) => i * 1.5).join('\n')}\n`),
      { fileName: 'v.csv' },
    );
    expect(got).toMatchObject({
      format: 'csv',
      rows: 20,
      suggestedTask: 'forecast',
      roles: { target: 'value' },
    });
  });

  it('detects a header from typed columns and no header in text-only pairs', async () => {
    const pairs = await inspectBytes(utf8('Go.\t가.\nHi.\t안녕.\nRun!\t뛰어!\n'), {
      fileName: 'p.tsv',
    });
    expect(pairs).toMatchObject({ hasHeader: false, rows: 3, suggestedTask: 'seq2seq' });
    const forced = await inspectBytes(utf8('Go.\t가.\nHi.\t안녕.\nRun!\t뛰어!\n'), {
      fileName: 'p.tsv',
      reading: { header: 'yes' },
    });
    expect(forced.columns.map((c) => c.name)).toEqual(['Go.', '가.']);
  });

  it('reads a semicolon CSV with decimal numbers', async () => {
    const got = await inspectBytes(
      utf8('date;temp\n2020-01-01;1.5\n2020-01-02;2.5\n2020-01-03;3\n'),
      { fileName: 'w.csv' },
    );
    expect(got).toMatchObject({
      delimiter: ';',
      suggestedTask: 'forecast',
      roles: { date: 'date', target: 'temp' },
    });
  });

  it('streams chunks, reporting progress with bytes and rows', async () => {
    const body = `a,b\n${'1,2\n'.repeat(50_000)}`;
    const bytes = utf8(body);
    async function* chunks(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 10_007) yield bytes.subarray(i, i + 10_007);
    }
    const seen: number[] = [];
    const got = await inspectStream(chunks(), {
      fileName: 'big.csv',
      totalBytes: bytes.length,
      onProgress: (p) => seen.push(p.bytesRead),
    });
    expect(got.rows).toBe(50_000);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen.every((b, i) => i === 0 || b >= (seen[i - 1] as number))).toBe(true);
  });
});
