/** joinTableFiles: several files of one table become one, their repeated header lines dropped. */
import { describe, expect, it } from 'vitest';
import { joinTableFiles } from './files.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('joinTableFiles', () => {
  it('returns a single file unchanged', () => {
    const only = enc('a\tb\n1\t2\n');
    expect(joinTableFiles([only])).toBe(only);
  });

  it('drops the header line of later files when it repeats the first file header', () => {
    const joined = joinTableFiles([enc('text\tlabel\ngood\t1\n'), enc('text\tlabel\nbad\t0\n')]);
    expect(dec(joined)).toBe('text\tlabel\ngood\t1\nbad\t0\n');
  });

  it('keeps the first line of a later file that is not the header', () => {
    const joined = joinTableFiles([enc('text\tlabel\ngood\t1\n'), enc('fine\t1\n')]);
    expect(dec(joined)).toBe('text\tlabel\ngood\t1\nfine\t1\n');
  });

  it('puts a line break between files when the earlier one lacks a final one', () => {
    const joined = joinTableFiles([enc('h\nx'), enc('h\ny\n'), enc('z')]);
    expect(dec(joined)).toBe('h\nx\ny\nz');
  });

  it('refuses an empty list', () => {
    expect(() => joinTableFiles([])).toThrow(
      'joinTableFiles: parts must hold at least one file, got 0.',
    );
  });
});
