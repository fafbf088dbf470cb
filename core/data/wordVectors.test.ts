/** Tests of the streaming word-vector reader: both formats, any chunking, the wanted rows only, and one-line refusals of bad files. */
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors.ts';
import { memoryByteSource } from './byteSource.ts';
import {
  readWordVectors,
  type VectorWanted,
  vectorShape,
  WORD_VECTOR_LIMITS,
} from './wordVectors.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function wanted(words: string[], normalise?: (w: string) => string): VectorWanted {
  return {
    rows: new Map(words.map((w, i) => [w, i])),
    rowCount: words.length,
    ...(normalise === undefined ? {} : { normalise }),
  };
}

async function read(text: string, words: string[], chunk = 7, normalise?: (w: string) => string) {
  return readWordVectors(memoryByteSource('v.vec', bytes(text), chunk).pieces(), {
    fileName: 'v.vec',
    wanted: wanted(words, normalise),
  });
}

async function refusal(text: string): Promise<DatasetError> {
  try {
    await read(text, ['a']);
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return err as DatasetError;
  }
  throw new Error('expected a refusal');
}

const VEC = '3 2\ncat 0.5 -1\ndog 2e-1 3 \r\nfish 1 1\n';

describe('readWordVectors', () => {
  it('reads a fastText .vec header and keeps only the wanted rows, whatever the chunk size', async () => {
    for (const chunk of [1, 3, 7, 1000]) {
      const t = await read(VEC, ['dog', 'bird', 'cat'], chunk);
      expect(t.format).toBe('vec');
      expect(t.dim).toBe(2);
      expect(t.vectors).toBe(3);
      expect([...t.found]).toEqual([2, 0, 2]);
      expect([...t.values]).toEqual([Math.fround(0.2), 3, 0, 0, 0.5, -1]);
    }
  });

  it('reads GloVe text without a header, the width from the first line', async () => {
    const t = await read('the 1 2 3\nof 4 5 6', ['of']);
    expect(t.format).toBe('glove');
    expect(t.dim).toBe(3);
    expect(t.vectors).toBe(2);
    expect([...t.values]).toEqual([4, 5, 6]);
  });

  it('prefers an exact word over a normalised one, whichever comes first', async () => {
    const lower = (w: string) => w.toLowerCase();
    const first = await read('The 9 9\nthe 1 1\n', ['the'], 4, lower);
    expect([...first.values]).toEqual([1, 1]);
    const second = await read('the 1 1\nThe 9 9\n', ['the'], 4, lower);
    expect([...second.values]).toEqual([1, 1]);
    const only = await read('The 9 9\n', ['the'], 4, lower);
    expect([...only.found]).toEqual([1]);
  });

  it('names the file and line of a vector of the wrong width', async () => {
    const err = await refusal('a 1 2\nb 1 2 3\n');
    expect(err.message).toBe(
      "'v.vec' line 2 must hold a word and 2 numbers, got 3 numbers; every vector must have the width of the first.",
    );
    expect(err.detail).toEqual({
      key: 'vectors-dimension',
      params: { file: 'v.vec', line: 2, expected: 2, got: 3 },
    });
  });

  it('checks the width against the header', async () => {
    const err = await refusal('2 3\na 1 2\n');
    expect(err.detail?.params).toMatchObject({ line: 2, expected: 3, got: 2 });
  });

  it('refuses a non-numeric value on any line, wanted or not', async () => {
    const err = await refusal('zzz 1 x\na 1 2\n');
    expect(err.message).toBe(
      "'v.vec' line 1, value 2 must be a number, got 'x'; each line must be a word followed by its numbers.",
    );
  });

  it('refuses a binary file (word2vec .bin) with the format to use', async () => {
    const bin = new Uint8Array([...bytes('2 3\na '), 0x00, 0x80, 0x3f, 0x0a]);
    await expect(
      readWordVectors([bin], { fileName: 'w.bin', wanted: wanted(['a']) }),
    ).rejects.toThrow(
      "'w.bin' line 2, value 1 holds binary bytes; use the text format (.vec or .txt), not a binary .bin.",
    );
  });

  it('refuses a word that is not UTF-8', async () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x31, 0x0a]);
    await expect(
      readWordVectors([latin1], { fileName: 'l.txt', wanted: wanted(['a']) }),
    ).rejects.toThrow(
      "'l.txt' line 1: the word must be UTF-8 text, got other bytes; save the file as UTF-8.",
    );
  });

  it('refuses a number that is not finite in a wanted row', async () => {
    const err = await refusal('a 1 1e999\n');
    expect(err.message).toBe("'v.vec' line 1, value 2 must be a finite number, got '1e999'.");
  });

  it('refuses a line longer than the cap without holding it all', async () => {
    const long = `a ${'1 '.repeat(WORD_VECTOR_LIMITS.maxLineBytes)}`;
    const err = await refusal(long);
    expect(err.detail?.key).toBe('vectors-line-too-long');
    expect(err.message).toContain("'v.vec' line 1 is longer than 64 KiB");
  });

  it('refuses a width over the cap from the header', async () => {
    const err = await refusal('10 100000\n');
    expect(err.message).toBe(
      "'v.vec' line 1 gives vectors of 100000 numbers; the width must be between 1 and 2048.",
    );
  });

  it('refuses a file cut short of its header, and an empty one', async () => {
    expect((await refusal('5 2\na 1 2\n')).message).toBe(
      "'v.vec' holds 1 vectors, but its first line promises 5; it may be cut short, download it again.",
    );
    expect((await refusal('\n\n')).detail?.key).toBe('vectors-empty');
  });

  it('reports the bytes read after each chunk', async () => {
    const seen: number[] = [];
    await readWordVectors(memoryByteSource('v.vec', bytes(VEC), 10).pieces(), {
      fileName: 'v.vec',
      wanted: wanted(['cat']),
      onProgress: (n) => seen.push(n),
    });
    expect(seen).toEqual([10, 20, 30, 37]);
  });
});

describe('vectorShape', () => {
  it('reads the width and format from the first lines, before any training', () => {
    expect(vectorShape(bytes('1762 10\nthe 1'), 'lee.vec')).toEqual({ dim: 10, format: 'vec' });
    expect(vectorShape(bytes('the 1 2 3\nof 4 5'), 'g.txt')).toEqual({ dim: 3, format: 'glove' });
    expect(vectorShape(bytes('only 1 2'), 'one.txt')).toEqual({ dim: 2, format: 'glove' });
  });

  it('refuses a head that is not word vectors, as training would', () => {
    expect(() => vectorShape(bytes('a fine movie\tpos\n'), 'reviews.tsv')).toThrow(
      "'reviews.tsv' line 1, value 1 must be a number, got 'fine'",
    );
    expect(() => vectorShape(bytes('text,label\n'), 'reviews.csv')).toThrow(
      "'reviews.csv' line 1 gives vectors of 0 numbers; the width must be between 1 and 2048.",
    );
  });
});
