/** Which files the app opens at all: data, model and project formats, recognised by extension or by their first bytes. */

/** Extensions of the data files the importer reads (lower case, with the dot); the Open Dataset dialog offers them. */
export const DATA_EXTENSIONS: readonly string[] = [
  '.csv',
  '.tsv',
  '.txt',
  '.jsonl',
  '.json',
  '.conllu',
  '.conll',
  '.iob2',
  '.bio',
  '.yml',
  '.yaml',
  '.xlsx',
  '.parquet',
];

/** Extensions of the data, model and project files the app reads (lower case, with the dot). */
export const SUPPORTED_EXTENSIONS: ReadonlySet<string> = new Set([
  ...DATA_EXTENSIONS,
  '.rnnmodel',
  '.safetensors',
  '.rnnproj',
]);

/** How many leading bytes {@link sniffKind} looks at. */
export const SNIFF_BYTES = 4096;

/** What the first bytes of a file say it is, or null for anything the app does not read. */
export type SniffedKind = 'zip' | 'parquet' | 'json' | 'delimited';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const PARQUET = [0x50, 0x41, 0x52, 0x31];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Lines of decoded text, without a possibly cut last line when the head was truncated. */
function headLines(text: string, truncated: boolean): string[] {
  const lines = text.split(/\r?\n/);
  if (truncated) lines.pop();
  return lines.filter((l) => l.trim() !== '');
}

/**
 * Whether the text is a table: at least two lines, and one of comma, tab or semicolon splits
 * every line into the same number (≥ 2) of fields. Colon-separated system files (`/etc/passwd`)
 * and prose do not pass.
 */
function looksDelimited(lines: readonly string[]): boolean {
  if (lines.length < 2) return false;
  return [',', '\t', ';'].some((d) => {
    const counts = lines.slice(0, 20).map((l) => l.split(d).length);
    return counts[0] !== undefined && counts[0] >= 2 && counts.every((c) => c === counts[0]);
  });
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the text is JSON or JSON Lines: it parses whole, its first line parses as an object or
 * array, or (a document cut at the sniff limit) it opens like one. An INI file's `[section]` does
 * not pass.
 */
function looksJson(text: string, truncated: boolean): boolean {
  const trimmed = text.trimStart();
  if (trimmed[0] !== '{' && trimmed[0] !== '[') return false;
  if (!truncated && parses(trimmed)) return true;
  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
  if (parses(firstLine)) return true;
  if (!truncated) return false;
  const next = trimmed.slice(1).trimStart()[0] ?? '';
  return trimmed[0] === '{' ? next === '"' : /^[[{"\d-]$/.test(next);
}

/**
 * Recognises a supported format from a file's first bytes (at most {@link SNIFF_BYTES}): a zip
 * (`.rnnmodel`, `.xlsx`), Parquet, JSON / JSON Lines, or a delimited table. Text that is none of
 * these (configuration files, prose, keys) and binary data are null.
 * @param truncated whether the file continues past `head` (its last line may be cut).
 */
export function sniffKind(head: Uint8Array, truncated: boolean): SniffedKind | null {
  if (startsWith(head, ZIP)) return 'zip';
  if (startsWith(head, PARQUET)) return 'parquet';
  if (head.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    // NOTE: a cut multi-byte character at the end is not binary; decode without the tail.
    if (!truncated) return null;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - 3));
    } catch {
      return null;
    }
  }
  const body = text.replace(/^\uFEFF/, '');
  if (looksJson(body, truncated)) return 'json';
  return looksDelimited(headLines(body, truncated)) ? 'delimited' : null;
}
