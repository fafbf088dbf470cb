// Benchmark (issue 18): the browser edition with big files. Generates a classify and a forecast
// CSV of the asked sizes (build/scripts/scaleShapes.mjs, the shapes of the CLI's benchScale.mjs),
// builds the web bundle, and in Debian's Chromium (playwright-core) loads each file in Data as a
// user would, trains it with a small model under a time limit and lets the final evaluation run.
// Reports, per file: the Data section's inspection time, time from Start to the first training
// step, steps per second, the run's outcome and total time, the peak resident memory of this
// browser's renderer process (which holds the page, the inspection and trainer workers) and of
// all its processes (from /proc, sampled every 250 ms; Chromium has no performance.memory in
// workers, so the worker's own heap is not reported).
// Run: node --import tsx build/scripts/benchWebScale.mjs [--sizes 200] [--tasks classify,forecast]
//      [--max-minutes 1] [--json]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { generateScaleFile } from './scaleShapes.mjs';
import { startStaticServer } from './serveStatic.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MB = 1024 * 1024;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const sizes = option('sizes', '200').split(',').map(Number);
const tasks = option('tasks', 'classify,forecast').split(',');
const maxMinutes = option('max-minutes', '1');
const asJson = process.argv.includes('--json');

/** The task radio's accessible name and the model sizes, per task. */
const FLOWS = {
  classify: { radio: /^Classify/, hidden: '64', embedding: '32' },
  forecast: { radio: /^Forecast/, hidden: '64' },
};

async function buildWeb() {
  const outDir = mkdtempSync(join(tmpdir(), 'rnn-studio-bench-webscale-'));
  process.env.NODE_ENV = 'production';
  await build({
    configFile: join(root, 'vite.web.config.ts'),
    root: join(root, 'renderer'),
    build: { outDir, emptyOutDir: true, sourcemap: false },
    logLevel: 'error',
  });
  return outDir;
}

/** `/proc/<pid>/status` fields in bytes (VmRSS, VmHWM), or null once the process is gone. */
function procMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) =>
      Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return null;
  }
}

/** The processes descending from `rootPid` (this browser's, not other Chromiums on the machine), with their type. */
function browserProcesses(rootPid) {
  const parent = new Map();
  const type = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      type.set(Number(entry), /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser');
    } catch {
      // The process ended while listed.
    }
  }
  const descends = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 8; p = parent.get(p) ?? 0, hops++) {
      if (p === rootPid) return true;
    }
    return false;
  };
  return [...parent.keys()].filter(descends).map((pid) => ({ pid, type: type.get(pid) }));
}

/** A switch Chromium ignores, naming this run's browser process among other Chromiums on the machine. */
const MARKER = `--rnn-studio-bench=${process.pid}-${Date.now()}`;

/** The pid of the browser process launched with {@link MARKER}. */
function browserPid() {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(MARKER)) {
        return Number(entry);
      }
    } catch {
      // The process ended while listed.
    }
  }
  throw new Error('benchWebScale: the browser process must be running, got none with the marker.');
}

