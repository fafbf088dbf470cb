/** `rnn-studio bench`: times the W1–W4 training steps (and the gemm shapes they use) on the js or wasm backend beside PyTorch. */
import { formatCnnTable, runCnnBench } from '../../bench/cnnBench.ts';
import { formatGemmTable, runGemmBench } from '../../bench/gemmBench.ts';
import { formatLayerTable, runLayerBench } from '../../bench/layerBench.ts';
import { formatRecipeBench, runRecipeBench } from '../../bench/recipeBench.ts';
import { formatBenchTable, runBench } from '../../bench/runner.ts';
import { WORKLOAD_NAMES, type WorkloadName } from '../../bench/workloads.ts';
import { getBackend, setBackend } from '../../core/kernels/backend.ts';
import type { WasmBackend } from '../../core/kernels/wasm/index.ts';
import { RECIPES, type Recipe, recipeByName } from '../../core/recipes/index.ts';
import { parseArgs, UsageError } from '../args.ts';
import { chooseBackend, chooseThreads } from '../backend.ts';
import { type CliIo, EXIT_OK } from '../io.ts';

export const BENCH_USAGE = `Usage: rnn-studio bench [--workload W1|W2|W3|W4] [--json] [--backend js|wasm]
                        [--threads 1|2] [--steps N] [--warmup N] [--no-torch] [--gemm] [--layers]
                        [--cnn [--batch N] [--size N]]
       rnn-studio bench --recipe <name> (--data <file> | --data-dir <folder>) [--json]

Times training steps (forward + loss + backward + Adam) of the workloads W1–W4 on the
chosen backend (default: $RNN_STUDIO_BACKEND, else wasm; the wasm backend on --threads,
default $RNN_STUDIO_THREADS, else 2), median/min/max over --steps
(default 20) after --warmup (default 3) steps, the process's CPU time per step (all threads),
peak RSS and the heap after warm-up and after the timed steps. When /usr/bin/python3 has torch, bench/torch_bench.py runs the same
workloads (2 threads) and the ratio is printed. --gemm times the gemm shapes instead
(with --backend wasm also with resident operands and a prepacked B: 'wasm-resident'), in
GFLOP/s of wall time and per second of process CPU time (on a busy machine, the steadier);
--layers times one recurrent layer of each workload, the TypeScript loop against the fused
wasm layer. --cnn times resnet18 forward + backward in training mode on --batch (default 8)
images of --size × --size (default 64) pixels, in images per second, beside torchvision's
(bench/torch_cnn_bench.py).
--recipe trains one epoch of a recipe with 'rnn-studio train' (the app's core, relaxed SIMD, 2
threads), exports it with 'rnn-studio export --format pytorch' and trains one epoch with the
export's train.py under /usr/bin/python3 (OpenBLAS, 2 threads) on the same file and batch size;
it prints the seconds of the epoch's steps and with its validation, the steps, each process's
peak RSS and the ratios core / PyTorch. --data-dir takes the gallery layout as 'train --recipe'.
RNN_STUDIO_THREADS=1 and OMP_NUM_THREADS=1 put each side on one thread; OMP_WAIT_POLICY=passive
keeps PyTorch's OpenMP threads from spinning on a busy machine.
`;

function positiveInt(
  name: string,
  value: string | true | undefined,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value === true || !Number.isInteger(n) || n < min) {
    throw new UsageError(`Option '--${name}' must be an integer ≥ ${min}, got '${String(value)}'.`);
  }
  return n;
}

