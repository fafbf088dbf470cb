/** Inspection of a user file: format, encoding, delimiter, rows, typed columns, suggested task and roles. */
import { DatasetError } from '../errors.ts';
import { type ColumnStats, type ColumnType, DISTINCT_CAP, parseNumber } from './columnTypes.ts';
import {
  type ConllLayout,
  type ConlluTagField,
  detectConllLayout,
  looksLikeConllu,
  parseConllTagged,
  parseConllu,
  splitLines,
  type TaggedSentence,
} from './conll.ts';
import {
  DelimitedParser,
  type Delimiter,
  isBlankRecord,
  parseDelimited,
  type Quoting,
  sniffDelimiter,
} from './delimited.ts';
import { looksLikeDialogYaml, parseDialogYaml } from './dialogYaml.ts';
import type { TextEncodingName } from './encoding.ts';
import { JsonlScanner, looksLikeJsonl } from './jsonl.ts';
import { type ColumnRoles, suggestForTable, type TaskKind } from './roles.ts';
import { detectHeader, TableScanner } from './tableScanner.ts';
import type { TagScheme } from './tagScheme.ts';
import { byteSlices, openText, type StreamOptions, wholeLines } from './textSource.ts';

/** File formats the importer reads. */
export type DataFormat = 'csv' | 'tsv' | 'jsonl' | 'conllu' | 'conll' | 'text' | 'dialog-yaml';

/** A column as inspection reports it. */
export interface ColumnInfo {
  name: string;
  type: ColumnType;
  missing: number;
  /** Distinct values (at most 1000 are counted; `distinctCapped` then says so). */
  distinct: number;
  distinctCapped: boolean;
  /** Values that do not fit the numeric or date type, and the first of them. */
  invalid: number;
  firstInvalid?: { line: number; value: string };
  examples: string[];
  min?: number;
  max?: number;
}

/** Everything the importer guessed about a file; the UI shows it and lets the user correct it. */
export interface Inspection {
  fileName: string;
  format: DataFormat;
  encoding: TextEncodingName;
  /** The field separator for CSV/TSV, else null. */
  delimiter: Delimiter | null;
  /** RFC 4180 quoting or none (CSV/TSV); null for other formats. */
  quoting: Quoting | null;
  hasHeader: boolean;
  /** Data rows (CSV/TSV/JSONL), non-empty lines (text), sentences (CoNLL) or pairs (dialog YAML). */
  rows: number;
  columns: ColumnInfo[];
  exampleRows: string[][];
  suggestedTask: TaskKind;
  roles: ColumnRoles;
  /** CoNLL: tokens in all sentences. */
  tokens?: number;
  /** CoNLL: the chunk-tag scheme of an NER file. */
  tagScheme?: TagScheme;
  /** CoNLL-U: which field `roles.tag` reads. */
  tagField?: ConlluTagField;
  /** CoNLL: token-per-line layout. */
  conllLayout?: ConllLayout;
  /** Remarks to show beside the guess (the UI words them in its language; `text` is English). */
  notes: InspectionNote[];
}

/** A remark about a file: what it is (with its numbers, for a translated message) and its English text. */
export type InspectionNote =
  | { kind: 'missing-values'; column: string; count: number; text: string }
  | { kind: 'dialog-pairs'; dialogs: number; pairs: number; text: string };

/** User corrections applied before (or instead of) guessing. */
export interface InspectOverrides {
  encoding?: TextEncodingName;
  format?: DataFormat;
  delimiter?: Delimiter;
  quoting?: Quoting;
  hasHeader?: boolean;
  /** CoNLL-U tag field (default `upos`). */
  tagField?: ConlluTagField;
}

/** Formats that must be held whole in memory; larger files are refused. */
export const DEFAULT_MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;

/** Options for {@link inspectStream}. */
export interface InspectStreamOptions extends StreamOptions, InspectOverrides {
  /** Limit for formats that are not streamed (CoNLL, YAML); default 256 MiB. */
  maxWholeFileBytes?: number;
}

/** A format decision made from the head of a file. */
interface FormatGuess {
  format: DataFormat;
  delimiter: Delimiter | null;
  quoting: Quoting | null;
}

