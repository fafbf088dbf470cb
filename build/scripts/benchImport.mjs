// Import benchmark: generates a 200 MB CSV in a temp folder, streams it through the real importer
// (core/data inspectStream), records time and peak RSS, checks cancellation, and writes the
// results into docs/data-import.md. Run: node --import tsx build/scripts/benchImport.mjs [--mb N]
// With --shapes it measures awkward shapes instead: a 10 MB CSV with a million columns (peak RSS
// and the size of the JSON `rnn-studio inspect --json` prints) and JSON lines with a new key on
// every line at 20,000 and 80,000 lines (time must grow linearly).

import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inspectStream } from '../../core/data/inspect.ts';
import { streamNumericColumns } from '../../core/data/streamColumns.ts';

const root = join(import.meta.dirname, '..', '..');
const mbArg = process.argv.indexOf('--mb');
const targetBytes = (mbArg === -1 ? 200 : Number(process.argv[mbArg + 1])) * 1024 * 1024;
const docPath = join(root, 'docs', 'data-import.md');

/** Writes a daily OHLCV-like CSV with a quoted free-text column until `targetBytes`. */
async function generate(path) {
  const out = createWriteStream(path);
  out.write('date,symbol,open,high,low,close,volume,note\n');
  let bytes = 0;
  let rows = 0;
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const symbols = ['AAA', 'BBB', 'CCC', '삼성', 'LG'];
  let minute = Date.UTC(2000, 0, 1);
  let price = 100;
  while (bytes < targetBytes) {
    let chunk = '';
    for (let i = 0; i < 2000; i++) {
      minute += 60_000;
      price = Math.max(1, price * (1 + (rand() - 0.5) * 0.02));
      const d = new Date(minute).toISOString().slice(0, 16).replace('T', ' ');
      const note =
        rows % 7 === 0
          ? `"quoted, with ""quotes""\nand a newline"`
          : rows % 11 === 0
            ? ''
            : 'plain note';
      const missing = rows % 997 === 0;
      chunk += `${d},${symbols[rows % 5]},${price.toFixed(4)},${(price * 1.01).toFixed(4)},${(price * 0.99).toFixed(4)},${missing ? '' : price.toFixed(4)},${Math.floor(rand() * 1e7)},${note}\n`;
      rows++;
    }
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

/** Streams `path` through inspectStream, sampling RSS every 20 ms. */
async function run(path, { abortAt } = {}) {
  const total = statSync(path).size;
  const controller = new AbortController();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  let progressEvents = 0;
  let abortedAt = null;
  const start = performance.now();
  try {
    const result = await inspectStream(createReadStream(path, { highWaterMark: 1 << 20 }), {
      fileName: 'bench.csv',
      totalBytes: total,
      signal: controller.signal,
      onProgress: (p) => {
        progressEvents++;
        peak = Math.max(peak, process.memoryUsage.rss());
        if (abortAt !== undefined && abortedAt === null && p.bytesRead >= total * abortAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    return { result, seconds: (performance.now() - start) / 1000, peak, progressEvents, total };
  } catch (err) {
    if (abortedAt === null) throw err;
    return {
      error: err,
      stopMs: performance.now() - abortedAt,
      seconds: (performance.now() - start) / 1000,
      peak,
      progressEvents,
      total,
    };
  } finally {
    clearInterval(timer);
  }
}

/** Replaces the text between `<!-- bench:NAME:start -->` and its end marker in docs/data-import.md. */
function writeSection(name, table) {
  const doc = readFileSync(docPath, 'utf8');
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a === -1 || b === -1) throw new Error(`${docPath} has no ${start} … ${end} section`);
  writeFileSync(docPath, `${doc.slice(0, a + start.length)}\n${table}\n${doc.slice(b)}`);
  console.log(`wrote ${docPath}`);
}

/** Inspects `path` (streamed), returning seconds, peak RSS and the printed JSON's size. */
async function measure(path, fileName) {
  if (global.gc) global.gc();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const start = performance.now();
  const result = await inspectStream(createReadStream(path, { highWaterMark: 1 << 20 }), {
    fileName,
    totalBytes: statSync(path).size,
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage.rss());
    },
  });
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { result, seconds, before, peak, json: JSON.stringify(result).length };
}

async function shapes() {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-bench-shapes-'));
  try {
    const wide = join(dir, 'wide.csv');
    const n = 1_000_000;
    const out = createWriteStream(wide);
    // NOTE: written in pieces so that the generator does not raise the RSS measured below.
    for (const cell of [(i) => `c${i}`, (i) => String(i % 10), (i) => String((i + 1) % 10)]) {
      for (let from = 0; from < n; from += 10_000) {
        const piece = Array.from({ length: 10_000 }, (_, k) => cell(from + k)).join(',');
        if (!out.write(`${from === 0 ? '' : ','}${piece}`)) await once(out, 'drain');
      }
      out.write('\n');
    }
    out.end();
    await once(out, 'finish');
    const w = await measure(wide, 'wide.csv');
    const mib = (b) => (b / 1048576).toFixed(0);
    console.log(
      `wide: ${(statSync(wide).size / 1048576).toFixed(1)} MiB, ${w.seconds.toFixed(1)} s, peak RSS ${mib(w.peak)} MiB, JSON ${(w.json / 1024).toFixed(0)} KiB`,
    );
    const jsonl = async (lines) => {
      const path = join(dir, `keys-${lines}.jsonl`);
      let text = '';
      for (let i = 0; i < lines; i++) text += `${JSON.stringify({ id: i, [`key${i}`]: i % 7 })}\n`;
      writeFileSync(path, text);
      return measure(path, 'keys.jsonl');
    };
    const small = await jsonl(20_000);
    const large = await jsonl(80_000);
    const ratio = large.seconds / small.seconds;
    console.log(
      `jsonl: 20k ${small.seconds.toFixed(2)} s, 80k ${large.seconds.toFixed(2)} s (×${ratio.toFixed(1)})`,
    );
    writeSection(
      'import-shapes',
      [
        '| measure | value |',
        '| --- | --- |',
        `| CSV with ${n.toLocaleString('en-US')} columns, 2 rows (${(statSync(wide).size / 1048576).toFixed(1)} MiB) | ${w.seconds.toFixed(1)} s; RSS ${mib(w.before)} MiB before, peak ${mib(w.peak)} MiB; ${w.result.columns.length} columns described ('columns-capped' note); \`inspect --json\` prints ${(w.json / 1024).toFixed(0)} KiB |`,
        `| JSON lines, a new key on every line: 20,000 lines | ${small.seconds.toFixed(2)} s, peak RSS ${mib(small.peak)} MiB |`,
        `| JSON lines, a new key on every line: 80,000 lines | ${large.seconds.toFixed(2)} s (×${ratio.toFixed(1)} for ×4 lines), peak RSS ${mib(large.peak)} MiB |`,
        `| machine | Node ${process.version}, ${process.platform} ${process.arch}; measured ${new Date().toISOString().slice(0, 10)} |`,
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--shapes')) {
  await shapes();
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'rnn-bench-import-'));
try {
  const path = join(dir, 'bench.csv');
  console.log(`generating ~${(targetBytes / 1048576).toFixed(0)} MB in ${dir} …`);
  const rows = await generate(path);
  if (global.gc) global.gc();
  const baseline = process.memoryUsage.rss();
  console.log(
    `generated ${rows} rows, ${(statSync(path).size / 1048576).toFixed(1)} MB; RSS before import ${(baseline / 1048576).toFixed(0)} MB`,
  );
  const full = await run(path);
  if (full.result.rows !== rows)
    throw new Error(`expected ${rows} rows, import counted ${full.result.rows}`);
  const mbps = full.total / 1048576 / full.seconds;
  console.log(
    `import: ${full.seconds.toFixed(1)} s (${mbps.toFixed(1)} MB/s), peak RSS ${(full.peak / 1048576).toFixed(0)} MB, ${full.progressEvents} progress events`,
  );
  let colPeak = process.memoryUsage.rss();
  const colTimer = setInterval(() => {
    colPeak = Math.max(colPeak, process.memoryUsage.rss());
  }, 20);
  const colStart = performance.now();
  const cols = await streamNumericColumns(createReadStream(path, { highWaterMark: 1 << 20 }), {
    fileName: 'bench.csv',
    columns: ['close', 'volume'],
  });
  const colSeconds = (performance.now() - colStart) / 1000;
  clearInterval(colTimer);
  if (cols.rows !== rows) throw new Error(`expected ${rows} rows, column import read ${cols.rows}`);
  console.log(
    `numeric columns: ${colSeconds.toFixed(1)} s, peak RSS ${(colPeak / 1048576).toFixed(0)} MB`,
  );
  const cancel = await run(path, { abortAt: 0.25 });
  console.log(
    `cancel at 25 %: ${cancel.error?.message} (stopped ${cancel.stopMs?.toFixed(0)} ms after abort)`,
  );
  const close = full.result.columns.find((c) => c.name === 'close');
  const table = [
    '| measure | value |',
    '| --- | --- |',
    `| file | ${(full.total / 1048576).toFixed(1)} MiB, ${rows.toLocaleString('en-US')} rows, 8 columns (minute timestamps; one quoted column with embedded newlines and quotes) |`,
    `| time (inspect: parse + type inference of every cell) | ${full.seconds.toFixed(1)} s (${mbps.toFixed(1)} MiB/s) |`,
    `| RSS before import | ${(baseline / 1048576).toFixed(0)} MiB |`,
    `| peak RSS during import | ${(full.peak / 1048576).toFixed(0)} MiB |`,
    `| progress events | ${full.progressEvents} |`,
    `| import of 'close' and 'volume' into Float32Arrays (streamNumericColumns) | ${colSeconds.toFixed(1)} s, peak RSS ${(colPeak / 1048576).toFixed(0)} MiB (the arrays hold ${((cols.rows * 2 * 4) / 1048576).toFixed(0)} MiB) |`,
    `| result | ${full.result.format}, ${full.result.rows} rows, suggested ${full.result.suggestedTask}, target '${full.result.roles.target}', close missing ${close?.missing ?? '?'} |`,
    `| cancel at 25 % | stopped ${cancel.stopMs?.toFixed(0)} ms after abort() with: ${cancel.error?.message} |`,
    `| machine | Node ${process.version}, ${process.platform} ${process.arch}; measured ${new Date().toISOString().slice(0, 10)} |`,
  ].join('\n');
  const doc = readFileSync(docPath, 'utf8');
  const start = '<!-- bench:import:start -->';
  const end = '<!-- bench:import:end -->';
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a === -1 || b === -1) throw new Error(`${docPath} has no ${start} … ${end} section`);
  writeFileSync(docPath, `${doc.slice(0, a + start.length)}\n${table}\n${doc.slice(b)}`);
  console.log(`wrote ${docPath}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