/** Waits (at most 10 s) until the helper thread has loaded, so every timed step runs on both threads. */
async function waitForHelper(kernels: WasmBackend['kernels']): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (kernels.threads < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function chooseWorkloads(option: string | true | undefined): WorkloadName[] {
  if (option === undefined) return [...WORKLOAD_NAMES];
  if (option === true || !(WORKLOAD_NAMES as readonly string[]).includes(option)) {
    throw new UsageError(
      `Option '--workload' must be one of W1, W2, W3, W4, got '${String(option)}'.`,
    );
  }
  return [option as WorkloadName];
}

/**
 * Runs `rnn-studio bench`. With --json: one JSON object per workload per line (see
 * bench/runner.ts WorkloadResult), or per gemm shape with --gemm.
 * @throws UsageError for an unknown option or value (exit 2).
 */
export async function benchCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(args, {
    values: [
      ...['workload', 'backend', 'steps', 'warmup', 'threads', 'batch', 'size'],
      ...['recipe', 'data', 'data-dir'],
    ],
    flags: ['json', 'no-torch', 'gemm', 'layers', 'cnn', 'help'],
  });
  if (options.has('help')) {
    io.stdout(BENCH_USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 0) {
    throw new UsageError(`bench takes no positional arguments, got '${positionals[0]}'.`);
  }
  if (options.has('recipe')) return benchRecipe(options, io);
  const workloads = chooseWorkloads(options.get('workload'));
  const steps = positiveInt('steps', options.get('steps'), 20, 1);
  const warmup = positiveInt('warmup', options.get('warmup'), 3, 0);
  const backend = chooseBackend(options.get('backend'), chooseThreads(options.get('threads')));
  const json = options.has('json');
  const previous = getBackend();
  setBackend(backend);
  try {
    const kernels = 'kernels' in backend ? (backend as WasmBackend).kernels : undefined;
    if (kernels?.hasHelper) await waitForHelper(kernels);
    const filter = options.get('workload');
    const only = typeof filter === 'string' ? { filter } : {};
    if (options.has('cnn')) {
      const result = await runCnnBench({
        batch: positiveInt('batch', options.get('batch'), 8, 1),
        size: positiveInt('size', options.get('size'), 64, 32),
        steps: options.has('steps') ? steps : 5,
        warmup: options.has('warmup') ? warmup : 1,
        torch: !options.has('no-torch'),
      });
      io.stdout(json ? `${JSON.stringify(result)}\n` : formatCnnTable(result));
      return EXIT_OK;
    }
    if (options.has('layers')) {
      const results = runLayerBench({ ...only, ...(kernels === undefined ? {} : { kernels }) });
      io.stdout(
        json ? results.map((r) => `${JSON.stringify(r)}\n`).join('') : formatLayerTable(results),
      );
      return EXIT_OK;
    }
    if (options.has('gemm')) {
      const results = runGemmBench([backend], {
        ...only,
        ...(kernels === undefined ? {} : { resident: kernels }),
        cpuMicros: () => {
          const c = process.cpuUsage();
          return c.user + c.system;
        },
      });
      io.stdout(
        json ? results.map((r) => `${JSON.stringify(r)}\n`).join('') : formatGemmTable(results),
      );
      return EXIT_OK;
    }
    const report = await runBench({
      workloads,
      steps,
      warmup,
      torch: !options.has('no-torch'),
      ...(json ? {} : { onProgress: (line: string) => io.stderr(`${line}\n`) }),
    });
    if (json) {
      io.stdout(
        report.results
          .map(
            (r) =>
              `${JSON.stringify({ ...r, torchNote: report.torchNote, machine: report.machine })}\n`,
          )
          .join(''),
      );
    } else {
      io.stdout(formatBenchTable(report));
    }
    return EXIT_OK;
  } finally {
    setBackend(previous);
  }
}

/**
 * The recipe's files in `dir`. train.ts is loaded here only: imported with every bench, the train
 * command's modules (zod, xlsx, hyparquet) took the live heap from 5 to 11 MB, and V8 then ran a
 * full GC every step or two of W1–W3 (CPU per step up to +20 %; docs/benchmarks.md).
 */
async function dataDirFiles(recipe: Recipe, dir: string): Promise<string[]> {
  const { recipeFilePaths } = await import('./train.ts');
  return recipeFilePaths(recipe, dir);
}

/** Refuses a missing or unreadable data file up front, in one line, before either side starts. */
async function checkReadable(paths: readonly string[]): Promise<void> {
  const { fileProblem, regularFileSize } = await import('../inputFiles.ts');
  for (const path of paths) {
    try {
      await regularFileSize(path);
    } catch (err) {
      throw fileProblem(err, path) ?? err;
    }
  }
}

/**
 * `bench --recipe <name>`: one epoch in the core and in the export's train.py (bench/recipeBench.ts).
 * @throws UsageError for an unknown recipe or a missing --data / --data-dir; ConfigError for a data file that cannot be read.
 */
async function benchRecipe(options: Map<string, string | true>, io: CliIo): Promise<number> {
  const name = options.get('recipe');
  const recipe = typeof name === 'string' ? recipeByName(name) : undefined;
  if (recipe === undefined) {
    throw new UsageError(
      `Option '--recipe' must be one of ${RECIPES.map((r) => `'${r.name}'`).join(', ')}, got '${String(name)}'.`,
    );
  }
  const data = options.get('data');
  const dir = options.get('data-dir');
  if (typeof data !== 'string' && typeof dir !== 'string') {
    throw new UsageError("Option '--recipe' needs '--data <file>' or '--data-dir <folder>'.");
  }
  const dataFiles = typeof data === 'string' ? [data] : await dataDirFiles(recipe, dir as string);
  await checkReadable(dataFiles);
  const json = options.has('json');
  const report = await runRecipeBench({
    recipe,
    dataFiles,
    ...(json ? {} : { onProgress: (line: string) => io.stderr(`${line}\n`) }),
  });
  io.stdout(json ? `${JSON.stringify(report)}\n` : formatRecipeBench(report));
  return EXIT_OK;
}