function isYamlName(fileName: string): boolean {
  return /\.ya?ml$/i.test(fileName);
}

/**
 * Guesses the format from the decoded head of a file (whole lines) and its name.
 * @throws DatasetError ('format') for YAML that is not dialog YAML.
 */
export function guessFormat(
  head: string,
  fileName: string,
  overrides: InspectOverrides = {},
): FormatGuess {
  const lines = splitLines(head).slice(0, 5000);
  const pick = (format: DataFormat): FormatGuess => ({ format, delimiter: null, quoting: null });
  if (overrides.format !== undefined && overrides.format !== 'csv' && overrides.format !== 'tsv') {
    return pick(overrides.format);
  }
  if (overrides.format === undefined) {
    if (looksLikeDialogYaml(lines)) return pick('dialog-yaml');
    if (isYamlName(fileName)) {
      throw new DatasetError(
        `'${fileName}': only dialog YAML ('conversations:' lists, as in the ChatterBot corpus) can be imported. Convert the file to CSV, TSV or JSONL.`,
        'format',
      );
    }
    if (looksLikeJsonl(lines)) return pick('jsonl');
    if (looksLikeConllu(lines)) return pick('conllu');
    if (detectConllLayout(lines) !== null) return pick('conll');
  }
  const sniffed = sniffDelimiter(head, fileName);
  // NOTE: a file named .csv/.tsv whose rows disagree is a broken table (reported as ragged by
  // the parser, with its lines), not prose: the name decides when sniffing cannot.
  const delimiter =
    overrides.delimiter ??
    sniffed?.delimiter ??
    delimiterFromName(fileName) ??
    (isNumberList(lines) ? ',' : null);
  if (delimiter === null) return pick('text');
  const quoting = overrides.quoting ?? sniffed?.quoting ?? 'double';
  return { format: delimiter === '\t' ? 'tsv' : 'csv', delimiter, quoting };
}

/** The delimiter a .csv or .tsv name promises, else null. */
function delimiterFromName(fileName: string): Delimiter | null {
  if (/\.csv$/i.test(fileName)) return ',';
  if (/\.tsv$/i.test(fileName)) return '\t';
  return null;
}

/** True for a one-column list of numbers (after an optional header): a series, not prose. */
function isNumberList(lines: readonly string[]): boolean {
  const values = lines.slice(1).filter((l) => l.trim() !== '');
  return (
    values.length > 0 &&
    values.filter((l) => !Number.isNaN(parseNumber(l))).length >= values.length * 0.9
  );
}

function info(c: ColumnStats): ColumnInfo {
  const { present: _present, meanLength: _meanLength, ...rest } = c;
  return rest;
}

function missingNotes(columns: readonly ColumnStats[]): InspectionNote[] {
  return columns
    .filter((c) => c.missing > 0)
    .map((c) => ({
      kind: 'missing-values',
      column: c.name,
      count: c.missing,
      text: `Column '${c.name}' has ${c.missing} missing value${c.missing === 1 ? '' : 's'}.`,
    }));
}

/**
 * Inspects a whole file given as bytes.
 * @throws DatasetError ('empty' | 'header-only' | 'ragged' | 'binary' | 'encoding' | 'format' |
 *   'conll-fields') naming the file, the line and what to do.
 */
export function inspectBytes(
  bytes: Uint8Array,
  options: { fileName: string } & InspectOverrides & { maxWholeFileBytes?: number },
): Promise<Inspection> {
  return inspectStream(byteSlices(bytes), { ...options, totalBytes: bytes.length });
}

/**
 * Inspects a file streamed as byte chunks. CSV, TSV, JSONL and plain text are scanned in bounded
 * memory; CoNLL and YAML are collected whole up to `maxWholeFileBytes`.
 * @throws DatasetError as {@link inspectBytes}, plus ('too-large') and ('aborted').
 */
