/** safetensors read and write (https://github.com/huggingface/safetensors): bytes in, bytes out. */
import { ConfigError, DatasetError, ShapeError } from '../errors.ts';
import { formatShape } from '../tensor/shape.ts';
import { parseJsonLimited } from './guards/json.ts';

/**
 * The dtypes `readSafetensors` converts to float32; I64 is for integer buffers such as a
 * BatchNorm's num_batches_tracked in a PyTorch state dict (exact up to 2²⁴).
 */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64';

const DTYPE_BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8 };

/** A tensor to write: float32 values, row-major, and their shape. */
export interface SafetensorsInput {
  shape: readonly number[];
  data: Float32Array;
}

/** A tensor read back: the dtype it was stored in, its shape, and its values as float32. */
export interface SafetensorsTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  /** Tensors in the order of their data in the file. */
  tensors: Map<string, SafetensorsTensor>;
  /** The `__metadata__` string map; empty when the file has none. */
  metadata: Record<string, string>;
}

const METADATA_KEY = '__metadata__';

// NOTE: core/ is compiled against ES2022 only; TextEncoder and TextDecoder exist in every host we
// run in (Node, browsers, Electron), so we reach them through globalThis with minimal types.
const { TextEncoder: Utf8Encoder, TextDecoder: Utf8Decoder } = globalThis as unknown as {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (
    label: 'utf-8',
    options: { fatal: boolean },
  ) => { decode(bytes: Uint8Array): string };
};
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Serialises tensors as a safetensors file: an 8-byte little-endian header length N, N bytes of
 * JSON `{ name: { dtype: 'F32', shape, data_offsets: [begin, end] }, __metadata__?: {…} }` padded
 * with spaces to a multiple of 8, then the tensors' little-endian bytes packed in the order given.
 * @param tensors name → { shape, data }, or [name, tensor] pairs (e.g. a module's stateDict()).
 * @param metadata optional string → string map stored as `__metadata__`.
 * @throws ShapeError when a tensor's data length is not the product of its shape.
 * @throws ConfigError for an empty, repeated or reserved name, or a non-string metadata value.
 */
export function writeSafetensors(
  tensors: Record<string, SafetensorsInput> | Iterable<readonly [string, SafetensorsInput]>,
  metadata?: Record<string, string>,
): Uint8Array {
  const entries: [string, SafetensorsInput][] =
    Symbol.iterator in tensors
      ? Array.from(tensors as Iterable<readonly [string, SafetensorsInput]>, ([n, t]) => [n, t])
      : Object.entries(tensors as Record<string, SafetensorsInput>);
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') {
        throw new ConfigError(
          `writeSafetensors: metadata '${key}' must be a string, got ${typeof value}.`,
        );
      }
    }
    header[METADATA_KEY] = { ...metadata };
  }
  const seen = new Set<string>();
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === '' || name === METADATA_KEY) {
      throw new ConfigError(
        `writeSafetensors: tensor name must be non-empty and not '${METADATA_KEY}', got '${name}'.`,
      );
    }
    if (seen.has(name)) {
      throw new ConfigError(`writeSafetensors: tensor name must be unique, got '${name}' twice.`);
    }
    seen.add(name);
    if (
      !t.shape.every((d) => Number.isInteger(d) && d >= 0) ||
      product(t.shape) !== t.data.length
    ) {
      throw new ShapeError(
        `writeSafetensors: '${name}' data length must equal the product of shape ${formatShape(t.shape)}, got ${t.data.length}.`,
      );
    }
    const end = offset + t.data.length * 4;
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, end] };
    offset = end;
  }
  const json = new Utf8Encoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const [, t] of entries) {
    if (LITTLE_ENDIAN) {
      bytes.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), position);
    } else {
      for (let i = 0; i < t.data.length; i++)
        view.setFloat32(position + 4 * i, t.data[i] as number, true);
    }
    position += t.data.byteLength;
  }
  return bytes;
}

function formatError(message: string): DatasetError {
  return new DatasetError(`readSafetensors: ${message}`, 'format');
}

