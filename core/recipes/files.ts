/** Turns a recipe's data files (one or several gallery files of one table) into the one byte array a task prepares from. */
import { ConfigError } from '../errors.ts';

const NEWLINE = 0x0a;

function firstLine(bytes: Uint8Array): Uint8Array {
  const end = bytes.indexOf(NEWLINE);
  return end < 0 ? bytes : bytes.subarray(0, end + 1);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Joins files of one table into one: the first file whole, then each further file without its
 * first line when that line repeats the first file's header (as the three UCI sentiment files
 * do), with a line break between files that lack one. A single file is returned unchanged.
 * @param parts the files' bytes in the recipe's order (same encoding, same columns)
 * @throws ConfigError when `parts` is empty.
 */
export function joinTableFiles(parts: readonly Uint8Array[]): Uint8Array {
  const first = parts[0];
  if (first === undefined) {
    throw new ConfigError('joinTableFiles: parts must hold at least one file, got 0.');
  }
  if (parts.length === 1) return first;
  const header = firstLine(first);
  const pieces: Uint8Array[] = [];
  parts.forEach((part, i) => {
    let body = part;
    if (i > 0 && sameBytes(firstLine(part), header)) body = part.subarray(header.length);
    if (body.length === 0) return;
    const previous = pieces[pieces.length - 1];
    if (previous !== undefined && previous[previous.length - 1] !== NEWLINE) {
      pieces.push(Uint8Array.of(NEWLINE));
    }
    pieces.push(body);
  });
  const total = pieces.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of pieces) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
