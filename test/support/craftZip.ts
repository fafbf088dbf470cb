/** Test-only zip writer for crafted files: entries whose declared size lies, several directory entries over the same data, and deflate streams of a gigabyte of zeros built from a kilobyte pattern. */
import { constants, deflateRawSync } from 'node:zlib';
import { crc32 } from '../../core/io/zipReader.ts';

/** One entry as it goes into the zip, with everything a crafted file may lie about. */
export interface CraftedEntry {
  name: string;
  /** The bytes stored as the entry's data (already deflated when `method` is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** Uncompressed size written in the headers. */
  size: number;
  crc: number;
}

/** A deflated entry whose headers tell the truth. */
export function deflatedEntry(name: string, content: Uint8Array | string): CraftedEntry {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, data: deflateRawSync(bytes), method: 8, size: bytes.length, crc: crc32(bytes) };
}

/**
 * A raw deflate stream of `prefix` then `mib` MiB of zeros, about 1 KB per MiB, built without holding the zeros:
 * one flushed block of a MiB, then the same block again and again (with a window of zeros before
 * it, its back-references stay valid), then an empty final block.
 */
export function zerosDeflateStream(
  mib: number,
  prefix: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const zeros = new Uint8Array(2 ** 20);
  const head = deflateRawSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH });
  const first = Uint8Array.from([
    ...head,
    ...deflateRawSync(zeros, { finishFlush: constants.Z_SYNC_FLUSH }),
  ]);
  const repeat = deflateRawSync(zeros, {
    finishFlush: constants.Z_SYNC_FLUSH,
    dictionary: new Uint8Array(32768),
  });
  const final = Uint8Array.from([0x03, 0x00]);
  const out = new Uint8Array(first.length + (mib - 1) * repeat.length + final.length);
  out.set(first, 0);
  let at = first.length;
  for (let i = 1; i < mib; i++, at += repeat.length) out.set(repeat, at);
  out.set(final, at);
  return out;
}

/**
 * Zip bytes for `entries`. Entries named in `shared` point at the first entry's local header and
 * data (the overlapping-entries zip bomb); their own data is not written.
 */
export function craftZip(
  entries: readonly CraftedEntry[],
  options: { shared?: readonly string[] } = {},
): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  let firstOffset = 0;
  entries.forEach((entry, i) => {
    const name = encoder.encode(entry.name);
    const isShared = i > 0 && (options.shared ?? []).includes(entry.name);
    const pointsAt = isShared ? firstOffset : offset;
    if (!isShared) {
      const local = new Uint8Array(30 + name.length + entry.data.length);
      const v = new DataView(local.buffer);
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(8, entry.method, true);
      v.setUint32(14, entry.crc, true);
      v.setUint32(18, entry.data.length, true);
      v.setUint32(22, entry.size, true);
      v.setUint16(26, name.length, true);
      local.set(name, 30);
      local.set(entry.data, 30 + name.length);
      if (i === 0) firstOffset = offset;
      locals.push(local);
      offset += local.length;
    }
    const first = entries[0] as CraftedEntry;
    const stored = isShared ? first : entry;
    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(10, stored.method, true);
    c.setUint32(16, stored.crc, true);
    c.setUint32(20, stored.data.length, true);
    c.setUint32(24, stored.size, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, pointsAt, true);
    central.set(name, 46);
    centrals.push(central);
  });
  const directorySize = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, directorySize, true);
  e.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
