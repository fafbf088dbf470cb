/** A zip reader for untrusted files: the central directory is checked (allowed names, declared sizes under caps, no overlapping or shared data) before any entry is inflated, and each entry is inflated into a buffer of its declared size only. */
import { Inflate } from 'fflate';
import { DatasetError } from '../errors.ts';
import { formatMiB } from './limits.ts';

/** What a zip may hold: which names, how large each, how large all together. */
export interface ZipLimits {
  /** What the file is, for messages: 'model', 'checkpoint'. */
  readonly kind: string;
  /** The most uncompressed bytes an entry of this name may declare, or null when the name is not allowed. */
  maxEntryBytes(name: string): number | null;
  /** The most uncompressed bytes all entries together may declare. */
  readonly maxTotalBytes: number;
  /** The most entries the zip may have. */
  readonly maxEntries: number;
}

/** One entry as the central directory declares it (nothing inflated yet). */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: 0 | 8;
  /** Uncompressed bytes, as declared. */
  readonly size: number;
  readonly crc32: number;
  /** Where the entry's (compressed) data starts and ends in the zip. */
  readonly dataStart: number;
  readonly dataEnd: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

function zipError(where: string, problem: string, code: 'format' | 'too-large' = 'format') {
  return new DatasetError(`${where}: ${problem}`, code);
}

/** The end-of-central-directory record's position (the last one within the final 64 KiB + 22 bytes). */
function findEnd(view: DataView, where: string, kind: string): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && last - at <= 0xffff; at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  throw zipError(
    where,
    `this is not an RNN Studio ${kind} (the zip is corrupt or truncated: no zip directory found).`,
  );
}

function decodeName(bytes: Uint8Array): string {
  let name = '';
  for (const b of bytes) name += String.fromCharCode(b);
  return name;
}

/** Reads one central-directory header at `at`; returns the entry and where the next header starts. */
function centralEntry(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  where: string,
): { entry: ZipEntry & { localOffset: number; compressedSize: number }; next: number } {
  if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) {
    throw zipError(where, 'the zip directory is damaged (an entry header is missing).');
  }
  const flags = view.getUint16(at + 8, true);
  const method = view.getUint16(at + 10, true);
  const crc32 = view.getUint32(at + 16, true);
  const compressedSize = view.getUint32(at + 20, true);
  const size = view.getUint32(at + 24, true);
  const nameLength = view.getUint16(at + 28, true);
  const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  const localOffset = view.getUint32(at + 42, true);
  if (next > bytes.length) throw zipError(where, 'the zip directory is truncated.');
  const name = decodeName(bytes.subarray(at + 46, at + 46 + nameLength));
  if ((flags & 1) !== 0)
    throw zipError(where, `the entry '${name}' is encrypted; RNN Studio files never are.`);
  if (method !== 0 && method !== 8) {
    throw zipError(
      where,
      `the entry '${name}' uses compression method ${method}; only stored (0) and deflate (8) are read.`,
    );
  }
  if (compressedSize === ZIP64_MARK || size === ZIP64_MARK || localOffset === ZIP64_MARK) {
    throw zipError(
      where,
      `the entry '${name}' is a zip64 entry; RNN Studio files never are.`,
      'too-large',
    );
  }
  if (method === 0 && compressedSize !== size) {
    throw zipError(
      where,
      `the stored entry '${name}' declares ${size} bytes but holds ${compressedSize}.`,
    );
  }
  const entry = {
    name,
    method: method as 0 | 8,
    size,
    crc32,
    dataStart: 0,
    dataEnd: 0,
    localOffset,
    compressedSize,
  };
  return { entry, next };
}

/** Fills in where each entry's data lies (after its local header) and refuses data outside the zip's data area. */
function locate(
  bytes: Uint8Array,
  view: DataView,
  entry: ZipEntry & { localOffset: number; compressedSize: number },
  dataAreaEnd: number,
  where: string,
): ZipEntry & { localOffset: number } {
  const at = entry.localOffset;
  if (at + 30 > dataAreaEnd || view.getUint32(at, true) !== LOCAL) {
    throw zipError(where, `the entry '${entry.name}' points outside the zip's data.`);
  }
  const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > dataAreaEnd || dataEnd > bytes.length) {
    throw zipError(where, `the entry '${entry.name}' runs past the end of the zip's data.`);
  }
  return { ...entry, dataStart, dataEnd };
}

/**
 * Reads and checks a zip's central directory without inflating anything: every name allowed and
 * unique, no encrypted or zip64 entry, each declared size under its cap and all of them under the
 * total cap, and no two entries sharing bytes (a zip bomb may point many entries at the same data).
 * @param where the file's name, for messages.
 * @throws DatasetError ('format' or 'too-large') naming the file and the problem, in one line.
 */
