/** A small reader for dialog YAML (the ChatterBot corpus layout) producing statement → response pairs. */
import { DatasetError } from '../errors.ts';
import { splitLines } from './conll.ts';

/** Dialogs (lists of utterances) and the consecutive statement → response pairs made from them. */
export interface DialogCorpus {
  categories: string[];
  dialogs: string[][];
  pairs: { source: string; target: string; line: number }[];
}

/** True when a sample of lines has the `conversations:` list of lists that this reader handles. */
export function looksLikeDialogYaml(lines: readonly string[]): boolean {
  const conv = lines.findIndex((l) => /^conversations:\s*$/.test(l));
  return conv !== -1 && lines.slice(conv + 1, conv + 20).some((l) => l.startsWith('- - '));
}

interface Cursor {
  lines: string[];
  i: number;
  fileName: string;
}

/** YAML trims only spaces and tabs (String.prototype.trim would also eat U+00A0 in the data). */
function trimYaml(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function unsupported(cursor: Cursor, what: string): DatasetError {
  return new DatasetError(
    `'${cursor.fileName}' line ${cursor.i + 1}: ${what} is not supported in dialog YAML. Use the ChatterBot layout ('conversations:' with '- - question' / '  - answer' items) or convert the file to a two-column TSV (question<TAB>answer).`,
    'format',
  );
}

/** Reads a block scalar (`|`, `|-`, `>`, …) whose header is on line `cursor.i`; moves past it. */
function readBlock(cursor: Cursor, header: string): string {
  const folded = header.startsWith('>');
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const body: string[] = [];
  let indent = -1;
  let j = cursor.i + 1;
  for (; j < cursor.lines.length; j++) {
    const line = cursor.lines[j] as string;
    if (line.trim() === '') {
      body.push('');
      continue;
    }
    const ind = indentOf(line);
    if (indent === -1) indent = ind;
    if (ind < indent || ind <= 2) break;
    body.push(line.slice(indent));
  }
  // Trailing blank lines belong to the block only for chomping; give them back to the document.
  let end = body.length;
  while (end > 0 && body[end - 1] === '') end--;
  cursor.i = j - (body.length - end) - 1;
  const kept = body.slice(0, end);
  let text = folded ? foldLines(kept) : kept.join('\n');
  if (chomp === 'clip') text += '\n';
  if (chomp === 'keep') text += '\n'.repeat(body.length - end + 1);
  return text;
}

/** YAML line folding: one line break becomes a space, an empty line becomes a newline. */
function foldLines(lines: readonly string[]): string {
  let out = '';
  let pendingBreaks = 0;
  for (const line of lines) {
    if (line === '') {
      pendingBreaks++;
      continue;
    }
    if (out !== '') out += pendingBreaks > 0 ? '\n'.repeat(pendingBreaks) : ' ';
    out += line;
    pendingBreaks = 0;
  }
  return out;
}

/** Reads a quoted scalar that starts `first` (after `- `) and may continue on following lines. */
function readQuoted(cursor: Cursor, first: string): string {
  const quote = first[0] as string;
  const parts: string[] = [first.slice(1)];
  const startLine = cursor.i;
  for (;;) {
    const joined = foldLines(parts.map((p, k) => (k === 0 ? p : p.trim())));
    const close = findClosingQuote(joined, quote);
    if (close !== -1) {
      const rest = joined.slice(close + 1).trim();
      if (rest !== '' && !rest.startsWith('#'))
        throw unsupported(cursor, 'text after a quoted value');
      const raw = joined.slice(0, close);
      return quote === "'" ? raw.replace(/''/g, "'") : unescapeDouble(raw);
    }
    cursor.i++;
    if (cursor.i >= cursor.lines.length) {
      cursor.i = startLine;
      throw unsupported(cursor, 'a quoted value that never closes');
    }
    parts.push(cursor.lines[cursor.i] as string);
  }
}

function findClosingQuote(text: string, quote: string): number {
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (quote === '"' && c === '\\') {
      k++;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && text[k + 1] === "'") {
        k++;
        continue;
      }
      return k;
    }
  }
  return -1;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' } as Record<string, string>)[e] ?? e;
  });
}

/**
 * Reads the scalar that starts with `first` on line `cursor.i`; leaves the cursor on its last line.
 * A plain scalar continues on following lines indented deeper than `parentIndent`.
 */
function readScalar(cursor: Cursor, first: string, parentIndent = 2): string {
  const value = trimYaml(first);
  if (/^[|>][+-]?\d*\s*(#.*)?$/.test(value)) return readBlock(cursor, value);
  if (value.startsWith("'") || value.startsWith('"')) return readQuoted(cursor, value);
  if (/^[[{&*!]/.test(value)) throw unsupported(cursor, `a value starting with '${value[0]}'`);
  const parts = [value];
  while (cursor.i + 1 < cursor.lines.length) {
    const next = cursor.lines[cursor.i + 1] as string;
    if (next.trim() === '' || indentOf(next) <= parentIndent) break;
    parts.push(trimYaml(next));
    cursor.i++;
  }
  return parts.join(' ');
}

/**
 * Parses dialog YAML: `categories:` (a list of names) and `conversations:` (a list of dialogs,
 * each a list of utterances). Each utterance and the one after it form a pair.
 * @throws DatasetError ('format') for YAML outside that layout, ('empty') for no dialogs.
 */
export function parseDialogYaml(text: string, options: { fileName: string }): DialogCorpus {
  const cursor: Cursor = { lines: splitLines(text), i: 0, fileName: options.fileName };
  const categories: string[] = [];
  const dialogs: string[][] = [];
  const lineOf: number[][] = [];
  let section: 'none' | 'categories' | 'conversations' | 'other' = 'none';
  for (; cursor.i < cursor.lines.length; cursor.i++) {
    const line = cursor.lines[cursor.i] as string;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const key = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (key !== null) {
      const name = key[1] as string;
      section =
        name === 'categories' ? 'categories' : name === 'conversations' ? 'conversations' : 'other';
      continue;
    }
    if (section === 'categories' && line.startsWith('- ')) {
      categories.push(readScalar(cursor, line.slice(2)));
    } else if (section === 'conversations' && line.startsWith('- - ')) {
      const at = cursor.i + 1;
      dialogs.push([readScalar(cursor, line.slice(4))]);
      lineOf.push([at]);
    } else if (section === 'conversations' && line.startsWith('- ')) {
      // NOTE: `- text` is a dialog that is a lone string, not a list (YAML folds deeper lines into it).
      const at = cursor.i + 1;
      dialogs.push([readScalar(cursor, line.slice(2), 0)]);
      lineOf.push([at]);
    } else if (section === 'conversations' && line.startsWith('  - ') && dialogs.length > 0) {
      const at = cursor.i + 1;
      dialogs[dialogs.length - 1]?.push(readScalar(cursor, line.slice(4)));
      lineOf[lineOf.length - 1]?.push(at);
    } else if (section !== 'other') {
      throw unsupported(cursor, `the line '${line.trim().slice(0, 40)}'`);
    }
  }
  if (dialogs.length === 0) {
    throw new DatasetError(
      `'${options.fileName}': the YAML file has no 'conversations:' dialogs. Use the ChatterBot layout or convert the file to a two-column TSV (question<TAB>answer).`,
      'empty',
    );
  }
  const pairs: DialogCorpus['pairs'] = [];
  dialogs.forEach((d, k) => {
    for (let u = 0; u + 1 < d.length; u++) {
      pairs.push({ source: d[u] as string, target: d[u + 1] as string, line: lineOf[k]?.[u] ?? 0 });
    }
  });
  return { categories, dialogs, pairs };
}
