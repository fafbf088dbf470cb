/** How a data file is read: the one record inspection proposes, the user edits, and every reader applies. */
import { z } from 'zod';

/**
 * Reading options. Every field is optional: a missing field means "decide from the file" (the
 * inspection's guess), a present one is the user's (or a saved run's) decision and is never
 * redone. The same record travels in the run spec (`data.reading`), the project, the model bundle
 * and the PyTorch export, so the trainer, `eval` and `predict` read the file exactly as the
 * Data section showed it.
 */
export const readOptionsSchema = z
  .object({
    /** File format; `xlsx` and `parquet` are binary, the rest text. */
    format: z
      .enum([
        'csv',
        'tsv',
        'jsonl',
        'json',
        'conllu',
        'conll',
        'text',
        'dialog-yaml',
        'xlsx',
        'parquet',
      ])
      .optional(),
    /** Text encoding, a WHATWG label `TextDecoder` knows (`utf-8`, `windows-1252`, `shift_jis`, `cp949`…). */
    encoding: z.string().min(1).max(40).optional(),
    /** CSV/TSV: the field separator (one character). */
    delimiter: z.string().length(1).optional(),
    /** CSV/TSV: RFC 4180 double quotes, or no quoting. */
    quoting: z.enum(['double', 'none']).optional(),
    /** Whether the first row(s) name the columns. */
    header: z.enum(['yes', 'no']).optional(),
    /** With `header: 'yes'`: how many rows form the header (two-row headers are joined with a space). */
    headerRows: z.number().int().min(1).max(5).optional(),
    /** Decimal separator of numbers (`3,14` with `,`). */
    decimal: z.enum(['.', ',']).optional(),
    /** Thousands separator of numbers (`1.234.567,5` with `.`), or `''` for none. */
    thousands: z.enum(['', ',', '.', ' ', "'"]).optional(),
    /** Cell values that mean "missing" (e.g. `-999`, `NA`), in addition to empty cells. */
    missingCodes: z.array(z.string().max(40)).max(20).optional(),
    /** How date cells are written when it cannot be told from the data. */
    dateOrder: z.enum(['ymd', 'dmy', 'mdy']).optional(),
    /** Numbers in date columns: Excel serial days (`43831` = 2020-01-01), or plain numbers (`none`). */
    serialDates: z.enum(['excel', 'none']).optional(),
    /** Spreadsheets: the sheet to read (by name). */
    sheet: z.string().min(1).max(200).optional(),
    /** JSON: the dotted path of the array of records (`items`, `data.rows`); empty for a top-level array. */
    jsonPath: z.string().max(200).optional(),
    /** CoNLL-like files: 0-based column of the token and of the tag, and the comment prefix. */
    conll: z
      .object({
        tokenColumn: z.number().int().min(0).max(50),
        tagColumn: z.number().int().min(0).max(50),
        commentPrefix: z.string().max(4).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ReadOptions = z.infer<typeof readOptionsSchema>;

/** Options that change nothing: every decision is left to inspection. */
export const AUTO_READ_OPTIONS: ReadOptions = Object.freeze({});
