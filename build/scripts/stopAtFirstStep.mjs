// Preload for profiling preparation (issue 18): ends `rnn-studio train --json` at its first
// training-progress line, printing the seconds since start, the CPU time and the RSS to stderr, so a CPU profile
// (`--cpu-prof`, written on exit) covers reading, splitting, tokenizing and the first step only.
// Run: node --cpu-prof --cpu-prof-dir=prof --import ./build/scripts/stopAtFirstStep.mjs \
//        bin/rnn-studio.js train --task forecast --data big.csv --out /tmp/m.rnnmodel --json …

import { performance } from 'node:perf_hooks';

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (String(chunk).includes('"training-progress"')) {
    const seconds = (performance.now() / 1000).toFixed(2);
    // NOTE: CPU time of all threads: on a loaded machine it compares builds where wall time cannot.
    const { user, system } = process.cpuUsage();
    const cpu = ((user + system) / 1e6).toFixed(2);
    const mib = (process.memoryUsage.rss() / 1048576).toFixed(0);
    process.stderr.write(`first step after ${seconds} s (CPU ${cpu} s), RSS ${mib} MiB\n`);
    process.exit(0);
  }
  return write(chunk, ...rest);
};