export async function inspectStream(
  chunks: AsyncIterable<Uint8Array>,
  options: InspectStreamOptions,
): Promise<Inspection> {
  const { fileName } = options;
  const opened = await openText(chunks, options);
  const head = wholeLines(opened.head, opened.complete);
  if (opened.complete && opened.head.trim() === '') {
    throw new DatasetError(
      `'${fileName}' is empty. Choose a file with a header line and at least one data row.`,
      'empty',
    );
  }
  const guess = guessFormat(head, fileName, options);
  const base = { fileName, encoding: opened.encoding, ...guess };
  const progress = (records: number): void =>
    options.onProgress?.({
      bytesRead: opened.bytesRead(),
      records,
      ...(options.totalBytes !== undefined ? { totalBytes: options.totalBytes } : {}),
    });
  if (guess.format === 'csv' || guess.format === 'tsv') {
    const delimiter = guess.delimiter as Delimiter;
    const quoting = guess.quoting as Quoting;
    const sample = parseDelimited(head, { delimiter, quoting, fileName }).slice(0, 300);
    const hasHeader = options.hasHeader ?? detectHeader(sample.map((r) => r.fields));
    const scanner = new TableScanner({ fileName, hasHeader, delimiter });
    const parser = new DelimitedParser({
      delimiter,
      quoting,
      fileName,
      onRecord: (fields, line) => {
        if (!isBlankRecord(fields)) scanner.add(fields, line);
      },
    });
    parser.push(opened.head);
    for await (const text of opened.rest) {
      parser.push(text);
      progress(scanner.rowCount);
    }
    parser.end();
    progress(scanner.rowCount);
    const scan = scanner.finish();
    const { task, roles } = suggestForTable(scan.columns);
    return {
      ...base,
      hasHeader,
      rows: scan.rows,
      columns: scan.columns.map(info),
      exampleRows: scan.exampleRows,
      suggestedTask: task,
      roles,
      notes: missingNotes(scan.columns),
    };
  }
  if (guess.format === 'jsonl') {
    const scanner = new JsonlScanner({ fileName });
    scanner.push(opened.head);
    for await (const text of opened.rest) {
      scanner.push(text);
      progress(scanner.rowCount);
    }
    const scan = scanner.finish();
    progress(scan.rows);
    const { task, roles } = suggestForTable(scan.columns);
    return {
      ...base,
      hasHeader: false,
      rows: scan.rows,
      columns: scan.columns.map(info),
      exampleRows: scan.exampleRows,
      suggestedTask: task,
      roles,
      notes: missingNotes(scan.columns),
    };
  }
  if (guess.format === 'text') return inspectPlainText(opened, base, progress);
  const text = await collectWhole(opened, options);
  progress(0);
  return inspectWholeFormat(text, base, options);
}

async function collectWhole(
  opened: Awaited<ReturnType<typeof openText>>,
  options: InspectStreamOptions,
): Promise<string> {
  const max = options.maxWholeFileBytes ?? DEFAULT_MAX_WHOLE_FILE_BYTES;
  const tooLarge = (): DatasetError =>
    new DatasetError(
      `'${options.fileName}' is too large to load (more than ${max} bytes) and its format cannot be streamed. Split it into smaller files or convert it to CSV/TSV, which is read as a stream.`,
      'too-large',
    );
  if (options.totalBytes !== undefined && options.totalBytes > max) throw tooLarge();
  const parts = [opened.head];
  for await (const text of opened.rest) {
    parts.push(text);
    if (opened.bytesRead() > max) throw tooLarge();
  }
  return parts.join('');
}

async function inspectPlainText(
  opened: Awaited<ReturnType<typeof openText>>,
  base: { fileName: string; encoding: TextEncodingName } & FormatGuess,
  progress: (records: number) => void,
): Promise<Inspection> {
  let lines = 0;
  let carry = '';
  const examples: string[][] = [];
  const distinct = new Set<string>();
  const count = (text: string, final: boolean): void => {
    const parts = splitLines(carry + text);
    carry = final ? '' : (parts.pop() as string);
    for (const p of parts) {
      if (p.trim() === '') continue;
      lines++;
      if (distinct.size <= DISTINCT_CAP) distinct.add(p);
      if (examples.length < 5) examples.push([p]);
    }
  };
  count(opened.head, opened.complete);
  for await (const text of opened.rest) {
    count(text, false);
    progress(lines);
  }
  count('', true);
  return {
    ...base,
    hasHeader: false,
    rows: lines,
    columns: [
      {
        name: 'text',
        type: 'text',
        missing: 0,
        distinct: Math.min(distinct.size, DISTINCT_CAP),
        distinctCapped: distinct.size > DISTINCT_CAP,
        invalid: 0,
        examples: examples.map((e) => e[0] as string),
      },
    ],
    exampleRows: examples,
    suggestedTask: 'generate',
    roles: { text: 'text' },
    notes: [],
  };
}

