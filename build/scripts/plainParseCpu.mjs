// One plain streaming parse of a file, as benchScale.mjs's: decoded in 4 MiB chunks and split into
// records (CSV) or lines (CoNLL), nothing kept; prints the parse's own CPU time to stderr.
// Run: node --import tsx build/scripts/plainParseCpu.mjs classify|forecast|tag <file>

import { createReadStream } from 'node:fs';
import { DelimitedParser } from '../../core/data/delimited.ts';
import { LineSplitter } from '../../core/data/recordStream.ts';

const [task, path] = process.argv.slice(2);
const start = process.cpuUsage();
const decoder = new TextDecoder();
let records = 0;
const sink =
  task === 'tag'
    ? new LineSplitter(() => records++)
    : new DelimitedParser({
        delimiter: ',',
        quoting: 'double',
        fileName: path,
        onRecord: () => records++,
      });
for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }))
  sink.push(decoder.decode(chunk, { stream: true }));
sink.end();
const { user, system } = process.cpuUsage(start);
process.stderr.write(`${records} records, CPU ${((user + system) / 1e6).toFixed(2)} s\n`);
