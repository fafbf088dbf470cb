// Benchmark: the longest main-thread task of the web edition in Chromium while the Train charts draw a long history and while a real run trains; prints the worst long task, the load average and the machine (docs/ui.md quotes it).
//
// Usage: node build/scripts/benchLongTasks.mjs [--runs N] [--json]
// Builds the web bundle (vite.web.config.ts) into a temporary folder, serves it on loopback and
// drives Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) with playwright-core. Each run
// opens a fresh page, records every long task (PerformanceObserver 'longtask': any task over
// 50 ms) and reports the longest:
//   charts   — a synthetic run of 90,000 steps drawn, then grown by 1,000 steps ten times (each a
//              full redraw; the page's ?e2e-hooks); the task in which the hook itself builds
//              the history on the main thread is not counted, the drawing is;
//   training — Seattle weather (../shared/data), forecast temp_max, LSTM 16, 2 epochs, from Start
//              training to Finished (skipped when the data is absent).
// The end-to-end tests only guard against a frozen page (2 s, test/e2e/flow.ts); this is the figure.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { requireGeneratedKernels } from './generatedKernels.mjs';
import { startStaticServer } from './serveStatic.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const seattle = join(root, '..', 'shared', 'data', 'seattle-weather', 'seattle-weather.csv');

function readRuns(argv) {
  const at = argv.indexOf('--runs');
  if (at < 0) return 3;
  const runs = Number(argv[at + 1]);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`benchLongTasks: --runs must be a positive integer, got '${argv[at + 1]}'.`);
  }
  return runs;
}

async function buildWeb() {
  const outDir = mkdtempSync(join(tmpdir(), 'rnn-studio-bench-web-'));
  // NOTE: production React, as `npm run web` ships (vitest-like hosts may set NODE_ENV=test).
  process.env.NODE_ENV = 'production';
  await build({
    configFile: join(root, 'vite.web.config.ts'),
    root: join(root, 'renderer'),
    // NOTE: the end-to-end build (build/vite/e2eHooksPlugin.ts E2E_MODE), for the ?e2e-hooks hook.
    mode: 'e2e',
    build: { outDir, emptyOutDir: true, sourcemap: false },
    logLevel: 'error',
  });
  return outDir;
}

async function recordLongTasks(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    window.__hookSpans = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: false });
  });
}

/**
 * The durations of the long tasks the app caused: a task that contains a call of the test hook
 * (which builds the synthetic history on the page's main thread) is the benchmark's own work.
 */
const longTasks = (page) =>
  page.evaluate(() =>
    window.__longTasks
      .filter(([start, ms]) => !window.__hookSpans.some(([t]) => t >= start && t <= start + ms))
      .map(([, ms]) => ms),
  );
const chartSteps = async (page) =>
  Number(await page.getByTestId('train-charts').getAttribute('data-steps'));

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchLongTasks: timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function chartsScenario(page, url) {
  await page.goto(`${url}?e2e-hooks`);
  await page.getByRole('tab', { name: 'Train' }).click();
  await recordLongTasks(page);
  const grow = (steps, epochs) =>
    page.evaluate(
      (o) => {
        window.__hookSpans.push([performance.now()]);
        window.__studioTest.syntheticRun(o);
      },
      { steps, epochs },
    );
  await grow(90_000, 45);
  await waitFor('90,000 steps', async () => (await chartSteps(page)) === 90_000, 60_000);
  for (let k = 1; k <= 10; k++) {
    await grow(90_000 + k * 1000, 50);
    await waitFor('the redraw', async () => (await chartSteps(page)) === 90_000 + k * 1000, 60_000);
  }
  return longTasks(page);
}

async function trainingScenario(page, url) {
  await page.goto(url);
  await page.getByTestId('dataset-file-input').setInputFiles(seattle);
  await page.getByTestId('dataset-name').waitFor();
  await page.getByTestId('next-model').click();
  await page.getByTestId('encoder-hidden').fill('16');
  await page.getByTestId('next-train').click();
  await page.getByTestId('train-epochs').fill('2');
  await recordLongTasks(page);
  await page.getByTestId('start-training').click();
  const state = () => page.getByTestId('run-state').getAttribute('data-state');
  await waitFor('the run to finish', async () => (await state()) === 'finished', 300_000);
  return longTasks(page);
}

const SCENARIOS = [
  { name: 'charts: 90,000 steps + 10 redraws of 1,000', run: chartsScenario, ready: () => true },
  {
    name: 'training: Seattle temp_max, LSTM 16, 2 epochs',
    run: trainingScenario,
    ready: () => existsSync(seattle),
  },
];

function machine(browserVersion) {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Chromium ${browserVersion}, Node ${process.version}`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main() {
  const runs = readRuns(process.argv);
  const json = process.argv.includes('--json');
  requireGeneratedKernels('benchLongTasks');
  const loadBefore = loadavg()[0];
  const webDir = await buildWeb();
  const server = await startStaticServer({ root: webDir, host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const results = [];
  try {
    for (const scenario of SCENARIOS) {
      if (!scenario.ready()) {
        results.push({ scenario: scenario.name, skipped: 'its data is not in ../shared/data' });
        continue;
      }
      const worstPerRun = [];
      let count = 0;
      for (let r = 0; r < runs; r++) {
        const context = await browser.newContext({
          viewport: { width: 1200, height: 760 },
          locale: 'en-US',
        });
        const page = await context.newPage();
        const tasks = await scenario.run(page, server.url);
        await context.close();
        worstPerRun.push(Math.max(0, ...tasks));
        count += tasks.length;
      }
      results.push({
        scenario: scenario.name,
        runs,
        worstMs: Math.round(Math.max(...worstPerRun)),
        medianWorstMs: Math.round(median(worstPerRun)),
        longTasks: count,
      });
    }
  } finally {
    const version = browser.version();
    await browser.close();
    await server.close();
    rmSync(webDir, { recursive: true, force: true });
    const report = { results, loadAverage: [loadBefore, loadavg()[0]], machine: machine(version) };
    if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else printReport(report);
  }
}

function printReport({ results, loadAverage, machine: where }) {
  console.log('Main-thread long tasks (> 50 ms) in the web edition');
  console.log(
    'scenario                                        runs  worst ms  median worst ms  long tasks',
  );
  for (const r of results) {
    if (r.skipped !== undefined) {
      console.log(`${r.scenario.padEnd(48)}skipped: ${r.skipped}`);
      continue;
    }
    console.log(
      `${r.scenario.padEnd(48)}${String(r.runs).padStart(4)}${String(r.worstMs).padStart(10)}${String(r.medianWorstMs).padStart(17)}${String(r.longTasks).padStart(12)}`,
    );
  }
  const [before, after] = loadAverage.map((n) => n.toFixed(1));
  console.log(`Load average (1 min): ${before} → ${after}`);
  console.log(`Machine: ${where}`);
}

await main();
