/** JSON Lines: one JSON object per line, scanned line by line into typed columns. */
import { DatasetError } from '../errors.ts';
import { jsonDepthOverflow, parseJsonLimited } from '../io/json.ts';
import { ColumnAccumulator, type ColumnStats } from './columnTypes.ts';
import { splitLines } from './conll.ts';
import { MAX_REPORTED_COLUMNS } from './tableScanner.ts';

/** True when the first non-empty lines of a sample are JSON objects. */
export function looksLikeJsonl(lines: readonly string[]): boolean {
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 20);
  if (sample.length === 0) return false;
  return sample.every((l) => {
    const t = l.trim();
    if (!t.startsWith('{') || !t.endsWith('}')) return false;
    // NOTE: a line nested too deep is still JSONL-shaped: the reader then refuses it in one line;
    // parsing it here would build (say) a million nested arrays first.
    if (jsonDepthOverflow(t) >= 0) return true;
    try {
      JSON.parse(t);
      return true;
    } catch (err) {
      return !(err instanceof SyntaxError);
    }
  });
}

/** A JSON value as a cell: strings as they are, null as missing, objects as JSON text. */
export function cellOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Parses one JSONL line into an object.
 * @throws DatasetError ('format') for a line that is not a JSON object.
 */
export function parseJsonlLine(
  text: string,
  line: number,
  fileName: string,
): Record<string, unknown> {
  let value: unknown;
  try {
    // NOTE: depth-limited: a deeply nested line would overflow the stack later (cells are stringified).
    value = parseJsonLimited(text);
  } catch (err) {
    throw new DatasetError(
      `'${fileName}' line ${line}: the line is not valid JSON (${(err as Error).message}). Write one JSON object per line.`,
      'format',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DatasetError(
      `'${fileName}' line ${line}: each line must be a JSON object like {"text": "…", "label": "…"}, got ${Array.isArray(value) ? 'an array' : typeof value}. Write one object per line.`,
      'format',
    );
  }
  return value as Record<string, unknown>;
}

/**
 * Consumes JSONL text in pieces (or records one by one); columns are the union of keys in order of
 * first appearance. Linear in the input: a new key costs O(1), absent keys are counted at the end.
 */
export class JsonlScanner {
  private readonly columns = new Map<string, ColumnAccumulator>();
  /** Keys past {@link MAX_REPORTED_COLUMNS}: counted, not typed. */
  private readonly extraKeys = new Set<string>();
  private rows = 0;
  private line = 0;
  private carry = '';
  private readonly examples: Record<string, unknown>[] = [];

  constructor(private readonly options: { fileName: string }) {}

  get rowCount(): number {
    return this.rows;
  }

  /** Adds a piece of text. @throws DatasetError ('format') for a bad line. */
  push(text: string): void {
    const parts = splitLines(this.carry + text);
    this.carry = parts.pop() as string;
    for (const p of parts) this.addLine(p);
  }

  private addLine(text: string): void {
    this.line++;
    if (text.trim() === '') return;
    this.addRecord(parseJsonlLine(text, this.line, this.options.fileName), this.line);
  }

  /** Adds one record (a JSON object) that starts on `line`. */
  addRecord(object: Record<string, unknown>, line: number): void {
    for (const key of Object.keys(object)) {
      let acc = this.columns.get(key);
      if (acc === undefined) {
        if (this.columns.size >= MAX_REPORTED_COLUMNS) {
          this.extraKeys.add(key);
          continue;
        }
        acc = new ColumnAccumulator(key);
        this.columns.set(key, acc);
      }
      acc.addAbsent(this.rows - acc.cells);
      acc.add(cellOf(object[key]), line);
    }
    if (this.examples.length < 5) this.examples.push(object);
    this.rows++;
  }

  /** Keys in all records, typed or not. */
  get totalColumns(): number {
    return this.columns.size + this.extraKeys.size;
  }

  /** Finishes the scan. @throws DatasetError ('empty' | 'format'). */
  finish(): { columns: ColumnStats[]; rows: number; exampleRows: string[][] } {
    if (this.carry !== '') this.addLine(this.carry);
    this.carry = '';
    if (this.rows === 0) {
      throw new DatasetError(
        `'${this.options.fileName}' is empty. Write one JSON object per line.`,
        'empty',
      );
    }
    for (const acc of this.columns.values()) acc.addAbsent(this.rows - acc.cells);
    const names = [...this.columns.keys()];
    return {
      columns: [...this.columns.values()].map((a) => a.stats()),
      rows: this.rows,
      exampleRows: this.examples.map((o) => names.map((n) => cellOf(o[n]) ?? '')),
    };
  }
}
