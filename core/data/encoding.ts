/** Text encodings of user files: BOM and CP949 detection, binary refusal, and (streaming) decoding. */
import { DatasetError } from '../errors.ts';
import { Cp949Decoder, nativeCp949 } from './cp949.ts';
import { isUndefined1252, Windows1252Decoder } from './windows1252.ts';

/**
 * The encodings the importer reads: the ones it detects by name, and any other WHATWG label
 * `TextDecoder` knows (by its canonical name, e.g. `iso-8859-2`). `cp949` is Korean
 * Windows/Excel (a superset of EUC-KR).
 */
export type TextEncodingName = KnownEncoding | (string & { readonly encoding?: never });

/** Encodings detection names and the UI offers (any other TextDecoder label is accepted too). */
export type KnownEncoding = (typeof KNOWN_ENCODINGS)[number];

/** Encodings the UI offers by name. */
export const KNOWN_ENCODINGS = [
  'utf-8',
  'cp949',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'shift_jis',
  'gb18030',
] as const;

/** What detection found at the start of a file. */
export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Byte length of the byte-order mark (0 when there is none). */
  bomLength: number;
  /** True when the bytes fit several single-byte encodings and the most common one was taken. */
  guessed?: boolean;
}

interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
  readonly encoding?: string;
}
type TextDecoderConstructor = new (
  label: string,
  options?: { fatal?: boolean; ignoreBOM?: boolean },
) => TextDecoderLike;

// NOTE: core/ is compiled against ES2022 only; TextDecoder exists in Node ≥ 11, browsers and
// Electron, so it is reached through globalThis with the few members used here.
const TextDecoderImpl = (globalThis as unknown as { TextDecoder: TextDecoderConstructor })
  .TextDecoder;

/** WHATWG label for an encoding. `euc-kr` is decoded as windows-949 (CP949) by the spec. */
function decoderLabel(encoding: TextEncodingName): string {
  return encoding === 'cp949' ? 'euc-kr' : encoding;
}

/** The canonical name TextDecoder gives `label`, or null when it knows no such encoding. */
function canonicalEncoding(label: string): string | null {
  try {
    return new TextDecoderImpl(label).encoding ?? null;
  } catch {
    return null;
  }
}

/** How much of a file detection looks at. */
export const DETECTION_SAMPLE_BYTES = 64 * 1024;

/**
 * Parses a user-given encoding name (`utf8`, `UTF-8`, `euc-kr`, `cp949`, `utf-16le`, …).
 * @throws DatasetError ('encoding') for a name the importer does not read.
 */
export function parseEncodingName(name: string): TextEncodingName {
  const key = name.trim().toLowerCase().replace(/_/g, '-');
  if (key === 'utf-8' || key === 'utf8') return 'utf-8';
  if (key === 'utf-16le' || key === 'utf16le') return 'utf-16le';
  if (key === 'utf-16be' || key === 'utf16be') return 'utf-16be';
  if (['cp949', 'euc-kr', 'euckr', 'windows-949', 'ms949', 'uhc'].includes(key)) return 'cp949';
  const canonical = canonicalEncoding(name.trim());
  if (canonical === 'euc-kr') return 'cp949';
  if (canonical !== null && canonical !== 'replacement') return canonical;
  throw new DatasetError(
    `Encoding: the encoding must be a name such as utf-8, cp949, windows-1252, shift_jis or gb18030, got '${name}'.`,
    'encoding',
  );
}

/** Line number (1-based) of byte `offset` in an ASCII-compatible byte array. */
function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** True when `sample` has NUL bytes or many control characters: not a text file. */
function looksBinary(sample: Uint8Array): { binary: boolean; offset: number } {
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i] as number;
    if (b === 0) return { binary: true, offset: i };
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return { binary: control > 8 && control > sample.length / 100, offset: 0 };
}

