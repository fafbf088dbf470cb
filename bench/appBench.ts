/** `npm run bench:app`: times W1–W4 in the browser edition's trainer Web Worker in headless Chromium and, workload by workload in the same run, in the CLI (`rnn-studio bench`), with the ratio of the two. */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startStaticServer } from '../build/scripts/serveStatic.mjs';
import type { Recipe } from '../core/recipes/index.ts';
import { type AppRecipeRow, formatAppRecipe, runAppRecipe } from './appRecipeBench.ts';
import type { WorkloadResult } from './runner.ts';
import type { Stats } from './timing.ts';
import type { BenchReply, BenchRequest, HostWorkloadTiming } from './workerBench.ts';
import type { WorkloadName } from './workloads.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface AppBenchOptions {
  workloads: readonly WorkloadName[];
  steps: number;
  warmup: number;
  /** A built web edition to serve (index.html, assets/); built into a temp folder when absent. */
  webDir?: string;
  /** Recipes to train one epoch of in the worker and by the CLI, after the workloads. */
  recipes?: readonly { recipe: Recipe; dataFiles: readonly string[] }[];
  /** Called with a short line as each phase starts. */
  onProgress?: (line: string) => void;
}

/** One workload in the app and in the CLI, measured back to back. */
export interface AppBenchRow {
  workload: WorkloadName;
  app: HostWorkloadTiming;
  cli: WorkloadResult;
  /** app median / CLI median (1 = as fast as the CLI). */
  ratio: number;
  /** The same for the inference figure (W1, W4), else null. */
  inferenceRatio: number | null;
}

export interface AppBenchReport {
  rows: AppBenchRow[];
  recipes: AppRecipeRow[];
  /** Chromium's version string, e.g. 'HeadlessChrome/138.0…' or '138.0…'. */
  browser: string;
  machine: { cpu: string; cores: number; loadAverage: { start: number; end: number } };
}

/** Builds the web edition (production mode, as `npm run web` ships it) into a fresh temp folder. */
async function buildWebEdition(): Promise<string> {
  const { build } = await import('vite');
  const outDir = await mkdtemp(join(tmpdir(), 'rnn-studio-bench-web-'));
  await build({
    configFile: join(repoRoot, 'vite.web.config.ts'),
    root: join(repoRoot, 'renderer'),
    mode: 'production',
    build: { outDir, emptyOutDir: true, sourcemap: false },
    logLevel: 'warn',
  });
  return outDir;
}

/**
 * The URL path of the trainer worker's chunk in a built web edition (Vite names it
 * `assets/trainerWorker-<hash>.js`).
 * @throws Error when the build holds none.
 */
export async function trainerWorkerPath(webDir: string): Promise<string> {
  const files = await readdir(join(webDir, 'assets'));
  const chunk = files.find((f) => /^trainerWorker-[\w-]+\.js$/.test(f));
  if (chunk === undefined) {
    throw new Error(`bench:app: ${webDir}/assets must hold trainerWorker-<hash>.js, got none.`);
  }
  return `assets/${chunk}`;
}

/** Runs `rnn-studio bench --workload <name> --json --no-torch` (relaxed SIMD, as `npm run bench`). */
function runCli(name: WorkloadName, options: AppBenchOptions): Promise<WorkloadResult> {
  const args = [
    '--experimental-wasm-relaxed-simd',
    join(repoRoot, 'bin', 'rnn-studio.js'),
    ...['bench', '--workload', name, '--json', '--no-torch'],
    ...['--steps', String(options.steps), '--warmup', String(options.warmup)],
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || line === undefined) {
        reject(new Error(`bench:app: rnn-studio bench ${name} must exit 0, got ${code}: ${err}`));
      } else {
        resolve(JSON.parse(line) as WorkloadResult);
      }
    });
  });
}

/** Starts the trainer worker's bundle in the app's page (cross-origin isolated, like the app's own). */
async function startBenchWorker(page: Page, workerPath: string): Promise<void> {
  await page.evaluate((path) => {
    const worker = new Worker(path, { type: 'module', name: 'bench-trainer' });
    (window as unknown as { benchWorker: Worker }).benchWorker = worker;
    const waiting = new Map<number, (reply: unknown) => void>();
    worker.addEventListener('message', (event) => {
      const reply = event.data as { type?: string; id?: number | null };
      if (typeof reply.id === 'number' && reply.type?.startsWith('bench-workload')) {
        waiting.get(reply.id)?.(reply);
        waiting.delete(reply.id);
      }
    });
    (window as unknown as { benchRequest: unknown }).benchRequest = (request: { id: number }) =>
      new Promise((resolve) => {
        waiting.set(request.id, resolve);
        worker.postMessage(request);
      });
  }, workerPath);
}

/** Times one workload in the page's bench worker. */
async function runInApp(
  page: Page,
  request: Omit<BenchRequest, 'type'>,
): Promise<HostWorkloadTiming> {
  const reply = (await page.evaluate(
    (r) =>
      (window as unknown as { benchRequest: (r: unknown) => Promise<unknown> }).benchRequest(r),
    { type: 'bench-workload', ...request },
  )) as BenchReply;
  if (reply.type === 'bench-workload-error') {
    throw new Error(
      `bench:app: the trainer worker failed on ${request.workload}: ${reply.message}`,
    );
  }
  return reply.result;
}