/** Samples this browser's memory every 250 ms until stopped. */
function sampleMemory(browserPid) {
  const peak = { renderer: 0, all: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      let all = 0;
      for (const { pid, type } of browserProcesses(browserPid)) {
        const m = procMemory(pid);
        if (m === null) continue;
        all += m.rss;
        if (type === 'renderer') peak.renderer = Math.max(peak.renderer, m.rss, m.hwm);
      }
      peak.all = Math.max(peak.all, all);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return peak;
  };
}

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`benchWebScale: timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const steps = async (page) =>
  Number(
    (await page
      .getByTestId('train-charts')
      .getAttribute('data-steps')
      .catch(() => 0)) ?? 0,
  );
const runState = (page) =>
  page
    .getByTestId('run-state')
    .getAttribute('data-state')
    .catch(() => null);

/** Loads, trains and evaluates one file in a fresh page; returns its figures. */
async function runOne(browser, url, task, path) {
  const flow = FLOWS[task];
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1200, height: 800 },
  });
  const page = await context.newPage();
  await page.goto(url);
  await waitFor(
    'the trainer',
    async () => (await page.locator('.status-bar').getAttribute('data-tone')) !== 'pending',
    60_000,
  );
  const stop = sampleMemory(browserPid());
  const out = { task, fileMB: statSync(path).size / MB };
  try {
    let t = performance.now();
    await page.getByTestId('dataset-file-input').setInputFiles(path);
    await waitFor(
      'the inspection',
      async () => {
        if ((await page.getByTestId('import-error').count()) > 0) {
          throw new Error(
            `Data refused the file: ${await page.getByTestId('import-error').textContent()}`,
          );
        }
        return (await page.getByTestId('dataset-name').count()) > 0;
      },
      20 * 60_000,
    );
    out.inspectSeconds = (performance.now() - t) / 1000;
    await page.getByRole('radio', { name: flow.radio }).check();
    await page.getByTestId('next-model').click();
    if (flow.embedding !== undefined) await page.getByTestId('embedding-dim').fill(flow.embedding);
    await page.getByTestId('encoder-hidden').fill(flow.hidden);
    await page.getByTestId('next-train').click();
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-max-minutes').fill(maxMinutes);
    t = performance.now();
    await page.getByTestId('start-training').click();
    await waitFor(
      'the first step',
      async () => {
        if ((await runState(page)) === 'failed') return true;
        return (await steps(page)) > 0;
      },
      20 * 60_000,
    );
    out.firstStepSeconds = (performance.now() - t) / 1000;
    const firstAt = performance.now();
    let lastSteps = 0;
    let trainingSeconds = 0;
    await waitFor(
      'the run to end',
      async () => {
        const state = await runState(page);
        const now = await steps(page);
        if (now > lastSteps) {
          lastSteps = now;
          trainingSeconds = (performance.now() - firstAt) / 1000;
        }
        return ['finished', 'failed', 'stopped'].includes(state) ? state : false;
      },
      40 * 60_000,
    );
    out.outcome = await runState(page);
    if (out.outcome === 'failed')
      out.error = await page
        .locator('.notice')
        .first()
        .textContent()
        .catch(() => '');
    out.steps = lastSteps;
    out.stepsPerSecond = trainingSeconds > 0 ? lastSteps / trainingSeconds : null;
    out.totalSeconds = (performance.now() - t) / 1000;
  } catch (err) {
    out.outcome = 'error';
    out.error = err instanceof Error ? err.message : String(err);
  } finally {
    const peak = await stop();
    out.peakRendererMB = peak.renderer / MB;
    out.peakAllMB = peak.all / MB;
    await context.close();
  }
  return out;
}

const fixed = (v, d = 1) => (typeof v === 'number' ? v.toFixed(d) : '—');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-studio-webscale-'));
  const webDir = await buildWeb();
  const server = await startStaticServer({ root: webDir, host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      MARKER,
    ],
  });
  const rows = [];
  try {
    for (const size of sizes) {
      for (const task of tasks) {
        const path = join(dir, `${task}-${size}MB.csv`);
        const lines = await generateScaleFile(path, task, size * MB);
        const row = { ...(await runOne(browser, server.url, task, path)), rows: lines };
        rows.push(row);
        if (!asJson) console.error(JSON.stringify(row));
        rmSync(path, { force: true });
      }
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, Chromium ${browser.version()}`;
  if (asJson) {
    console.log(JSON.stringify({ machine, maxMinutes: Number(maxMinutes), rows }, null, 2));
    return;
  }
  console.log(`Machine: ${machine}; time limit ${maxMinutes} min, 1 epoch\n`);
  console.log(
    '| task | file (MB) | rows | inspect (s) | first step (s) | steps/s | outcome | total (s) | peak renderer RSS (MB) | peak all processes (MB) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.task} | ${fixed(r.fileMB, 0)} | ${r.rows.toLocaleString('en-US')} | ${fixed(r.inspectSeconds)} | ${fixed(r.firstStepSeconds)} | ${fixed(r.stepsPerSecond)} | ${r.outcome}${r.error ? ` (${r.error.replace(/\s+/g, ' ').slice(0, 120)})` : ''} | ${fixed(r.totalSeconds, 0)} | ${fixed(r.peakRendererMB, 0)} | ${fixed(r.peakAllMB, 0)} |`,
    );
  }
}

await main();
