/** Tests of the reading flags: parsed into one ReadOptions record, repeated --missing joined, bad values named. */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args.ts';
import { READING_FLAGS, READING_VALUES, readingFromArgs } from './readingFlags.ts';

const read = (argv: string[]) =>
  readingFromArgs(parseArgs(argv, { values: READING_VALUES, flags: READING_FLAGS }));

describe('readingFromArgs', () => {
  it('is empty when no reading flag is given (everything is guessed)', () => {
    expect(read([])).toEqual({});
  });

  it('maps every flag onto its option', () => {
    expect(
      read([
        '--header=yes',
        '--delimiter',
        'tab',
        '--encoding',
        'EUC-KR',
        '--decimal',
        ',',
        '--thousands',
        'space',
        '--missing',
        '-999',
        '--missing',
        'NA, n/a',
        '--date-order',
        'dmy',
        '--sheet',
        'Data 2024',
        '--json-path',
        'data.rows',
        '--format',
        'csv',
      ]),
    ).toEqual({
      header: 'yes',
      delimiter: '\t',
      encoding: 'euc-kr',
      decimal: ',',
      thousands: ' ',
      missingCodes: ['-999', 'NA', 'n/a'],
      dateOrder: 'dmy',
      sheet: 'Data 2024',
      jsonPath: 'data.rows',
      format: 'csv',
    });
    expect(read(['--thousands', 'none'])).toEqual({ thousands: '' });
  });

  it('reads the quoting, header rows, --no-header, Excel serial dates and CoNLL columns (counted from 1)', () => {
    expect(read(['--quoting', 'none', '--header-rows', '2'])).toEqual({
      quoting: 'none',
      headerRows: 2,
    });
    expect(read(['--no-header'])).toEqual({ header: 'no' });
    expect(read(['--serial-dates', 'none'])).toEqual({ serialDates: 'none' });
    expect(read(['--serial-dates', 'excel'])).toEqual({ serialDates: 'excel' });
    expect(read(['--token-column', '2', '--tag-column', '4', '--comment-prefix', '%'])).toEqual({
      conll: { tokenColumn: 1, tagColumn: 3, commentPrefix: '%' },
    });
    expect(() => read(['--tag-column', '0', '--token-column', '1'])).toThrow(
      new UsageError("Option '--tag-column' must be a column number from 1 to 51, got '0'."),
    );
    expect(() => read(['--header-rows', '9'])).toThrow(
      new UsageError("Option '--header-rows' must be a whole number from 1 to 5, got '9'."),
    );
  });

  it('names the option and what it must be for a bad value', () => {
    const cases: [string[], string][] = [
      [['--header', 'maybe'], "Option '--header' must be 'yes', 'no', got 'maybe'."],
      [['--decimal', ';'], "Option '--decimal' must be '.', ',', got ';'."],
      [
        ['--delimiter', 'ab'],
        "Option '--delimiter' must be one character (',', ';', '|' or 'tab'), got 'ab'.",
      ],
      [['--date-order', 'ydm'], "Option '--date-order' must be 'ymd', 'dmy', 'mdy', got 'ydm'."],
      [
        ['--serial-dates', 'lotus'],
        "Option '--serial-dates' must be 'excel', 'none', got 'lotus'.",
      ],
      [
        ['--encoding', 'klingon'],
        "Option '--encoding' must be a name such as utf-8, cp949, windows-1252, shift_jis or gb18030, got 'klingon'.",
      ],
    ];
    for (const [argv, message] of cases) {
      expect(() => read(argv)).toThrow(new UsageError(message));
    }
    expect(() => read(['--format', 'docx'])).toThrow(/^Option '--format' must be .*got 'docx'\.$/);
  });
});
