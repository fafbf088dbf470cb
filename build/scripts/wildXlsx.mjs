// Writes test/data/wild/airquality-uci-head.xlsx from the real airquality-uci-head.csv with SheetJS
// CE (@e965/xlsx), as a spreadsheet program saves it: the day-first dates as Excel date serials
// with a date format, times as text, measurements as numbers, on a sheet named 'hourly' after a
// short first sheet 'notes' (so the sheet choice matters). Run: node build/scripts/wildXlsx.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { utils, write } from '@e965/xlsx';

const dir = join(import.meta.dirname, '..', '..', 'test', 'data', 'wild');
const [header, ...lines] = readFileSync(join(dir, 'airquality-uci-head.csv'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split(','));
const rows = lines.map(([date, time, ...values]) => {
  const [d, m, y] = date.split('/').map(Number);
  return [new Date(Date.UTC(y, m - 1, d)), time, ...values.map(Number)];
});
const book = utils.book_new();
utils.book_append_sheet(
  book,
  utils.aoa_to_sheet([['Measurements are on the sheet "hourly"']]),
  'notes',
);
const sheet = utils.aoa_to_sheet([header, ...rows], { UTC: true, dateNF: 'dd/mm/yyyy' });
utils.book_append_sheet(book, sheet, 'hourly');
writeFileSync(
  join(dir, 'airquality-uci-head.xlsx'),
  write(book, { type: 'buffer', bookType: 'xlsx' }),
);
