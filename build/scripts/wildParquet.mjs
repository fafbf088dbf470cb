// Writes test/data/wild/nightingales-rose.parquet from the real nightingales-rose.csv with
// hyparquet-writer: the date column as a TIMESTAMP (milliseconds), the counts as INT32.
// Run: node build/scripts/wildParquet.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';

const dir = join(import.meta.dirname, '..', '..', 'test', 'data', 'wild');
const [header, ...lines] = readFileSync(join(dir, 'nightingales-rose.csv'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split(','));
const columnData = header.map((name, c) =>
  c === 0
    ? { name, data: lines.map((l) => new Date(l[c])), type: 'TIMESTAMP' }
    : { name, data: lines.map((l) => Number(l[c])), type: 'INT32' },
);
writeFileSync(
  join(dir, 'nightingales-rose.parquet'),
  Buffer.from(parquetWriteBuffer({ columnData })),
);