/** Offset of the first byte that is not valid UTF-8 in `sample`, or -1 (a cut sequence at the end is fine). */
function firstInvalidUtf8(sample: Uint8Array, { atEnd }: { atEnd: boolean }): number {
  let i = 0;
  const n = sample.length;
  while (i < n) {
    const b = sample[i] as number;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return atEnd ? i : -1;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = sample[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** True when a CP949 decoding of `sample` reads as Korean: no invalid bytes, mostly Hangul. */
function plausibleKorean(sample: Uint8Array): boolean {
  const text = new Cp949Decoder().decode(sample, { stream: true });
  let nonAscii = 0;
  let hangul = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp === 0xfffd) return false;
    if (cp < 0x80) continue;
    nonAscii++;
    if ((cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x3130 && cp <= 0x318f)) hangul++;
  }
  return nonAscii > 0 && hangul / nonAscii >= 0.5;
}

/**
 * UTF-16 without a byte-order mark: ASCII-range text has a zero byte in every other position
 * (odd positions for little-endian). Null when the sample does not look like that.
 */
function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZero++;
    if (sample[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero >= pairs * 0.4 && evenZero <= pairs * 0.02) return 'utf-16le';
  if (evenZero >= pairs * 0.4 && oddZero <= pairs * 0.02) return 'utf-16be';
  return null;
}

/** Decodes `sample` strictly as `label`, or null when a byte does not fit (a cut character at the end is fine). */
function strictDecode(sample: Uint8Array, label: string): string | null {
  try {
    return new TextDecoderImpl(label, { fatal: true }).decode(sample, { stream: true });
  } catch {
    return null;
  }
}

/** Share of the non-ASCII characters of `text` that `re` matches. */
function wideShare(text: string, re: RegExp): number {
  let wide = 0;
  let hits = 0;
  for (const ch of text) {
    if ((ch.codePointAt(0) as number) < 0x80) continue;
    wide++;
    if (re.test(ch)) hits++;
  }
  return wide === 0 ? 0 : hits / wide;
}

/** Shift-JIS: decodes cleanly, mostly Japanese characters, with hiragana or katakana among them. */
function plausibleJapanese(sample: Uint8Array): boolean {
  const text = strictDecode(sample, 'shift_jis');
  return (
    text !== null &&
    wideShare(text, /[\u3040-\u30ff]/) >= 0.1 &&
    wideShare(text, /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/) >= 0.8
  );
}

/** GB18030: decodes cleanly to mostly Han characters and CJK punctuation. */
function plausibleChinese(sample: Uint8Array): boolean {
  const text = strictDecode(sample, 'gb18030');
  return text !== null && wideShare(text, /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/) >= 0.8;
}

/** windows-1252 (a superset of Latin-1) when no byte decodes to a C1 control character. */
function plausibleWindows1252(sample: Uint8Array): boolean {
  return !sample.some(isUndefined1252);
}

/**
 * Detects the encoding from the first bytes of a file (pass at least {@link DETECTION_SAMPLE_BYTES}
 * when the file is that long). BOMs win; otherwise valid UTF-8 is UTF-8, and invalid UTF-8 that
 * decodes as Korean is CP949.
 * @param sample the file's first bytes
 * @param options.fileName used in messages
 * @param options.complete true when `sample` is the whole file
 * @throws DatasetError ('binary') for a non-text file, ('encoding') for text in another encoding.
 */
export function detectEncoding(
  sample: Uint8Array,
  options: { fileName: string; complete: boolean },
): DetectedEncoding {
  const { fileName } = options;
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3 };
  }
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const head = sample.subarray(0, DETECTION_SAMPLE_BYTES);
  const utf16 = utf16WithoutBom(head);
  if (utf16 !== null) return { encoding: utf16, bomLength: 0 };
  const binary = looksBinary(head);
  if (binary.binary) {
    throw new DatasetError(
      `'${fileName}' is not a text file (it has binary bytes, e.g. at byte ${binary.offset}). Choose a CSV, TSV, JSONL, CoNLL or plain-text file; export spreadsheets as CSV first.`,
      'binary',
      { key: 'binary', params: { file: fileName, offset: binary.offset } },
    );
  }
  const invalid = firstInvalidUtf8(head, { atEnd: options.complete && head === sample });
  if (invalid === -1) return { encoding: 'utf-8', bomLength: 0 };
  // NOTE: Japanese first: CP949 reads Shift-JIS kana bytes as Hangul, never the other way round.
  if (plausibleJapanese(head)) return { encoding: 'shift_jis', bomLength: 0 };
  if (plausibleKorean(head)) return { encoding: 'cp949', bomLength: 0 };
  if (plausibleChinese(head)) return { encoding: 'gb18030', bomLength: 0 };
  if (plausibleWindows1252(head)) return { encoding: 'windows-1252', bomLength: 0, guessed: true };
  throw new DatasetError(
    `'${fileName}' line ${lineOfOffset(head, invalid)}: the text is not UTF-8, UTF-16, CP949, Shift-JIS, GB18030 or windows-1252 (invalid byte at offset ${invalid}). Save the file as UTF-8 (in Excel: 'CSV UTF-8') or choose its encoding.`,
    'encoding',
    {
      key: 'encoding-invalid',
      params: { file: fileName, line: lineOfOffset(head, invalid), offset: invalid },
    },
  );
}

