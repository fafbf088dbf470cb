/** A streaming reader of pre-trained word vectors (fastText `.vec`, GloVe `.txt`) that keeps only the rows of a given vocabulary. */

import { DatasetError, type DatasetMessageKey, type MessageParams } from '../errors.ts';

/** Bounds on an untrusted vector file. */
export const WORD_VECTOR_LIMITS = {
  /** Longest line accepted (bytes): 2,048 numbers of ~14 characters and a long word fit. */
  maxLineBytes: 64 * 1024,
  /** Widest vector accepted (fastText and GloVe ship 300; the embedding caps at 4,096). */
  maxDim: 2048,
} as const;

/** The words wanted and where each goes: `rows.get(word)` is the embedding row it fills. */
export interface VectorWanted {
  /** Row by word, exactly as the vocabulary spells it. */
  readonly rows: ReadonlyMap<string, number>;
  /** Rows in all (the embedding's height). */
  readonly rowCount: number;
  /**
   * The vocabulary's own spelling of a file word (e.g. lower-cased), tried when the exact word is
   * not wanted; an exact match always wins over a normalised one.
   */
  readonly normalise?: (word: string) => string;
}

/** What a vector file gave for the wanted rows. */
export interface VectorTable {
  /** Numbers per vector. */
  readonly dim: number;
  /** 'vec' when the file opened with a "count dim" line (fastText), 'glove' when it did not. */
  readonly format: 'vec' | 'glove';
  /** Vectors in the file (lines after the header). */
  readonly vectors: number;
  /** Row-major `[rowCount, dim]`; rows not found are zero. */
  readonly values: Float32Array;
  /** Per row: 0 not found, 1 found through `normalise`, 2 found exactly. */
  readonly found: Uint8Array;
}

const LINE_KIB = WORD_VECTOR_LIMITS.maxLineBytes / 1024;
const NEWLINE = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

interface TextDecoderLike {
  decode(bytes: Uint8Array): string;
}
const UTF8 = new (
  globalThis as unknown as {
    TextDecoder: new (label: string, options?: { fatal?: boolean }) => TextDecoderLike;
  }
).TextDecoder('utf-8', { fatal: true });

function isSeparator(b: number): boolean {
  return b === SPACE || b === TAB;
}

/** A character a number in a vector file may hold: digits, sign, point, exponent. */
function isNumberByte(b: number): boolean {
  return (
    (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x2d || b === 0x2b || b === 0x65 || b === 0x45
  );
}

/** Start and end offsets of each whitespace-separated field of `line`. */
function fieldsOf(line: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && isSeparator(line[i] as number)) i++;
    if (i >= line.length) break;
    const start = i;
    while (i < line.length && !isSeparator(line[i] as number)) i++;
    out.push(start, i);
  }
  return out;
}

/**
 * Reads a vector file pushed in chunks of any size, one line at a time, keeping only the wanted
 * rows: memory stays at one line plus `[rowCount, dim]` whatever the file's size. Every line is
 * checked (field count, number characters); the wanted ones are parsed and must be finite.
 */
export class WordVectorScanner {
  private pending: Uint8Array = new Uint8Array(0);
  private line = 0;
  private dim = 0;
  private format: 'vec' | 'glove' = 'glove';
  private declared: number | null = null;
  private vectors = 0;
  private values: Float32Array | null = null;
  private readonly found: Uint8Array;

  constructor(
    private readonly fileName: string,
    private readonly wanted: VectorWanted,
  ) {
    this.found = new Uint8Array(wanted.rowCount);
  }