function sentenceColumns(
  sentences: readonly TaggedSentence[],
  names: [string, string],
): ColumnInfo[] {
  const tags = new Set<string>();
  const tokens = new Set<string>();
  for (const s of sentences) {
    for (const t of s.tags) tags.add(t);
    for (const t of s.tokens) if (tokens.size <= DISTINCT_CAP) tokens.add(t);
  }
  return [
    {
      name: names[0],
      type: 'text',
      missing: 0,
      distinct: Math.min(tokens.size, DISTINCT_CAP),
      distinctCapped: tokens.size > DISTINCT_CAP,
      invalid: 0,
      examples: sentences[0]?.tokens.slice(0, 5) ?? [],
    },
    {
      name: names[1],
      type: 'category',
      missing: 0,
      distinct: tags.size,
      distinctCapped: false,
      invalid: 0,
      examples: [...tags].slice(0, 5),
    },
  ];
}

function inspectWholeFormat(
  text: string,
  base: { fileName: string; encoding: TextEncodingName } & FormatGuess,
  options: InspectStreamOptions,
): Inspection {
  const { fileName } = base;
  const common = { ...base, hasHeader: false, notes: [] as InspectionNote[] };
  const examples = (sentences: readonly TaggedSentence[]): string[][] =>
    sentences.slice(0, 5).map((s) => [s.tokens.join(' '), s.tags.join(' ')]);
  if (base.format === 'conllu') {
    const tagField = options.tagField ?? 'upos';
    const sentences = parseConllu(text, { fileName, tagField });
    return {
      ...common,
      rows: sentences.length,
      tokens: sentences.reduce((n, s) => n + s.tokens.length, 0),
      columns: sentenceColumns(sentences, ['form', tagField]),
      exampleRows: examples(sentences),
      suggestedTask: 'tag',
      roles: { token: 'form', tag: tagField },
      tagField,
    };
  }
  if (base.format === 'conll') {
    const layout = detectConllLayout(splitLines(text).slice(0, 5000));
    if (layout === null) {
      throw new DatasetError(
        `'${fileName}': the file is not CoNLL (one token and its tag per line, a blank line between sentences). Check the format or choose another one.`,
        'format',
      );
    }
    const { sentences, scheme } = parseConllTagged(text, { fileName, layout });
    return {
      ...common,
      rows: sentences.length,
      tokens: sentences.reduce((n, s) => n + s.tokens.length, 0),
      columns: sentenceColumns(sentences, ['token', 'tag']),
      exampleRows: examples(sentences),
      suggestedTask: 'tag',
      roles: { token: 'token', tag: 'tag' },
      tagScheme: scheme,
      conllLayout: layout,
    };
  }
  const corpus = parseDialogYaml(text, { fileName });
  const col = (name: string, values: string[]): ColumnInfo => ({
    name,
    type: 'text',
    missing: 0,
    distinct: new Set(values).size,
    distinctCapped: false,
    invalid: 0,
    examples: values.slice(0, 5),
  });
  return {
    ...common,
    rows: corpus.pairs.length,
    columns: [
      col(
        'source',
        corpus.pairs.map((p) => p.source),
      ),
      col(
        'target',
        corpus.pairs.map((p) => p.target),
      ),
    ],
    exampleRows: corpus.pairs.slice(0, 5).map((p) => [p.source, p.target]),
    suggestedTask: 'seq2seq',
    roles: { source: 'source', target: 'target' },
    notes: [
      {
        kind: 'dialog-pairs',
        dialogs: corpus.dialogs.length,
        pairs: corpus.pairs.length,
        text: `${corpus.dialogs.length} dialogs give ${corpus.pairs.length} statement → response pairs.`,
      },
    ],
  };
}
