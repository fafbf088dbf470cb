// One plain streaming parse of a file, as benchScale.mjs's: decoded in 4 MiB chunks and split into
// records (CSV) or lines (CoNLL), nothing kept; prints the parse's own CPU time to stderr.
// Run: node --import tsx build/scripts/plainParseCpu.mjs classify|forecast|tag <file>

import { plainParse } from './plainParse.mjs';

const [task, path] = process.argv.slice(2);
const start = process.cpuUsage();
const records = await plainParse(path, task);
const { user, system } = process.cpuUsage(start);
process.stderr.write(`${records} records, CPU ${((user + system) / 1e6).toFixed(2)} s\n`);