/** Serves the web edition, opens it in headless Chromium and times each workload in the app and the CLI. */
export async function runAppBench(options: AppBenchOptions): Promise<AppBenchReport> {
  const loadStart = loadavg()[0] as number;
  options.onProgress?.(options.webDir === undefined ? 'building the web edition' : 'web edition');
  const webDir = options.webDir ?? (await buildWebEdition());
  const server = await startStaticServer({ root: webDir, host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      ...['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      ...['--disable-background-networking', '--disable-component-update', '--disable-sync'],
      // NOTE: gc() and exact performance.memory in the worker, so heap figures compare with the CLI's.
      ...['--js-flags=--expose-gc', '--enable-precise-memory-info'],
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await startBenchWorker(page, await trainerWorkerPath(webDir));
    const rows: AppBenchRow[] = [];
    for (const [i, workload] of options.workloads.entries()) {
      const request = { id: i, workload, steps: options.steps, warmup: options.warmup };
      // Alternate which side goes first, so a load that drifts during the run hits both alike.
      options.onProgress?.(
        `${workload}: app (Chromium worker) and CLI, ${options.steps} steps each`,
      );
      let app: HostWorkloadTiming;
      let cli: WorkloadResult;
      if (i % 2 === 0) {
        cli = await runCli(workload, options);
        app = await runInApp(page, request);
      } else {
        app = await runInApp(page, request);
        cli = await runCli(workload, options);
      }
      rows.push(row(workload, app, cli));
    }
    const recipes: AppRecipeRow[] = [];
    for (const { recipe, dataFiles } of options.recipes ?? []) {
      options.onProgress?.(`${recipe.name}: one epoch in the app (Chromium worker), then the CLI`);
      recipes.push(await runAppRecipe(page, recipe, dataFiles));
    }
    const cores = cpus().length;
    return {
      rows,
      recipes,
      browser: browser.version(),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores,
        loadAverage: { start: loadStart, end: loadavg()[0] as number },
      },
    };
  } finally {
    await browser.close();
    await server.close();
    if (options.webDir === undefined) await rm(webDir, { recursive: true, force: true });
  }
}

function row(workload: WorkloadName, app: HostWorkloadTiming, cli: WorkloadResult): AppBenchRow {
  const inference =
    app.inference !== null && cli.inference !== null
      ? app.inference.ms.median / cli.inference.ms.median
      : null;
  return {
    workload,
    app,
    cli,
    ratio: app.msPerStep.median / cli.msPerStep.median,
    inferenceRatio: inference,
  };
}

const fmt = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));
const mb = (bytes: number | null) => (bytes === null ? '—' : (bytes / 2 ** 20).toFixed(1));
const kernels = (r: { backend: string; threads: number; variant: string | null }) =>
  `${r.backend}×${r.threads} ${r.variant ?? ''}`.trim();

function statsCells(s: Stats): string {
  return `${fmt(s.median).padStart(9)}${fmt(s.min).padStart(9)}${fmt(s.max).padStart(9)}`;
}

/** The text table: per workload the app's and the CLI's ms per step, the ratio, then inference and notes. */
export function formatAppBenchTable(report: AppBenchReport): string {
  return `${[...workloadLines(report.rows), ...noteLines(report)].join('\n')}\n`;
}

function workloadLines(rows: readonly AppBenchRow[]): string[] {
  if (rows.length === 0) return [];
  const lines = [
    `${'workload'.padEnd(9)}${'host'.padEnd(18)}${'median'.padStart(9)}${'min'.padStart(9)}${'max'.padStart(9)}${'app/CLI'.padStart(9)}${'heap MB (warm→end)'.padStart(20)}`,
  ];
  for (const r of rows) {
    const heap = `${mb(r.app.heapUsedBytes.afterWarmup)} → ${mb(r.app.heapUsedBytes.afterSteps)}`;
    lines.push(
      `${r.workload.padEnd(9)}${'app (Chromium)'.padEnd(18)}${statsCells(r.app.msPerStep)}${fmt(r.ratio, 2).padStart(9)}${heap.padStart(20)}`,
      `${''.padEnd(9)}${'CLI (Node)'.padEnd(18)}${statsCells(r.cli.msPerStep)}${''.padStart(9)}${`${r.cli.heapUsedMB.afterWarmup} → ${r.cli.heapUsedMB.afterSteps}`.padStart(20)}`,
    );
  }
  lines.push(
    '(ms per training step: forward + loss + backward + Adam; same steps, warm-up and seed)',
  );
  for (const r of rows) {
    if (r.app.inference === null || r.cli.inference === null) continue;
    lines.push(
      `${r.workload} inference (${r.app.inference.what}): app ${fmt(r.app.inference.ms.median)} ms, CLI ${fmt(r.cli.inference.ms.median)} ms, app/CLI ${fmt(r.inferenceRatio, 2)}`,
    );
  }
  return lines;
}

function noteLines(report: AppBenchReport): string[] {
  const lines: string[] = [];
  for (const r of report.recipes) lines.push(formatAppRecipe(r).trimEnd());
  const first = report.rows[0];
  if (first !== undefined) {
    lines.push(
      `Kernels: app ${kernels(first.app)} (cross-origin isolated: ${first.app.crossOriginIsolated ? 'yes' : 'no'}), CLI ${kernels(first.cli)}`,
    );
  }
  const m = report.machine;
  lines.push(
    `Chromium ${report.browser}; Node ${process.versions.node}; ${m.cpu}, ${m.cores} cores, load average ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)}`,
  );
  if (Math.max(m.loadAverage.start, m.loadAverage.end) > m.cores - 0.5) {
    lines.push('WARNING: the machine was busy: compare the ratios, not the milliseconds.');
  }
  return lines;
}
