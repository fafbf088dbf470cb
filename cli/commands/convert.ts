/** `rnn-studio convert <file> --to csv`: writes the table as the importer reads it (any format and reading options) as plain UTF-8 CSV with ISO-8601 dates and plain numbers, for tools that cannot read the original (the PyTorch export's data.py and xlsx or Parquet). */
import { tableToCsv } from '../../core/data/csvWriter.ts';
import { normaliseTable } from '../../core/data/normalisedTable.ts';
import type { ReadOptions } from '../../core/data/readOptions.ts';
import { readTable } from '../../core/data/table.ts';
import { type ParsedArgs, parseArgs, UsageError } from '../args.ts';
import { type CliIo, EXIT_BAD_ARGUMENTS, EXIT_OK } from '../io.ts';
import { READING_FLAGS, READING_USAGE, READING_VALUES, readingFromArgs } from '../readingFlags.ts';
import { readUserFile, reportUserError } from './eval.ts';

export const CONVERT_USAGE = `Usage: rnn-studio convert <file> --to csv [--out <file.csv>] [reading options]

Reads the file as 'rnn-studio inspect' does (with the options given) and writes its table as UTF-8
CSV: a header row with the column names the app uses, commas, double quotes where needed. Every
reading decision is applied to the cells: numbers are written with a decimal point and no grouping
(2,6 -> 2.6); dates the app understood (day-first or month-first as decided, dotted, named months,
offsets, Excel serial days) are written as ISO-8601 in UTC (2004-03-10, or 2004-03-10T18:00:00Z
with a time of day); missing codes and cells of a date column that are no date are empty. Time-of-day
and text columns are kept as written. Without --out, the CSV goes to stdout.
${READING_USAGE}`;

/** Runs `rnn-studio convert`: exit 0 with the CSV written, 1 for an unreadable file, 2 for bad arguments. */
export async function runConvert(argv: string[], io: CliIo): Promise<number> {
  let args: ParsedArgs;
  let reading: ReadOptions;
  try {
    args = parseArgs(argv, {
      values: ['to', 'out', ...READING_VALUES],
      flags: ['help', ...READING_FLAGS],
    });
    if (args.options.has('help')) {
      io.stdout(CONVERT_USAGE);
      return EXIT_OK;
    }
    if (args.positionals.length !== 1) {
      throw new UsageError(`Expected one file, got ${args.positionals.length}.`);
    }
    if (args.options.get('to') !== 'csv') {
      throw new UsageError(
        `Option '--to' must be 'csv', got '${String(args.options.get('to') ?? '')}'.`,
      );
    }
    reading = readingFromArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`rnn-studio convert: ${err.message}\n${CONVERT_USAGE}`);
    return EXIT_BAD_ARGUMENTS;
  }
  const path = args.positionals[0] as string;
  try {
    const bytes = await readUserFile(io, path);
    const { table, inspection } = await readTable(bytes, { fileName: path, reading });
    const csv = tableToCsv(normaliseTable(table, inspection));
    const out = args.options.get('out');
    if (typeof out === 'string') {
      await io.writeFileAtomic(out, csv);
      io.stderr(`${table.rows.length} rows, ${table.columns.length} columns written to ${out}\n`);
    } else {
      io.stdout(csv);
    }
    return EXIT_OK;
  } catch (err) {
    return reportUserError(io, 'convert', err);
  }
}
