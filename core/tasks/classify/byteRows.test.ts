/** Tests of classify's rows read from a file's bytes: the same token ids, tokens, labels, columns and error messages as reading every row through the parser's strings, in whole and in pieces of every small size, for quoted texts, CRLF, a byte-order mark, Korean, blank and short rows, and bytes that are not UTF-8. */
import { describe, expect, it } from 'vitest';
import { labelStrings } from '../../../test/support/tokenizedRows.ts';
import { memoryByteSource } from '../../data/byteSource.ts';
import { inspectForReading } from '../../data/recordStream.ts';
import { charTokens } from '../../data/tokenizers.ts';
import { Random } from '../../random.ts';
import { readTokenizedRows } from './data.ts';

const encode = (s: string) => new TextEncoder().encode(s);

const columns = {
  fileName: 'r.csv',
  textColumn: 'review',
  labelColumn: 'rating',
  choose: (_f: string, a: string | undefined) => a as string,
};

/** What a read gives, in plain arrays, or its error's message. */
async function outcome(read: () => ReturnType<typeof readTokenizedRows>) {
  try {
    const r = await read();
    return {
      ids: [...r.store.ids],
      offsets: [...r.store.offsets],
      lengths: [...r.store.lengths],
      labels: labelStrings(r.labels),
      tokens: r.tokens,
      columns: [r.textColumn, r.labelColumn],
    };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * Checks the byte path against the strings' path on `text`, whole and in pieces of 1–7 and 64
 * bytes, inspected by its first two lines or by `head` (inspection refuses some odd files whole).
 */
async function expectSameRows(
  text: string | Uint8Array,
  options: {
    lowercase?: boolean;
    maxLength?: number;
    labelNames?: Record<string, string>;
    kind?: 'word' | 'char';
  } = {},
  head?: string,
) {
  const bytes = typeof text === 'string' ? encode(text) : text;
  const clean =
    head === undefined
      ? bytes.subarray(0, bytes.indexOf(10, bytes.indexOf(10) + 1) + 1)
      : encode(head);
  const inspection = await inspectForReading(clean, { fileName: 'r.csv' });
  const read = {
    ...columns,
    inspection,
    labelNames: options.labelNames,
    tokenizer: { kind: options.kind ?? 'word', lowercase: options.lowercase ?? true } as const,
    maxLength: options.maxLength ?? 50,
  };
  const expected = await outcome(() => readTokenizedRows(bytes, { ...read, fromBytes: false }));
  for (const piece of [undefined, 1, 2, 3, 5, 7, 64]) {
    const source = memoryByteSource('r.csv', bytes, piece ?? bytes.length + 1);
    const got = await outcome(() => readTokenizedRows(source, read));
    expect(got, `pieces of ${piece ?? 'the whole file'}`).toEqual(expected);
  }
  return expected;
}

describe('classify rows read from bytes', () => {
  it('reads quoted texts with delimiters and doubled quotes, as the parser unquotes them', async () => {
    const got = await expectSameRows(
      'review,rating\n"Great, really ""great""!",pos\nplain words here,neg\n"say ""hi"", ok",neu\n"",neg\n',
    );
    expect(got.labels).toEqual(['pos', 'neg', 'neu']);
    expect(got.tokens).toContain('"');
  });

  it('reads Korean texts and jamo, and leaves other characters to the segmenter', async () => {
    const got = await expectSameRows(
      'review,rating\n"정말 좋아요, Great!",긍정\n재밌다ㅋㅋ 최고,긍정\n"최악 awful_thing",부정\n그냥… 그래요 😀,부정\n"the \u212Aelvin sign",중립\n',
    );
    expect(got.tokens).toEqual(expect.arrayContaining(['정말', 'ㅋㅋ', 'kelvin', '…', '😀']));
  });

  it('reads CRLF line ends, a byte-order mark, a last line without a line end and tabs', async () => {
    await expectSameRows(
      '\uFEFFreview,rating\r\n"One, two",a\r\nthree four,b\r\n"five\tsix" ,c\r\nseven,d',
    );
    await expectSameRows('review\trating\n"One, two"\ta\nthree, four\tb\nfive "six"\tc\n');
  });

  it('skips blank rows and counts rows without a text or a label as the parser does', async () => {
    await expectSameRows(
      'review,rating\nfine,a\n\n"",""\n" ",\n,b\n   ,b\n" x",\nshort\n"ok"," a "\n"two\nlines",b\nlone\rcr,c\n"ok",a,extra\n',
    );
  });

  it('reads characters as charTokens cuts them: Korean, Latin, emoji clusters, and other scripts through the segmenter', async () => {
    const text =
      'review,rating\n"정말 좋아요, Great!",긍정\nCafé “don’t” 👍🏻❤️,긍정\n"Ελλάδα 🇪🇸",부정\n"a\r\nb",중립\n';
    const got = await expectSameRows(text, { kind: 'char' });
    const rows = got.offsets?.map((at, r) =>
      (got.ids ?? []).slice(at, at + (got.lengths?.[r] ?? 0)).map((id) => got.tokens?.[id]),
    );
    expect(rows).toEqual([
      charTokens('정말 좋아요, great!'),
      charTokens('café “don’t” 👍🏻❤️'),
      charTokens('ελλάδα 🇪🇸'),
      charTokens('a\r\nb'),
    ]);
    await expectSameRows(text, { kind: 'char', lowercase: false, maxLength: 4 });
  });

  it('keeps the first tokens of each text, upper case when asked, and renames labels', async () => {
    const text = 'review,rating\n"The CAT sat, the cat SAT.",x\n"한국 HAN",y\nDOG dog,x\n';
    await expectSameRows(text, { maxLength: 3 });
    await expectSameRows(text, { lowercase: false, labelNames: { x: 'good', y: 'bad' } });
  });

  it('gives the messages of the strings path: bytes that are not UTF-8, an unclosed quote, a column all blank', async () => {
    const bad = encode('review,rating\ngood one,a\n"bad xx",b\nok,c\n');
    bad[bad.indexOf(120)] = 0xff;
    expect((await expectSameRows(bad)).error).toMatch(/line 3: the text is not valid utf-8/);
    const open = await expectSameRows('review,rating\ngood,a\n"never closes,b\nok,c\n');
    expect(open.error).toMatch(/line 3: a quoted field opened here never closes/);
    const blank = await expectSameRows(
      'rating,review\na, \nb,\u00A0\nc,\n',
      {},
      'rating,review\na,x\n',
    );
    expect(blank.error).toMatch(/column 'review': every value is missing \(3 rows\)/);
  });

  it('agrees with the strings path on 120 random files (Korean, white space and quotes in every column) in pieces of every small size', async () => {
    const parts = [
      'a',
      'Bc',
      '1,5',
      ' ',
      ',',
      '"',
      '""',
      "it's",
      '한국',
      'ㅋ',
      'é',
      '\t',
      '.',
      '\r\n',
      '\n',
      '\r',
      '\u3000',
    ];
    const notes = ['', 'x', '한국', '\u3000', '"\u3000"', 'é', '😀', '"q, ""r"""'];
    const random = new Random(9);
    const pick = () => parts[Math.floor(random.next() * parts.length)] as string;
    for (let n = 0; n < 120; n++) {
      let file = 'review,rating,note\nfirst,a,x\n';
      const rows = 1 + Math.floor(random.next() * 6);
      for (let r = 0; r < rows; r++) {
        let inner = '';
        for (let k = Math.floor(random.next() * 6); k > 0; k--) inner += pick();
        const quoted = random.next() < 0.6;
        const field = quoted ? `"${inner.replaceAll('"', '""')}"` : inner.replace(/[",\r\n]/g, '');
        const label = ['a', ' b ', '', '\u3000', '긍정'][Math.floor(random.next() * 5)];
        const note = notes[Math.floor(random.next() * notes.length)];
        file += `${field},${label},${note}${random.next() < 0.2 ? '\r\n' : '\n'}`;
      }
      // NOTE: every third file read as characters.
      await expectSameRows(file, n % 3 === 2 ? { kind: 'char' } : {});
    }
  });
});
