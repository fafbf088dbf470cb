/** Tests of the streaming CSV/TSV parser and delimiter sniffing. */
import { describe, expect, it } from 'vitest';
import {
  DelimitedParser,
  firstRecords,
  parseDelimited,
  SNIFF_CHARS,
  SNIFF_RECORDS,
  sniffDelimiter,
} from './delimited.ts';

function parseChunks(
  chunks: string[],
  quoting: 'double' | 'none' = 'double',
): [string[], number][] {
  const out: [string[], number][] = [];
  const p = new DelimitedParser({
    delimiter: ',',
    quoting,
    fileName: 'x.csv',
    onRecord: (f, l) => out.push([f, l]),
  });
  for (const c of chunks) p.push(c);
  p.end();
  return out;
}

describe('DelimitedParser', () => {
  it('reads quoted fields with embedded delimiters, quotes and newlines, keeping start lines', () => {
    const text = 'a,b\n"x, y","say ""hi"""\n"multi\nline",2\nlast,3';
    expect(parseChunks([text])).toEqual([
      [['a', 'b'], 1],
      [['x, y', 'say "hi"'], 2],
      [['multi\nline', '2'], 3],
      [['last', '3'], 5],
    ]);
  });

  it('gives the same records whatever the chunk boundaries (CRLF and quotes split)', () => {
    const text = 'a,b\r\n"q""x\r\ny",2\r\n3,"4"\r\n';
    const whole = parseChunks([text]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parseChunks([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    }
    expect(whole.map((r) => r[1])).toEqual([1, 2, 4]);
  });

  it('treats quotes as text when quoting is none, and U+0085 as an ordinary character', () => {
    expect(parseChunks(['"quoted" start,1\nnel\u0085inside,2\n'], 'none')).toEqual([
      [['"quoted" start', '1'], 1],
      [['nel\u0085inside', '2'], 2],
    ]);
  });

  it('reads old-Mac CR line ends', () => {
    expect(
      parseDelimited('a,b\r1,2\r', { delimiter: ',', quoting: 'double', fileName: 'x' }).map(
        (r) => r.line,
      ),
    ).toEqual([1, 2]);
  });
});

describe('firstRecords', () => {
  it('gives the first records parseDelimited gives, across pieces, quotes and blank lines', () => {
    const options = { delimiter: ',' as const, quoting: 'double' as const, fileName: 'x.csv' };
    let text = 'id,review\r\n';
    for (let i = 0; i < 4000; i++) {
      text += i % 50 === 0 ? '\r\n' : `${i},"line ${i}\r\nsaid ""x"", ${'y'.repeat(i % 40)}"\r\n`;
    }
    for (const count of [1, 300, 3900, 5000]) {
      expect(firstRecords(text, options, count)).toEqual(
        parseDelimited(text, options).slice(0, count),
      );
    }
    expect(firstRecords('a,b\n1,2', options, 5)).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
    ]);
  });
});

describe('sniffDelimiter', () => {
  it('finds semicolons, pipes and tabs', () => {
    expect(sniffDelimiter('a;b;c\n1;2,5;3\n4;5;6\n', 'x')?.delimiter).toBe(';');
    expect(sniffDelimiter('a|b\n1|2\n3|4\n', 'x')?.delimiter).toBe('|');
    expect(sniffDelimiter('a\tb\n1\t2\n3\t4\n', 'x')?.delimiter).toBe('\t');
  });

  it('turns quoting off when sentences start with a quote (the imdb "748 rows" bug)', () => {
    const text = 'reviews\tsentiment\n"Great" film, truly.\t1\nSo bad.\t0\n"Meh\t0\nFine.\t1\n';
    expect(sniffDelimiter(text, 'x')).toMatchObject({
      delimiter: '\t',
      quoting: 'none',
      fieldCount: 2,
    });
  });

  it('scores only the head: lines past SNIFF_RECORDS records do not change the guess', () => {
    const head = 'a,b\n'.repeat(2 * SNIFF_RECORDS);
    // The same lines in the other order give ';': the head decides, not the majority.
    const tail = 'a;b;c\n'.repeat(20 * SNIFF_RECORDS);
    expect(sniffDelimiter(head + tail, 'x')).toMatchObject({ delimiter: ',', fieldCount: 2 });
    expect(sniffDelimiter(head + tail, 'x')?.consistency).toBeGreaterThan(0.8);
    expect(sniffDelimiter(`${tail}${head}`, 'x')?.delimiter).toBe(';');
  });

  it('reads on past the bound to the end of a quoted field that spans it', () => {
    const cell = 'x\n'.repeat(SNIFF_CHARS / 2 + 1000);
    const text = `a,b\n1,"${cell}"\n${'2,3\n'.repeat(10)}`;
    expect(sniffDelimiter(text, 'x')).toMatchObject({
      delimiter: ',',
      quoting: 'double',
      fieldCount: 2,
      consistency: 1,
    });
  });

  it('guesses RFC 4180 quoting for a sample without quotes, and scores a delimiter seen only at its end', () => {
    expect(sniffDelimiter('a,b\n1,2\n3,4\n', 'x')).toMatchObject({
      delimiter: ',',
      quoting: 'double',
      fieldCount: 2,
      consistency: 1,
    });
    // A delimiter in the last line only: most records have one field, so nothing qualifies; in
    // four lines of five, '|' splits 80 % of the records, which is enough.
    expect(sniffDelimiter('a\nb\nc\nd\ne|f\n', 'x')).toBeNull();
    expect(sniffDelimiter('a\nb|c\nd|e\nf|g\nh|i\n', 'x')).toMatchObject({
      delimiter: '|',
      quoting: 'double',
      fieldCount: 2,
      consistency: 0.8,
    });
  });

  it('returns null for prose without a consistent delimiter', () => {
    expect(
      sniffDelimiter('Once upon a time, there was a fox.\nIt ran.\nThe end; or not.\n', 'x'),
    ).toBeNull();
  });
});
