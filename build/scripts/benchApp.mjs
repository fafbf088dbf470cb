// `npm run bench:app`: W1–W4 in the browser edition's trainer worker (headless Chromium) beside the
// CLI, workload by workload in the same run (bench/appBench.ts).
// Run: node --import tsx build/scripts/benchApp.mjs [--workload W1] [--steps 20] [--warmup 3]
//      [--recipe <name> (--data <file> | --data-dir <folder>)] [--web-dir <built web edition>] [--json]
// With --recipe (and no --workload) it trains one epoch of the recipe in the worker through the
// trainer protocol and by `rnn-studio train`, instead of the workloads.
import { formatAppBenchTable, runAppBench } from '../../bench/appBench.ts';
import { WORKLOAD_NAMES } from '../../bench/workloads.ts';
import { recipeFilePaths } from '../../cli/commands/train.ts';
import { RECIPES, recipeByName } from '../../core/recipes/index.ts';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

function count(name, fallback, min) {
  const raw = option(name, String(fallback));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`bench:app: --${name} must be an integer ≥ ${min}, got '${raw}'.`);
  }
  return n;
}

const only = option('workload', undefined);
if (only !== undefined && !WORKLOAD_NAMES.includes(only)) {
  throw new Error(
    `bench:app: --workload must be one of ${WORKLOAD_NAMES.join(', ')}, got '${only}'.`,
  );
}
const recipeName = option('recipe', undefined);
const recipes = [];
if (recipeName !== undefined) {
  const recipe = recipeByName(recipeName);
  if (recipe === undefined) {
    throw new Error(
      `bench:app: --recipe must be one of ${RECIPES.map((r) => r.name).join(', ')}, got '${recipeName}'.`,
    );
  }
  const data = option('data', undefined);
  const dir = option('data-dir', undefined);
  if (data === undefined && dir === undefined) {
    throw new Error("bench:app: --recipe needs '--data <file>' or '--data-dir <folder>'.");
  }
  recipes.push({
    recipe,
    dataFiles: data === undefined ? await recipeFilePaths(recipe, dir) : [data],
  });
}
const webDir = option('web-dir', undefined);
const report = await runAppBench({
  workloads: only !== undefined ? [only] : recipes.length > 0 ? [] : WORKLOAD_NAMES,
  recipes,
  steps: count('steps', 20, 1),
  warmup: count('warmup', 3, 0),
  ...(webDir === undefined ? {} : { webDir }),
  onProgress: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(
  process.argv.includes('--json') ? `${JSON.stringify(report)}\n` : formatAppBenchTable(report),
);