export function listZip(bytes: Uint8Array, limits: ZipLimits, where: string): ZipEntry[] {
  if (bytes.length < 22) {
    throw zipError(
      where,
      `this is not an RNN Studio ${limits.kind} (the zip is corrupt or truncated: ${bytes.length} bytes).`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(view, where, limits.kind);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryStart = view.getUint32(end + 16, true);
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 8, true) !== count) {
    throw zipError(where, 'the zip spans several disks; RNN Studio files never do.');
  }
  if (count > limits.maxEntries) {
    throw zipError(
      where,
      `the zip must hold at most ${limits.maxEntries} entries, got ${count}.`,
      'too-large',
    );
  }
  if (directoryStart + directorySize > end) throw zipError(where, 'the zip directory is damaged.');
  const entries: (ZipEntry & { localOffset: number })[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = directoryStart;
  for (let i = 0; i < count; i++) {
    const { entry, next } = centralEntry(bytes, view, at, where);
    at = next;
    const cap = limits.maxEntryBytes(entry.name);
    if (cap === null)
      throw zipError(where, `the entry '${entry.name}' does not belong in this file.`);
    if (names.has(entry.name)) throw zipError(where, `the entry '${entry.name}' appears twice.`);
    names.add(entry.name);
    if (entry.size > cap) {
      throw zipError(
        where,
        `the entry '${entry.name}' declares ${formatMiB(entry.size)}; at most ${formatMiB(cap)} is allowed.`,
        'too-large',
      );
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      throw zipError(
        where,
        `the entries declare more than ${formatMiB(limits.maxTotalBytes)} in all.`,
        'too-large',
      );
    }
    entries.push(locate(bytes, view, entry, directoryStart, where));
  }
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const before = byOffset[i - 1] as ZipEntry & { localOffset: number };
    const current = byOffset[i] as ZipEntry & { localOffset: number };
    if (current.localOffset < before.dataEnd) {
      throw zipError(
        where,
        `the entries '${before.name}' and '${current.name}' overlap (a zip bomb shares data between entries).`,
      );
    }
  }
  return entries.map(({ localOffset: _, ...entry }) => entry);
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zip uses). */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++)
    c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Compressed bytes fed to the streaming inflater at a time: bounds one step's output to ~16 MiB even for a bomb. */
const INFLATE_CHUNK = 16384;

/**
 * Inflates an entry's data into a buffer of `capacity` bytes, stopping as soon as `stopAt` bytes
 * are out or the data would overflow the buffer (so a bomb costs at most one step's work).
 * @returns the buffer, how much of it is filled, and whether the data ran longer than `capacity`.
 */
function inflateInto(
  bytes: Uint8Array,
  entry: ZipEntry,
  where: string,
  options: { capacity: number; stopAt: number },
): { out: Uint8Array; filled: number; overflow: boolean } {
  const out = new Uint8Array(options.capacity);
  let filled = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    const take = Math.min(chunk.length, options.capacity - filled);
    out.set(chunk.subarray(0, take), filled);
    filled += take;
    if (take < chunk.length) overflow = true;
  });
  try {
    for (let at = entry.dataStart; at < entry.dataEnd; at += INFLATE_CHUNK) {
      const end = Math.min(at + INFLATE_CHUNK, entry.dataEnd);
      inflater.push(bytes.subarray(at, end), end === entry.dataEnd);
      if (overflow || filled >= options.stopAt) break;
    }
  } catch (err) {
    throw zipError(where, `the entry '${entry.name}' is damaged (${(err as Error).message}).`);
  }
  return { out, filled, overflow };
}

/**
 * Inflates one entry into a buffer of its declared size, so a lying entry can never take more
 * memory than it declared (and inflating stops as soon as it runs longer); then checks the size
 * and the CRC.
 * @throws DatasetError naming the file and entry when the data is damaged or not of the declared size.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, where: string): Uint8Array {
  let data: Uint8Array;
  if (entry.method === 0) {
    data = bytes.subarray(entry.dataStart, entry.dataEnd);
  } else {
    const { out, filled, overflow } = inflateInto(bytes, entry, where, {
      capacity: entry.size,
      stopAt: Number.POSITIVE_INFINITY,
    });
    if (overflow || filled !== entry.size) {
      throw zipError(
        where,
        `the entry '${entry.name}' must hold the ${entry.size} bytes it declares, got ${overflow ? 'more' : filled}.`,
      );
    }
    data = out;
  }
  if (crc32(data) !== entry.crc32) {
    throw zipError(where, `the entry '${entry.name}' is damaged (CRC mismatch).`);
  }
  return data;
}

/**
 * The first `length` bytes of an entry (fewer if it is shorter), inflating no more than needed:
 * used to read a header (e.g. safetensors') and check it before the whole entry is inflated.
 * @throws DatasetError naming the file and entry when the data is damaged.
 */
export function entryPrefix(
  bytes: Uint8Array,
  entry: ZipEntry,
  length: number,
  where: string,
): Uint8Array {
  const wanted = Math.min(length, entry.size);
  if (entry.method === 0) return bytes.subarray(entry.dataStart, entry.dataStart + wanted);
  const { out, filled } = inflateInto(bytes, entry, where, { capacity: wanted, stopAt: wanted });
  return out.subarray(0, filled);
}
