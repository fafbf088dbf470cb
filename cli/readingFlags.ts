/** The reading-option flags every command that reads a data file takes (--header, --delimiter, --encoding, --decimal, --thousands, --missing, --date-order, --sheet, --json-path, --format), parsed into one ReadOptions record. */
import { parseEncodingName } from '../core/data/encoding.ts';
import { type ReadOptions, readOptionsSchema } from '../core/data/readOptions.ts';
import { type ParsedArgs, UsageError } from './args.ts';

/** The value options to add to a command's parser. */
export const READING_VALUES = [
  'header',
  'delimiter',
  'encoding',
  'decimal',
  'thousands',
  'missing',
  'date-order',
  'sheet',
  'json-path',
  'format',
] as const;

/** The usage lines shared by inspect, train, eval, predict and convert. */
export const READING_USAGE = `Reading (each left out is guessed from the file, as 'rnn-studio inspect' shows):
  --header yes|no  --delimiter ','|';'|tab|'|'|<char>  --encoding utf-8|cp949|utf-16le|…
  --decimal .|,  --thousands none|,|.|space|"'"  --missing CODE (repeat, or a,b,c)  --date-order ymd|dmy|mdy
  --format csv|tsv|jsonl|json|conllu|conll|text|xlsx|parquet  --sheet NAME  --json-path items.rows
`;

const THOUSANDS: Record<string, NonNullable<ReadOptions['thousands']>> = {
  none: '',
  '': '',
  ',': ',',
  '.': '.',
  space: ' ',
  ' ': ' ',
  "'": "'",
};

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(
      `Option '--${name}' must be ${allowed.map((a) => `'${a}'`).join(', ')}, got '${value}'.`,
    );
  }
  return value as T;
}

function delimiterOf(value: string): string {
  const d = value === 'tab' || value === '\\t' ? '\t' : value;
  if ([...d].length !== 1 || /["\r\n]/.test(d)) {
    throw new UsageError(
      `Option '--delimiter' must be one character (',', ';', '|' or 'tab'), got '${value}'.`,
    );
  }
  return d;
}

function encodingOf(value: string): string {
  try {
    parseEncodingName(value);
  } catch (err) {
    throw new UsageError(
      (err as Error).message.replace(/^Encoding: the encoding/, "Option '--encoding'"),
    );
  }
  return value.trim().toLowerCase();
}

/**
 * The reading options given on the command line (only those present).
 * @throws UsageError naming the option and what it must be.
 */
export function readingFromArgs(args: ParsedArgs): ReadOptions {
  const get = (name: string): string | undefined => {
    const v = args.options.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const out: ReadOptions = {};
  const header = get('header');
  if (header !== undefined) out.header = oneOf('header', header, ['yes', 'no'] as const);
  const delimiter = get('delimiter');
  if (delimiter !== undefined) out.delimiter = delimiterOf(delimiter);
  const encoding = get('encoding');
  if (encoding !== undefined) out.encoding = encodingOf(encoding);
  const decimal = get('decimal');
  if (decimal !== undefined) out.decimal = oneOf('decimal', decimal, ['.', ','] as const);
  const thousands = get('thousands');
  if (thousands !== undefined) {
    const t = THOUSANDS[thousands];
    if (t === undefined) {
      throw new UsageError(
        `Option '--thousands' must be 'none', ',', '.', 'space' or "'", got '${thousands}'.`,
      );
    }
    out.thousands = t;
  }
  const missing = (args.all.get('missing') ?? []).flatMap((v) => v.split(','));
  if (missing.length > 0) out.missingCodes = missing.map((c) => c.trim()).filter((c) => c !== '');
  const dateOrder = get('date-order');
  if (dateOrder !== undefined) {
    out.dateOrder = oneOf('date-order', dateOrder, ['ymd', 'dmy', 'mdy'] as const);
  }
  const sheet = get('sheet');
  if (sheet !== undefined) out.sheet = sheet;
  const jsonPath = get('json-path');
  if (jsonPath !== undefined) out.jsonPath = jsonPath;
  const format = get('format');
  if (format !== undefined) {
    out.format = oneOf('format', format, readOptionsSchema.shape.format.unwrap().options);
  }
  const checked = readOptionsSchema.safeParse(out);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UsageError(
      `Reading options: '${String(issue?.path.join('.'))}' ${issue?.message ?? 'is invalid'}.`,
    );
  }
  return checked.data;
}
