// One plain streaming parse of a benchmark file, the floor any reader pays: decoded in 4 MiB
// chunks and split into records (CSV) or lines (CoNLL), nothing kept. Shared by benchScale.mjs
// (wall time) and plainParseCpu.mjs (CPU time in its own process).

import { createReadStream } from 'node:fs';
import { DelimitedParser } from '../../core/data/delimited.ts';
import { LineSplitter } from '../../core/data/recordStream.ts';

/** Parses the file at `path` as `task`'s benchmark files are written; returns the record count. */
export async function plainParse(path, task) {
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
  return records;
}
