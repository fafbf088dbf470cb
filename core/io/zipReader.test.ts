/** The untrusted-zip reader: refuses unknown names, oversized declarations, shared data and lying sizes before (or as soon as) they cost memory. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { craftZip, deflatedEntry, zerosDeflateStream } from '../../test/support/craftZip.ts';
import { crc32, entryPrefix, inflateEntry, listZip, type ZipLimits } from './zipReader.ts';

const limits: ZipLimits = {
  kind: 'model',
  maxEntryBytes: (name) =>
    name === 'big.bin' ? 2 ** 20 : /^[a-z0-9]+\.json$/.test(name) ? 1000 : null,
  maxTotalBytes: 2 ** 20 + 1500,
  maxEntries: 4,
};

describe('listZip', () => {
  it('lists the entries of a zip fflate wrote, and inflates them back', () => {
    const bytes = zipSync({ 'a.json': strToU8('{"a":1}'), 'big.bin': new Uint8Array(5000) });
    const entries = listZip(bytes, limits, 'f.zip');
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ['a.json', 7],
      ['big.bin', 5000],
    ]);
    expect(new TextDecoder().decode(inflateEntry(bytes, entries[0]!, 'f.zip'))).toBe('{"a":1}');
    expect(inflateEntry(bytes, entries[1]!, 'f.zip')).toEqual(new Uint8Array(5000));
  });

  it('refuses an entry name that is not allowed, such as a path out of the folder', () => {
    const bytes = craftZip([deflatedEntry('../package.json', '{}')]);
    expect(() => listZip(bytes, limits, 'f.zip')).toThrow(
      "f.zip: the entry '../package.json' does not belong in this file.",
    );
  });

  it('refuses a declared size over the entry cap before inflating anything', () => {
    const bomb = { ...deflatedEntry('big.bin', ''), data: zerosDeflateStream(2), size: 2 ** 21 };
    expect(() => listZip(craftZip([bomb]), limits, 'f.zip')).toThrow(
      "f.zip: the entry 'big.bin' declares 2 MiB; at most 1 MiB is allowed.",
    );
  });

  it('refuses entries that share data (many directory entries over one local entry)', () => {
    const one = deflatedEntry('a.json', '[1]');
    const bytes = craftZip([one, { ...one, name: 'b.json' }], { shared: ['b.json'] });
    expect(() => listZip(bytes, limits, 'f.zip')).toThrow(
      "f.zip: the entries 'a.json' and 'b.json' overlap (a zip bomb shares data between entries).",
    );
  });

  it('refuses more entries than allowed, a repeated name and a total over the cap', () => {
    const many = [1, 2, 3, 4, 5].map((i) => deflatedEntry(`${i}.json`, '1'));
    expect(() => listZip(craftZip(many), limits, 'f.zip')).toThrow(
      'f.zip: the zip must hold at most 4 entries, got 5.',
    );
    const twice = [deflatedEntry('a.json', '1'), deflatedEntry('a.json', '2')];
    expect(() => listZip(craftZip(twice), limits, 'f.zip')).toThrow(
      "f.zip: the entry 'a.json' appears twice.",
    );
    const total = [
      { ...deflatedEntry('big.bin', ''), size: 2 ** 20 },
      { ...deflatedEntry('a.json', ''), size: 1000 },
      { ...deflatedEntry('b.json', ''), size: 1000 },
    ];
    expect(() => listZip(craftZip(total), limits, 'f.zip')).toThrow(
      /^f\.zip: the entries declare more than 1 MiB in all\.$/,
    );
  });

  it('refuses bytes that are not a zip in one line', () => {
    expect(() => listZip(strToU8('not a zip, just some text'), limits, 'f.zip')).toThrow(
      'f.zip: this is not an RNN Studio model (the zip is corrupt or truncated: no zip directory found).',
    );
  });
});

describe('inflateEntry', () => {
  it('stops at once when an entry inflates to more than it declares (a lying size)', () => {
    // 1 GiB of zeros declared as 100 bytes: refused after a few kilobytes of work.
    const liar = { ...deflatedEntry('a.json', ''), data: zerosDeflateStream(1024), size: 100 };
    const bytes = craftZip([liar]);
    const [entry] = listZip(bytes, limits, 'f.zip');
    expect(() => inflateEntry(bytes, entry!, 'f.zip')).toThrow(
      "f.zip: the entry 'a.json' must hold the 100 bytes it declares, got more.",
    );
  });

  it('refuses an entry shorter than declared and one whose CRC does not match', () => {
    const short = { ...deflatedEntry('a.json', '[1,2]'), size: 9 };
    const bytes = craftZip([short]);
    expect(() => inflateEntry(bytes, listZip(bytes, limits, 'f.zip')[0]!, 'f.zip')).toThrow(
      "f.zip: the entry 'a.json' must hold the 9 bytes it declares, got 5.",
    );
    const wrong = { ...deflatedEntry('a.json', '[1,2]'), crc: 1 };
    const other = craftZip([wrong]);
    expect(() => inflateEntry(other, listZip(other, limits, 'f.zip')[0]!, 'f.zip')).toThrow(
      "f.zip: the entry 'a.json' is damaged (CRC mismatch).",
    );
  });

  it('reads a prefix without inflating the rest', () => {
    const bytes = craftZip([
      { ...deflatedEntry('big.bin', ''), data: zerosDeflateStream(1), size: 2 ** 20, crc: 0 },
    ]);
    const [entry] = listZip(bytes, limits, 'f.zip');
    expect(entryPrefix(bytes, entry!, 8, 'f.zip')).toEqual(new Uint8Array(8));
  });
});

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
  });
});
