/** Streaming import of numeric columns from a large CSV/TSV: values land in growing Float32Arrays, text is never kept. */
import { DatasetError } from '../errors.ts';
import { cellNormaliser } from './cellReading.ts';
import { isMissing, parseNumber } from './columnTypes.ts';
import {
  DelimitedParser,
  type Delimiter,
  firstRecords,
  isBlankRecord,
  type Quoting,
  withoutTrailingBlank,
} from './delimited.ts';
import { guessFormat } from './inspect.ts';
import { encodingOption, headerFlag } from './readingReport.ts';
import type { ReadOptions } from './readOptions.ts';
import { detectHeader, headerNames } from './tableScanner.ts';
import { openText, type StreamOptions, wholeLines } from './textSource.ts';

/** Numeric columns read from a stream: `values[c]` has `rows` entries (NaN where missing). */
export interface NumericColumns {
  columns: string[];
  values: Float32Array[];
  rows: number;
}

class Growable {
  data = new Float32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * Streams a CSV/TSV file and keeps only the named numeric columns (4 bytes per value), so a file
 * of hundreds of megabytes imports in memory proportional to its numbers, not its text.
 * @throws DatasetError ('format') for a file that is not CSV/TSV or lacks a column, ('not-numeric')
 *   naming the line and column of a non-number, ('all-missing'), ('ragged'), ('aborted').
 */
export async function streamNumericColumns(
  chunks: AsyncIterable<Uint8Array>,
  options: Omit<StreamOptions, 'encoding'> & { reading?: ReadOptions; columns: string[] },
): Promise<NumericColumns> {
  const { fileName } = options;
  const reading = options.reading ?? {};
  const opened = await openText(chunks, { ...options, encoding: encodingOption(reading) });
  const head = wholeLines(opened.head, opened.complete);
  const guess = guessFormat(head, fileName, reading);
  const normalise = cellNormaliser(reading);
  if (guess.format !== 'csv' && guess.format !== 'tsv') {
    throw new DatasetError(
      `'${fileName}': only CSV or TSV files can be streamed into numeric columns, got ${guess.format}. Convert the file to CSV.`,
      'format',
    );
  }
  const delimiter = guess.delimiter as Delimiter;
  const quoting = guess.quoting as Quoting;
  const sample = firstRecords(head, { delimiter, quoting, fileName }, 300);
  const hasHeader = headerFlag(reading) ?? detectHeader(sample.map((r) => r.fields));
  let names: string[] | null = null;
  let picks: number[] = [];
  const out = options.columns.map(() => new Growable());
  let rows = 0;
  const onRecord = (raw: string[], line: number): void => {
    if (isBlankRecord(raw)) return;
    const fields = normalise === null || (names === null && hasHeader) ? raw : normalise(raw);
    if (names === null) {
      names = hasHeader ? headerNames(fields) : fields.map((_, c) => `column ${c + 1}`);
      const all = names;
      picks = options.columns.map((name) => {
        const i = all.indexOf(name);
        if (i === -1) {
          throw new DatasetError(
            `'${fileName}': the column must be one of ${all.map((c) => `'${c}'`).join(', ')}, got '${name}'. Choose an existing column.`,
            'format',
          );
        }
        return i;
      });
      if (hasHeader) return;
    }
    const row = withoutTrailingBlank(fields, names.length);
    if (row.length !== names.length) {
      throw new DatasetError(
        `'${fileName}' line ${line}: the row must have ${names.length} fields like the header, got ${row.length}. Check the delimiter and quoting, or fix the line.`,
        'ragged',
      );
    }
    picks.forEach((c, k) => {
      const raw = fields[c] as string;
      const v = isMissing(raw) ? Number.NaN : parseNumber(raw);
      if (Number.isNaN(v) && isMissing(raw)) {
        (out[k] as Growable).push(v);
        return;
      }
      if (Number.isNaN(v)) {
        throw new DatasetError(
          `'${fileName}' line ${line}, column '${options.columns[k]}': '${raw}' is not a number, but the column must be numeric. Fix the value, leave it empty to mark it missing, or choose another column.`,
          'not-numeric',
          {
            key: 'not-numeric',
            params: { file: fileName, line, column: options.columns[k] ?? '', value: raw },
          },
        );
      }
      (out[k] as Growable).push(v);
    });
    rows++;
  };
  const parser = new DelimitedParser({ delimiter, quoting, fileName, onRecord });
  parser.push(opened.head);
  for await (const text of opened.rest) {
    parser.push(text);
    options.onProgress?.({
      bytesRead: opened.bytesRead(),
      records: rows,
      ...(options.totalBytes !== undefined ? { totalBytes: options.totalBytes } : {}),
    });
  }
  parser.end();
  out.forEach((g, k) => {
    if (!g.data.subarray(0, g.length).some((v) => !Number.isNaN(v))) {
      throw new DatasetError(
        `'${fileName}', column '${options.columns[k]}': every value is missing (${rows} rows). Choose another column or fill it in.`,
        'all-missing',
        {
          key: 'all-missing',
          params: { file: fileName, column: options.columns[k] ?? '', rows },
        },
      );
    }
  });
  return { columns: [...options.columns], values: out.map((g) => g.data.slice(0, g.length)), rows };
}
