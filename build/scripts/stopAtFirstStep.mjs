// Preload for profiling preparation (issue 18): ends `rnn-studio train --json` at its first
// training-progress line, printing the seconds since start, the CPU time (all threads, and the main
// thread's alone on Linux) and the RSS to stderr, so a CPU profile
// (`--cpu-prof`, written on exit) covers reading, splitting, tokenizing and the first step only.
// Run: node --cpu-prof --cpu-prof-dir=prof --import ./build/scripts/stopAtFirstStep.mjs \
//        bin/rnn-studio.js train --task forecast --data big.csv --out /tmp/m.rnnmodel --json …

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The main thread's CPU seconds (Linux: /proc/self/task/<pid>/stat, utime + stime in ticks of 10 ms); null elsewhere. */
function mainThreadCpu() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (String(chunk).includes('"training-progress"')) {
    const seconds = (performance.now() / 1000).toFixed(2);
    // NOTE: CPU time of all threads: on a loaded machine it compares builds where wall time cannot.
    const { user, system } = process.cpuUsage();
    const cpu = ((user + system) / 1e6).toFixed(2);
    const mib = (process.memoryUsage.rss() / 1048576).toFixed(0);
    // NOTE: the rest of the CPU is V8's compiler and GC threads, libuv's pool and the kernels' helper.
    const main = mainThreadCpu();
    const split = main === null ? '' : `; main thread ${main.toFixed(2)} s`;
    process.stderr.write(`first step after ${seconds} s (CPU ${cpu} s), RSS ${mib} MiB${split}\n`);
    process.exit(0);
  }
  return write(chunk, ...rest);
};