/** Length of `encoding`'s byte-order mark at the start of `bytes` (0 when absent). */
function bomLengthFor(bytes: Uint8Array, encoding: TextEncodingName): number {
  if (encoding === 'utf-8')
    return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (encoding === 'utf-16le') return bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : 0;
  if (encoding === 'utf-16be') return bytes[0] === 0xfe && bytes[1] === 0xff ? 2 : 0;
  return 0;
}

/**
 * The encoding to read a file with: the user's override (only its BOM is looked for) or detection.
 * @throws DatasetError as {@link detectEncoding} when detecting.
 */
export function resolveEncoding(
  sample: Uint8Array,
  options: { fileName: string; complete: boolean; encoding?: TextEncodingName | undefined },
): DetectedEncoding {
  if (options.encoding !== undefined) {
    return { encoding: options.encoding, bomLength: bomLengthFor(sample, options.encoding) };
  }
  return detectEncoding(sample, options);
}

/** The error for text of `fileName` that is not valid `encoding` at `line`; `why` is what the decoder said. */
export function invalidTextError(
  fileName: string,
  line: number,
  encoding: TextEncodingName,
  why: string,
): DatasetError {
  return new DatasetError(
    `'${fileName}' line ${line}: the text is not valid ${encoding} (${why}). Save the file as UTF-8 or choose its encoding.`,
    'encoding',
  );
}

let strictUtf8: TextDecoderLike | null = null;
const Utf8Encoder = (globalThis as unknown as { TextEncoder: new () => Utf8EncoderLike })
  .TextEncoder;
interface Utf8EncoderLike {
  encode(text: string): Uint8Array;
}

/** `text` as UTF-8 bytes (a lone surrogate as U+FFFD's). */
export function encodeUtf8(text: string): Uint8Array {
  return new Utf8Encoder().encode(text);
}

/**
 * `bytes` decoded as UTF-8 as {@link StreamDecoder} decodes them (fatal; a U+FEFF kept).
 * @throws TypeError (the decoder's) when they are not valid UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  strictUtf8 ??= new TextDecoderImpl('utf-8', { fatal: true, ignoreBOM: true });
  return strictUtf8.decode(bytes);
}

/** Decodes chunks of one file incrementally; characters split across chunks are kept whole. */
export class StreamDecoder {
  private readonly decoder: TextDecoderLike;
  private skip: number;
  private newlines = 1;

  constructor(
    readonly encoding: TextEncodingName,
    private readonly options: { fileName: string; bomLength: number },
  ) {
    // NOTE: fatal for UTF-8 so a broken byte later in the file is reported, not replaced.
    // NOTE: Node's ICU 'euc-kr' lacks the CP949 extension; use our table there.
    this.decoder =
      encoding === 'cp949' && !nativeCp949()
        ? new Cp949Decoder()
        : encoding === 'windows-1252'
          ? new Windows1252Decoder()
          : new TextDecoderImpl(decoderLabel(encoding), {
              fatal: encoding === 'utf-8',
              ignoreBOM: true,
            });
    this.skip = options.bomLength;
  }

  /** Numbers the line the next chunk starts on, for a file whose earlier lines another reader took. */
  resumeAt(line: number): void {
    this.newlines = line;
  }

  /**
   * Decodes the next chunk (pass `final: true` after the last one).
   * @throws DatasetError ('encoding') when the bytes are not valid in the encoding.
   */
  decode(chunk: Uint8Array, { final }: { final: boolean } = { final: false }): string {
    let bytes = chunk;
    if (this.skip > 0) {
      const cut = Math.min(this.skip, bytes.length);
      bytes = bytes.subarray(cut);
      this.skip -= cut;
    }
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: !final });
    } catch (err) {
      const local = firstInvalidUtf8(bytes, { atEnd: final });
      const line = this.newlines + (local >= 0 ? lineOfOffset(bytes, local) - 1 : 0);
      throw invalidTextError(this.options.fileName, line, this.encoding, (err as Error).message);
    }
    // NOTE: indexOf finds the line ends natively, about 2.5× faster than a loop over every byte.
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) this.newlines++;
    return text;
  }
}

/**
 * Decodes a whole file, detecting its encoding unless `encoding` is given.
 * @throws DatasetError ('binary' | 'encoding') as {@link detectEncoding} and {@link StreamDecoder}.
 */
export function decodeBytes(
  bytes: Uint8Array,
  options: { fileName: string; encoding?: TextEncodingName },
): { text: string; encoding: TextEncodingName } {
  const { encoding, bomLength } = resolveEncoding(bytes, {
    fileName: options.fileName,
    complete: true,
    encoding: options.encoding,
  });
  const decoder = new StreamDecoder(encoding, { fileName: options.fileName, bomLength });
  return { text: decoder.decode(bytes, { final: true }), encoding };
}
