/** Builds the preview table of an inspected file from its first bytes: rows as strings, capped for memory. */
import {
  type Delimiter,
  decodeBytes,
  type Inspection,
  parseConllTagged,
  parseConllu,
  parseDelimited,
  parseDialogYaml,
  parseJsonRecords,
  type Quoting,
  readSheetRows,
} from '../../../core/data/index.ts';
import { DatasetError } from '../../../core/errors.ts';

/** At most this many rows are kept for the preview table and the statistics. */
export const PREVIEW_ROW_LIMIT = 100_000;
/** At most this many bytes from the start of a file are parsed for the preview. */
export const PREVIEW_BYTE_LIMIT = 32 * 1024 * 1024;

/** The rows the Data section shows. */
export interface Preview {
  columns: string[];
  rows: string[][];
  /** False when the file has more rows than the preview holds (the inspection counts them all). */
  complete: boolean;
}

/** Text of `bytes`, cut after the last complete record when the bytes are only a file's start. */
function decodeHead(bytes: Uint8Array, inspection: Inspection, complete: boolean): string {
  const { text } = decodeBytes(bytes, {
    fileName: inspection.fileName,
    encoding: inspection.encoding,
  });
  if (complete) return text;
  const separator =
    inspection.format === 'conllu' || inspection.format === 'conll' ? /\n\s*\n/g : /\n/g;
  let cut = -1;
  for (const m of text.matchAll(separator)) cut = m.index + m[0].length;
  return cut === -1 ? '' : text.slice(0, cut);
}

function lines(text: string): string[] {
  return text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
}

function jsonlRow(line: string, columns: readonly string[]): string[] {
  const o = JSON.parse(line) as Record<string, unknown>;
  return columns.map((c) => {
    const v = o[c];
    if (v === undefined || v === null) return '';
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** The data rows of a workbook's sheet as inspection read it (header rows and empty columns left out). */
function readSheetTable(bytes: Uint8Array, inspection: Inspection): { table: string[][] } {
  const { rows } = readSheetRows(bytes, {
    fileName: inspection.fileName,
    sheet: inspection.sheet,
  });
  const kept = inspection.columnIndexes;
  const data = rows.slice(inspection.hasHeader ? (inspection.headerRows ?? 1) : 0);
  return { table: kept === undefined ? data : data.map((r) => kept.map((c) => r[c] ?? '')) };
}

function rowsOf(text: string, inspection: Inspection): string[][] {
  const { fileName } = inspection;
  switch (inspection.format) {
    case 'csv':
    case 'tsv': {
      const records = parseDelimited(text, {
        delimiter: inspection.delimiter as Delimiter,
        quoting: inspection.quoting as Quoting,
        fileName,
      });
      const kept = inspection.columnIndexes;
      return records
        .slice(inspection.hasHeader ? (inspection.headerRows ?? 1) : 0)
        .map((r) => (kept === undefined ? r.fields : kept.map((c) => r.fields[c] ?? '')));
    }
    case 'json': {
      const names = inspection.columns.map((c) => c.name);
      const { records } = parseJsonRecords(text, { fileName, jsonPath: inspection.jsonPath });
      return records.map((o) => jsonlRow(JSON.stringify(o), names));
    }
    case 'jsonl': {
      const names = inspection.columns.map((c) => c.name);
      return lines(text).map((l) => jsonlRow(l, names));
    }
    case 'text':
      return lines(text).map((l) => [l]);
    case 'conllu':
      return parseConllu(text, { fileName, tagField: inspection.tagField ?? 'upos' }).map((s) => [
        s.tokens.join(' '),
        s.tags.join(' '),
      ]);
    case 'conll': {
      if (inspection.conllLayout === undefined) return inspection.exampleRows;
      const { sentences } = parseConllTagged(text, { fileName, layout: inspection.conllLayout });
      return sentences.map((s) => [s.tokens.join(' '), s.tags.join(' ')]);
    }
    case 'dialog-yaml':
      return parseDialogYaml(text, { fileName }).pairs.map((p) => [p.source, p.target]);
    case 'xlsx':
    case 'parquet':
      return inspection.exampleRows;
  }
}

/**
 * The preview of an inspected file from `bytes`, its first {@link PREVIEW_BYTE_LIMIT} bytes (or
 * all of it when `complete`). Tag files show one sentence per row (tokens, tags); dialog YAML
 * one statement → response pair per row.
 * @throws DatasetError from the format's reader when the complete file cannot be read.
 */
export function buildPreview(
  bytes: Uint8Array,
  inspection: Inspection,
  options: { complete: boolean },
): Preview {
  const columns = inspection.columns.map((c) => c.name);
  // NOTE: Parquet is read asynchronously by the core; the preview shows inspection's examples.
  if (inspection.format === 'parquet')
    return { columns, rows: inspection.exampleRows, complete: false };
  if (inspection.format === 'xlsx') {
    // A workbook cannot be cut: the whole file gives the rows, a start of it only the examples.
    if (!options.complete) return { columns, rows: inspection.exampleRows, complete: false };
    const { table } = readSheetTable(bytes, inspection);
    return {
      columns,
      rows: table.slice(0, PREVIEW_ROW_LIMIT),
      complete: table.length <= PREVIEW_ROW_LIMIT,
    };
  }
  const text = decodeHead(bytes, inspection, options.complete);
  let rows: string[][];
  try {
    rows = rowsOf(text, inspection);
  } catch (err) {
    // NOTE: a cut file can end inside a quoted field or a YAML dialog; the inspection read the
    // whole file without error, so the preview falls back to its example rows.
    if (options.complete || !(err instanceof DatasetError || err instanceof SyntaxError)) throw err;
    return { columns, rows: inspection.exampleRows, complete: false };
  }
  const complete = options.complete && rows.length <= PREVIEW_ROW_LIMIT;
  return { columns, rows: rows.slice(0, PREVIEW_ROW_LIMIT), complete };
}
