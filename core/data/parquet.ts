/** Parquet files through hyparquet: every row as a record of text cells (timestamps as ISO text). */
import { DatasetError } from '../errors.ts';

/** True when `head` starts with Parquet's magic bytes `PAR1`. */
export function looksLikeParquet(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

/** A Parquet value as a table cell: timestamps as ISO text, big integers in full, nested values as JSON. */
function cell(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Reads every row of a Parquet file as a record (column name → value).
 * @throws DatasetError ('format') for a file hyparquet cannot read, naming the file.
 */
export async function readParquetRecords(
  bytes: Uint8Array,
  fileName: string,
): Promise<Record<string, unknown>[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  // NOTE: loaded on first need, as most files are no Parquet (it was parsed at every CLI start).
  const { parquetReadObjects } = await import('hyparquet');
  let rows: Record<string, unknown>[];
  try {
    rows = (await parquetReadObjects({ file: file as ArrayBuffer })) as Record<string, unknown>[];
  } catch (err) {
    // NOTE: the reader's own reason helps no user; it stays in the cause.
    throw new DatasetError(
      `'${fileName}': the file is not a readable Parquet file. Save the data again as Parquet or as CSV.`,
      'format',
      { key: 'unreadable-parquet', params: { file: fileName } },
      { cause: err },
    );
  }
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)])));
}
