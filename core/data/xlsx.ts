/** Excel workbooks (.xlsx) through SheetJS CE (@e965/xlsx): sheet choice, typed date cells, rows as text cells. */
import type * as SheetJs from '@e965/xlsx';
import { DatasetError } from '../errors.ts';

let sheetJs: typeof SheetJs | null = null;

/**
 * Loads SheetJS, 600 KB of JavaScript, on first need rather than in every process that might
 * read a workbook (every CLI command parsed it at start); {@link readSheetRows} needs it loaded.
 */
export async function loadSheetReader(): Promise<void> {
  sheetJs ??= await import('@e965/xlsx');
}

function loadedSheetJs(): typeof SheetJs {
  if (sheetJs === null) {
    throw new Error(
      'readSheetRows: SheetJS must be loaded first (await loadSheetReader()), got none.',
    );
  }
  return sheetJs;
}

/** Cells a workbook may hold across its chosen sheet before it is refused (memory bound). */
export const MAX_SHEET_CELLS = 20_000_000;

/** True when `head` starts like a ZIP archive (an .xlsx workbook is one). */
export function looksLikeZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** One sheet of a workbook as rows of text cells. */
export interface SheetRows {
  /** The sheet read. */
  sheet: string;
  /** Every sheet in the workbook, in order. */
  sheets: string[];
  /** Rows as strings (dates as ISO text), padded to the widest row; all-blank rows left out. */
  rows: string[][];
  /** 1-based spreadsheet row number of each row, for messages. */
  lines: number[];
}

/** The sheet with the largest used range (a workbook often opens on a notes or chart sheet). */
function largestSheet(book: SheetJs.WorkBook): string | undefined {
  let best: string | undefined;
  let most = -1;
  for (const name of book.SheetNames) {
    const ref = book.Sheets[name]?.['!ref'];
    if (ref === undefined) continue;
    const r = loadedSheetJs().utils.decode_range(ref);
    const cells = (r.e.r - r.s.r + 1) * (r.e.c - r.s.c + 1);
    if (cells > most) [best, most] = [name, cells];
  }
  return best ?? book.SheetNames[0];
}

/** A cell as text: dates in ISO form (a date alone when it has no time of day), numbers as JS writes them. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', '');
  }
  return String(value);
}

/**
 * Reads one sheet of an .xlsx workbook (the named one, else the one with the largest used range)
 * into text rows. Date cells
 * come typed from the workbook and are written as ISO dates; formulas give their cached values.
 * SheetJS must be loaded ({@link loadSheetReader}); inspecting or reading a workbook loads it.
 * @throws DatasetError ('format') for a file that is not a workbook or a sheet that does not exist,
 *   ('too-large') for a sheet of more than {@link MAX_SHEET_CELLS} cells; Error before SheetJS is loaded.
 */
export function readSheetRows(
  bytes: Uint8Array,
  options: { fileName: string; sheet?: string | undefined },
): SheetRows {
  const { fileName } = options;
  const { read, utils } = loadedSheetJs();
  let book: SheetJs.WorkBook;
  try {
    // NOTE: UTC so that a date cell reads the same in every time zone (Electron, browsers, CI).
    book = read(bytes, { type: 'array', cellDates: true, dense: true, UTC: true });
  } catch (err) {
    // NOTE: the reader's own reason ('Unsupported ZIP file') helps no user; it stays in the cause.
    throw new DatasetError(
      `'${fileName}': the file is not a readable Excel workbook. Save it again as .xlsx or as CSV.`,
      'format',
      { key: 'unreadable-workbook', params: { file: fileName } },
      { cause: err },
    );
  }
  const sheets = book.SheetNames;
  const sheet = options.sheet ?? largestSheet(book);
  const ws = sheet === undefined ? undefined : book.Sheets[sheet];
  if (sheet === undefined || ws === undefined) {
    throw new DatasetError(
      `'${fileName}': the sheet must be one of ${sheets.map((s) => `'${s}'`).join(', ')}, got '${sheet ?? ''}'. Choose a sheet of the workbook.`,
      'format',
    );
  }
  const range = utils.decode_range(ws['!ref'] ?? 'A1:A1');
  const cells = (range.e.r - range.s.r + 1) * (range.e.c - range.s.c + 1);
  if (cells > MAX_SHEET_CELLS) {
    throw new DatasetError(
      `'${fileName}', sheet '${sheet}': ${cells} cells is more than ${MAX_SHEET_CELLS} can be read at once. Save the sheet as CSV, which is read as a stream.`,
      'too-large',
    );
  }
  const raw = utils.sheet_to_json<unknown[]>(ws, {
    header: 1,
    raw: true,
    defval: '',
    blankrows: true,
  });
  const width = raw.reduce((w, r) => Math.max(w, r.length), 0);
  const rows: string[][] = [];
  const lines: number[] = [];
  raw.forEach((r, i) => {
    const cells = Array.from({ length: width }, (_, c) => cellText(r[c]));
    if (cells.every((c) => c.trim() === '')) return;
    rows.push(cells);
    lines.push(range.s.r + i + 1);
  });
  return { sheet, sheets, rows, lines };
}
