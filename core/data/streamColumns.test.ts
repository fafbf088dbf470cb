/** Tests of streaming numeric columns out of a CSV. */
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors.ts';
import { streamNumericColumns } from './streamColumns.ts';

async function* chunked(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('streamNumericColumns', () => {
  const text = `date,note,close,volume\n${Array.from({ length: 3000 }, (_, i) => `2020-01-01,"a, ""b""\nc",${i === 5 ? '' : i / 2},${i}`).join('\n')}\n`;

  it('keeps only the chosen columns as float32, with NaN for missing values, whatever the chunking', async () => {
    const got = await streamNumericColumns(chunked(text, 777), {
      fileName: 'p.csv',
      columns: ['close', 'volume'],
    });
    expect(got.rows).toBe(3000);
    expect(got.values[0]?.[4]).toBe(2);
    expect(got.values[0]?.[5]).toBeNaN();
    expect(got.values[1]?.[2999]).toBe(2999);
  });

  it('names the line of a non-number', async () => {
    const bad = 'a,b\n1,2\n3,x\n';
    const err = await streamNumericColumns(chunked(bad, 3), {
      fileName: 'b.csv',
      columns: ['b'],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).message).toBe(
      "'b.csv' line 3, column 'b': 'x' is not a number, but the column must be numeric. Fix the value, leave it empty to mark it missing, or choose another column.",
    );
  });
});
