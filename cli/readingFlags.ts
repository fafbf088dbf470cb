/** The reading-option flags every command that reads a data file takes (--header, --delimiter, --quoting, --encoding, --decimal, --thousands, --missing, --date-order, --serial-dates, --sheet, --json-path, --format, the CoNLL columns), parsed into one ReadOptions record. */
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
  'serial-dates',
  'sheet',
  'json-path',
  'format',
  'quoting',
  'header-rows',
  'token-column',
  'tag-column',
  'comment-prefix',
] as const;

/** The reading flags without a value, to add to a command's parser. */
export const READING_FLAGS = ['no-header'] as const;

/** The usage lines shared by inspect, train, eval, predict and convert. */
export const READING_USAGE = `Reading (each left out is guessed from the file, as 'rnn-studio inspect' shows):
  --header yes|no (--no-header)  --header-rows N  --delimiter ','|';'|tab|'|'|<char>  --quoting double|none
  --encoding utf-8|cp949|utf-16le|…  --decimal .|,  --thousands none|,|.|space|"'"
  --missing CODE (repeat, or a,b,c)  --date-order ymd|dmy|mdy  --serial-dates excel|none (numbers as Excel dates)
  --format csv|tsv|jsonl|json|conllu|conll|text|xlsx|parquet  --sheet NAME  --json-path items.rows
  CoNLL-like files: --token-column N --tag-column N (counted from 1) [--comment-prefix '%']
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

function columnOf(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 51) {
    throw new UsageError(
      `Option '--${name}' must be a column number from 1 to 51, got '${value}'.`,
    );
  }
  return n - 1;
}

/** The header options: `--header`, `--no-header` (short for `--header no`) and `--header-rows`. */
function headerOptions(get: (name: string) => string | undefined, args: ParsedArgs): ReadOptions {
  const out: ReadOptions = {};
  const header = get('header');
  if (header !== undefined && args.options.has('no-header')) {
    throw new UsageError("Options '--header' and '--no-header' exclude each other.");
  }
  if (header !== undefined) out.header = oneOf('header', header, ['yes', 'no'] as const);
  if (args.options.has('no-header')) out.header = 'no';
  const rows = get('header-rows');
  if (rows !== undefined) {
    const n = Number(rows);
    if (!Number.isInteger(n) || n < 1 || n > 5) {
      throw new UsageError(
        `Option '--header-rows' must be a whole number from 1 to 5, got '${rows}'.`,
      );
    }
    out.headerRows = n;
  }
  return out;
}

/** The CoNLL columns: `--token-column` and `--tag-column` (1-based, both or neither) and `--comment-prefix`. */
function conllOptions(get: (name: string) => string | undefined): ReadOptions {
  const token = get('token-column');
  const tag = get('tag-column');
  const prefix = get('comment-prefix');
  if (token === undefined && tag === undefined && prefix === undefined) return {};
  if (token === undefined || tag === undefined) {
    throw new UsageError(
      "Options '--token-column' and '--tag-column' must be given together (with '--comment-prefix' too).",
    );
  }
  return {
    conll: {
      tokenColumn: columnOf('token-column', token),
      tagColumn: columnOf('tag-column', tag),
      ...(prefix !== undefined ? { commentPrefix: prefix } : {}),
    },
  };
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
  const out: ReadOptions = { ...headerOptions(get, args), ...conllOptions(get) };
  const quoting = get('quoting');
  if (quoting !== undefined) out.quoting = oneOf('quoting', quoting, ['double', 'none'] as const);
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
  const serialDates = get('serial-dates');
  if (serialDates !== undefined) {
    out.serialDates = oneOf('serial-dates', serialDates, ['excel', 'none'] as const);
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