  /**
   * Reads the complete lines of `chunk` (the rest waits for the next chunk).
   * @throws DatasetError (code 'format') naming the file, the line and what to do.
   */
  push(chunk: Uint8Array): void {
    let start = 0;
    let buffered = this.pending;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== NEWLINE) continue;
      const piece = chunk.subarray(start, i);
      this.readLine(buffered.length === 0 ? piece : concat(buffered, piece));
      buffered = new Uint8Array(0);
      start = i + 1;
    }
    const rest = chunk.subarray(start);
    if (buffered.length + rest.length > WORD_VECTOR_LIMITS.maxLineBytes) {
      this.fail(
        'vectors-line-too-long',
        `line ${this.line + 1} is longer than ${LINE_KIB} KiB; a word-vector file has one word and its numbers per line`,
        { line: this.line + 1, limitKiB: LINE_KIB },
      );
    }
    // NOTE: copied, so the host may reuse or free its chunk after push returns.
    this.pending = buffered.length === 0 ? rest.slice() : concat(buffered, rest);
  }

  /**
   * Reads the last line and returns the table.
   * @throws DatasetError when the file held no vector, or fewer than its header promised.
   */
  finish(): VectorTable {
    if (this.pending.length > 0) this.readLine(this.pending);
    this.pending = new Uint8Array(0);
    if (this.values === null) {
      this.fail(
        'vectors-empty',
        'holds no word vectors; each line must be a word followed by its numbers',
        {},
      );
    }
    if (this.declared !== null && this.vectors < this.declared) {
      this.fail(
        'vectors-cut-short',
        `holds ${this.vectors} vectors, but its first line promises ${this.declared}; it may be cut short, download it again`,
        { declared: this.declared, found: this.vectors },
      );
    }
    return {
      dim: this.dim,
      format: this.format,
      vectors: this.vectors,
      values: this.values,
      found: this.found,
    };
  }

  /** The vectors' width and the file's format once a header or a first vector was read, else null. */
  get shape(): { dim: number; format: 'vec' | 'glove' } | null {
    return this.values === null ? null : { dim: this.dim, format: this.format };
  }

  private fail(key: DatasetMessageKey, what: string, params: MessageParams): never {
    throw new DatasetError(`'${this.fileName}' ${what}.`, 'format', {
      key,
      params: { file: this.fileName, ...params },
    });
  }

  private readLine(raw: Uint8Array): void {
    this.line += 1;
    const line = raw.length > 0 && raw[raw.length - 1] === CR ? raw.subarray(0, -1) : raw;
    if (line.length > WORD_VECTOR_LIMITS.maxLineBytes) {
      this.fail(
        'vectors-line-too-long',
        `line ${this.line} is longer than ${LINE_KIB} KiB; a word-vector file has one word and its numbers per line`,
        { line: this.line, limitKiB: LINE_KIB },
      );
    }
    const fields = fieldsOf(line);
    if (fields.length === 0) return;
    if (this.line === 1 && this.readHeader(line, fields)) return;
    const count = fields.length / 2 - 1;
    if (this.values === null) this.start(count);
    this.checkNumbers(line, fields);
    if (count !== this.dim) {
      this.fail(
        'vectors-dimension',
        `line ${this.line} must hold a word and ${this.dim} numbers, got ${count} numbers; every vector must have the width of the first`,
        { line: this.line, expected: this.dim, got: count },
      );
    }
    this.vectors += 1;
    this.keep(line, fields);
  }

  /** A first line of two integers is fastText's "count dim" header. */
  private readHeader(line: Uint8Array, fields: number[]): boolean {
    if (fields.length !== 4) return false;
    const integer = (from: number, to: number) => {
      let n = 0;
      for (let i = from; i < to; i++) {
        const b = line[i] as number;
        if (b < 0x30 || b > 0x39) return null;
        n = n * 10 + (b - 0x30);
      }
      return n;
    };
    const count = integer(fields[0] as number, fields[1] as number);
    const dim = integer(fields[2] as number, fields[3] as number);
    if (count === null || dim === null) return false;
    this.format = 'vec';
    this.declared = count;
    this.start(dim);
    return true;
  }

  private start(dim: number): void {
    if (dim < 1 || dim > WORD_VECTOR_LIMITS.maxDim) {
      this.fail(
        'vectors-dimension-cap',
        `line ${this.line} gives vectors of ${dim} numbers; the width must be between 1 and ${WORD_VECTOR_LIMITS.maxDim}`,
        { line: this.line, got: dim, limit: WORD_VECTOR_LIMITS.maxDim },
      );
    }
    this.dim = dim;
    this.values = new Float32Array(this.wanted.rowCount * dim);
  }

  private checkNumbers(line: Uint8Array, fields: number[]): void {
    for (let f = 2; f < fields.length; f += 2) {
      for (let i = fields[f] as number; i < (fields[f + 1] as number); i++) {
        const b = line[i] as number;
        if (isNumberByte(b)) continue;
        if (b === 0 || b >= 0x80) {
          this.fail(
            'vectors-binary',
            `line ${this.line}, value ${f / 2} holds binary bytes; use the text format (.vec or .txt), not a binary .bin`,
            { line: this.line, column: f / 2 },
          );
        }
        const value = UTF8.decode(line.subarray(fields[f], fields[f + 1])).slice(0, 40);
        this.fail(
          'vectors-not-numeric',
          `line ${this.line}, value ${f / 2} must be a number, got '${value}'; each line must be a word followed by its numbers`,
          { line: this.line, column: f / 2, value },
        );
      }
    }
  }

  private keep(line: Uint8Array, fields: number[]): void {
    let word: string;
    try {
      word = UTF8.decode(line.subarray(fields[0], fields[1]));
    } catch {
      this.fail(
        'vectors-word-encoding',
        `line ${this.line}: the word must be UTF-8 text, got other bytes; save the file as UTF-8`,
        { line: this.line },
      );
    }
    const { rows, normalise } = this.wanted;
    let row = rows.get(word);
    let strength = 2;
    if (row === undefined && normalise !== undefined) {
      row = rows.get(normalise(word));
      strength = 1;
    }
    if (row === undefined || (this.found[row] as number) >= strength) return;
    const values = this.values as Float32Array;
    const at = row * this.dim;
    for (let f = 2, k = 0; f < fields.length; f += 2, k++) {
      const v = Number(UTF8.decode(line.subarray(fields[f], fields[f + 1])));
      if (!Number.isFinite(v)) {
        const value = UTF8.decode(line.subarray(fields[f], fields[f + 1])).slice(0, 40);
        this.fail(
          'vectors-not-finite',
          `line ${this.line}, value ${k + 1} must be a finite number, got '${value}'`,
          { line: this.line, column: k + 1, value },
        );
      }
      values[at + k] = v;
    }
    this.found[row] = strength;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Told after each chunk: bytes read so far. */
export type VectorProgress = (bytesRead: number) => void;

/**
 * Reads a whole vector file from `chunks` (any sizes), keeping the wanted rows.
 * @throws DatasetError (code 'format') for a file that is not word vectors, naming file and line.
 */
export async function readWordVectors(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  o: { fileName: string; wanted: VectorWanted; onProgress?: VectorProgress },
): Promise<VectorTable> {
  const scanner = new WordVectorScanner(o.fileName, o.wanted);
  let read = 0;
  for await (const chunk of chunks) {
    scanner.push(chunk);
    read += chunk.length;
    o.onProgress?.(read);
  }
  return scanner.finish();
}

/**
 * The width and format of a vector file from its first bytes (a UI shows the embedding's size
 * before training), its complete lines read and checked as training reads them.
 * @param head the file's first `WORD_VECTOR_LIMITS.maxLineBytes + 1` bytes, or the whole file when smaller.
 * @throws DatasetError for a head that is not word vectors.
 */
export function vectorShape(
  head: Uint8Array,
  fileName: string,
): { dim: number; format: 'vec' | 'glove' } {
  const scanner = new WordVectorScanner(fileName, { rows: new Map(), rowCount: 0 });
  const end = head.lastIndexOf(NEWLINE);
  // NOTE: a head without a line end is the whole (one-line) file, or a line over the cap (refused by push).
  scanner.push(end < 0 ? head : head.subarray(0, end + 1));
  const shape = scanner.shape;
  if (shape !== null) return shape;
  const table = scanner.finish();
  return { dim: table.dim, format: table.format };
}
