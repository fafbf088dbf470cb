// Times one of W1–W4 in a built web edition's trainer worker (headless Chromium) and prints its
// median ms per step and Chromium's CPU ms per step (all the processes of the Chromium it starts,
// from /proc), optionally with a CPU profile of the worker's thread (DevTools protocol
// `Profiler` on the worker target).
// Builds of two revisions compared back to back on a busy machine: compare the CPU figures.
// Run: node --import tsx build/scripts/profileAppWorker.mjs --web-dir DIR [--workload W2]
//        [--steps 20] [--profile worker.cpuprofile]
// DIR: a web edition built as `npm run web` does; for readable profiles build it unminified
// (vite build with `build.minify: false`).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { trainerWorkerPath } from '../../bench/appBench.ts';
import { WORKLOAD_NAMES } from '../../bench/workloads.ts';
import { startStaticServer } from './serveStatic.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

const webDir = option('web-dir', undefined);
const workload = option('workload', 'W2');
const steps = Number(option('steps', '20'));
const profileFile = option('profile', undefined);
if (webDir === undefined)
  throw new Error('profileAppWorker: --web-dir must name a built web edition, got none.');
if (!WORKLOAD_NAMES.includes(workload)) {
  throw new Error(
    `profileAppWorker: --workload must be one of ${WORKLOAD_NAMES.join(', ')}, got '${workload}'.`,
  );
}
if (!Number.isInteger(steps) || steps < 1) {
  throw new Error(`profileAppWorker: --steps must be an integer ≥ 1, got '${option('steps')}'.`);
}

/** The parent pid of a process (Linux /proc), or 0 when it has ended. */
function parentPid(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  } catch {
    return 0;
  }
}

/**
 * CPU milliseconds (user + system) so far of the Chromium processes this script started (Linux
 * /proc, 10 ms ticks): other Chromiums on a shared machine (others' end-to-end tests) not counted.
 */
function chromiumCpuMs() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'chromium') continue;
      let ancestor = parentPid(pid);
      while (ancestor > 1 && ancestor !== process.pid) ancestor = parentPid(ancestor);
      if (ancestor !== process.pid) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks * 10;
}

/** Sends DevTools commands to the worker through the page's session (non-flattened target). */
function workerChannel(cdp) {
  let nextId = 1;
  let sessionId = null;
  const pending = new Map();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  const attached = new Promise((resolve) => {
    cdp.on('Target.attachedToTarget', (event) => {
      // NOTE: the app's page starts its own trainer worker too: the bench's is the one named so.
      const info = event.targetInfo;
      if (info.type === 'worker' && info.title === 'bench-trainer' && sessionId === null) {
        sessionId = event.sessionId;
        resolve();
      }
    });
  });
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  return { attached, send };
}

const server = await startStaticServer({ root: webDir, host: '127.0.0.1', port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  const cdp = await page.context().newCDPSession(page);
  const worker = workerChannel(cdp);
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  await page.evaluate(
    (path) => {
      const w = new Worker(path, { type: 'module', name: 'bench-trainer' });
      window.benchRequest = (request) =>
        new Promise((resolve) => {
          w.addEventListener('message', (event) => {
            if (event.data?.id === request.id) resolve(event.data);
          });
          w.postMessage(request);
        });
    },
    await trainerWorkerPath(webDir),
  );
  await worker.attached;
  const request = (id, n, warmup) =>
    page.evaluate((r) => window.benchRequest(r), {
      type: 'bench-workload',
      id,
      workload,
      steps: n,
      warmup,
    });
  // NOTE: enabled before the worker's first run: enabled later, the profile held idle samples only.
  if (profileFile !== undefined) await worker.send('Profiler.enable');
  // A short untimed run first: the kernels' helper thread and the JIT are warm when timing starts.
  await request(1, 2, 1);
  if (profileFile !== undefined) {
    await worker.send('Profiler.setSamplingInterval', { interval: 500 });
    await worker.send('Profiler.start');
  }
  const cpuBefore = chromiumCpuMs();
  const reply = await request(2, steps, 3);
  const cpuMsPerStep = (chromiumCpuMs() - cpuBefore) / (steps + 3);
  if (reply.type !== 'bench-workload-result') {
    throw new Error(`profileAppWorker: the worker failed on ${workload}: ${reply.message}`);
  }
  if (profileFile !== undefined) {
    const stopped = await worker.send('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(stopped.result.profile));
  }
  const r = reply.result;
  process.stdout.write(
    `${JSON.stringify({ workload, msPerStep: r.msPerStep, cpuMsPerStep, threads: r.threads, variant: r.variant })}\n`,
  );
} finally {
  await browser.close();
  await server.close();
}
