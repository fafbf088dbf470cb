/** Writes a table as RFC 4180 CSV (comma, double quotes, CRLF-free LF lines): what `rnn-studio convert --to csv` produces and Python's csv module reads. */
import type { Table } from './table.ts';

function field(value: string): string {
  return /[",\n\r]/.test(value) || value !== value.trim()
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** The table as CSV text: a header row of its column names, then one line per row. */
export function tableToCsv(table: Pick<Table, 'columns' | 'rows'>): string {
  const lines = [table.columns, ...table.rows].map((r) => r.map(field).join(','));
  return `${lines.join('\n')}\n`;
}