/** One tensor as the header declares it (nothing decoded yet). */
export interface SafetensorsHeaderEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(name: string, raw: unknown, dataLength: number): SafetensorsHeaderEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw formatError(`tensor '${name}' must be an object with dtype, shape and data_offsets.`);
  }
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  // NOTE: Object.hasOwn, not `in`: `'constructor' in DTYPE_BYTES` is true (inherited from Object).
  if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_BYTES, dtype)) {
    throw formatError(
      `tensor '${name}' dtype must be one of F32, F16, BF16, F64, I64, got '${String(dtype)}'.`,
    );
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw formatError(
      `tensor '${name}' shape must be a list of non-negative integers, got ${JSON.stringify(shape)}.`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
  ) {
    throw formatError(
      `tensor '${name}' data_offsets must be two non-negative integers, got ${JSON.stringify(offsets)}.`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    throw formatError(
      `tensor '${name}' data_offsets [${begin}, ${end}] must lie within the ${dataLength} data bytes.`,
    );
  }
  const expected = product(shape) * DTYPE_BYTES[dtype as SafetensorsDtype];
  if (end - begin !== expected) {
    throw formatError(
      `tensor '${name}' must have ${expected} bytes for ${dtype} ${formatShape(shape)}, got ${end - begin}.`,
    );
  }
  return { name, dtype: dtype as SafetensorsDtype, shape: shape as number[], begin, end };
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw formatError(`${METADATA_KEY} must be a map of strings.`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      throw formatError(`${METADATA_KEY} '${key}' must be a string, got ${JSON.stringify(value)}.`);
    }
  }
  return { ...(raw as Record<string, string>) };
}

/** float16 bits → number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function decode(view: DataView, start: number, entry: SafetensorsHeaderEntry): Float32Array {
  const count = product(entry.shape);
  const out = new Float32Array(count);
  const at = start + entry.begin;
  switch (entry.dtype) {
    case 'F32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(at + 4 * i, true);
      break;
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(at + 8 * i, true);
      break;
    case 'I64':
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(at + 8 * i, true));
      break;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(at + 2 * i, true));
      break;
    case 'BF16': {
      // bfloat16 is the top half of a float32: shift its bits into place.
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(at + 2 * i, true) << 16;
      break;
    }
  }
  return out;
}

/** A safetensors header: its tensors sorted by data offset, the metadata, and where the data starts. */
export interface SafetensorsHeader {
  readonly entries: readonly SafetensorsHeaderEntry[];
  readonly metadata: Record<string, string>;
  /** 8 + the header's length: the offset of the first data byte. */
  readonly dataStart: number;
}

/**
 * The header length a safetensors file declares in its first 8 bytes.
 * @throws DatasetError (code 'format') when fewer than 8 bytes are given or the length exceeds `fileLength - 8`.
 */
export function safetensorsHeaderLength(prefix: Uint8Array, fileLength: number): number {
  if (prefix.length < 8 || fileLength < 8) {
    throw formatError(
      `file must start with an 8-byte header length, got ${Math.min(prefix.length, fileLength)} bytes.`,
    );
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(fileLength - 8)) {
    throw formatError(
      `header length ${headerLength} must fit in the ${fileLength - 8} bytes after it.`,
    );
  }
  return Number(headerLength);
}

/**
 * Parses and checks a safetensors header without touching the data: `prefix` holds at least the
 * first 8 + header-length bytes of a file of `fileLength` bytes. Lets a caller check shapes and
 * sizes before the data is inflated or decoded.
 * @throws DatasetError (code 'format') as {@link readSafetensors}.
 */
export function readSafetensorsHeader(prefix: Uint8Array, fileLength: number): SafetensorsHeader {
  const dataStart = 8 + safetensorsHeaderLength(prefix, fileLength);
  if (prefix.length < dataStart) {
    throw formatError(`header must be ${dataStart - 8} bytes, got ${prefix.length - 8}.`);
  }
  let header: unknown;
  try {
    header = parseJsonLimited(
      new Utf8Decoder('utf-8', { fatal: true }).decode(prefix.subarray(8, dataStart)),
    );
  } catch {
    // The engine's parse message varies between hosts; the user needs to know the header is broken.
    throw formatError('header must be UTF-8 JSON.');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw formatError('header must be a JSON object.');
  }
  const dataLength = fileLength - dataStart;
  let metadata: Record<string, string> = {};
  const entries: SafetensorsHeaderEntry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) metadata = parseMetadata(raw);
    else entries.push(parseEntry(name, raw, dataLength));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < entries.length; i++) {
    const previous = entries[i - 1] as SafetensorsHeaderEntry;
    const current = entries[i] as SafetensorsHeaderEntry;
    if (current.begin < previous.end) {
      throw formatError(
        `tensor '${current.name}' data_offsets [${current.begin}, ${current.end}] must not overlap '${previous.name}' [${previous.begin}, ${previous.end}].`,
      );
    }
  }
  return { entries, metadata, dataStart };
}

/**
 * Parses a safetensors file. F32, F16, BF16, F64 and I64 tensors are converted to float32.
 * @returns the tensors in the order of their data, and the `__metadata__` map ({} if absent).
 * @throws DatasetError (code 'format') for a file shorter than its header, a header that is not a
 *   JSON object, an unknown dtype, or data_offsets that fall outside the data, overlap, or do not
 *   match shape × dtype size.
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  const { entries, metadata, dataStart } = readSafetensorsHeader(bytes, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const entry of entries) {
    tensors.set(entry.name, {
      dtype: entry.dtype,
      shape: entry.shape,
      data: decode(view, dataStart, entry),
    });
  }
  return { tensors, metadata };
}
