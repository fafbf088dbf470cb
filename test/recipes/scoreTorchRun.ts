/** Scores weights trained by the PyTorch export's train.py on a recipe's held-out test split with the app's own evaluator (docs/results.md, "PyTorch" column). */
// Usage (from the repo root):
//   npx tsx test/recipes/scoreTorchRun.ts --recipe <name> --data-dir ../shared/data --join-to <file>
//     writes the recipe's data as the one file train.py reads (several gallery files joined);
//   npx tsx test/recipes/scoreTorchRun.ts --recipe <name> --data-dir ../shared/data --torch-out <folder>
//     prepares the recipe's task (same split by spec.train.seed), checks that train.py fitted the same
//     vocabularies, loads <folder>/model.safetensors and prints the test metrics and baseline as JSON.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { installBackend } from '../../cli/backend.ts';
import { recipeFilePaths } from '../../cli/commands/train.ts';
import { readSafetensors } from '../../core/io/safetensors.ts';
import { Random } from '../../core/random.ts';
import { joinTableFiles, recipeByName } from '../../core/recipes/index.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

async function main(): Promise<number> {
  const name = option('recipe') ?? '';
  const recipe = recipeByName(name);
  const dataDir = option('data-dir');
  if (recipe === undefined || dataDir === undefined) {
    process.stderr.write(
      `scoreTorchRun: --recipe <known name> and --data-dir are required, got '${name}'.\n`,
    );
    return 2;
  }
  const paths = await recipeFilePaths(recipe, dataDir);
  const bytes = joinTableFiles(await Promise.all(paths.map((p) => readFile(p))));
  const joinTo = option('join-to');
  if (joinTo !== undefined) {
    await writeFile(joinTo, bytes);
    return 0;
  }
  const torchOut = option('torch-out');
  if (torchOut === undefined) {
    process.stderr.write('scoreTorchRun: --join-to <file> or --torch-out <folder> is required.\n');
    return 2;
  }
  installBackend();
  const spec = recipe.spec;
  const task = await taskDefinition(spec.task).prepare({
    spec,
    fileName: paths[0] as string,
    bytes,
    random: new Random(spec.train.seed),
  });
  const torchConfig = JSON.parse(await readFile(join(torchOut, 'config.json'), 'utf8')) as {
    taskState: Record<string, unknown>;
  };
  // NOTE: an export folder (rather than train.py's output) keeps vocabularies beside config.json
  // as `{ "$file": "<name>.json" }`; read them in, so the app's own weights can be scored too.
  for (const [key, value] of Object.entries(torchConfig.taskState)) {
    const ref = (value as { $file?: unknown } | null)?.$file;
    if (typeof ref === 'string') {
      torchConfig.taskState[key] = JSON.parse(await readFile(join(torchOut, ref), 'utf8'));
    }
  }
  // NOTE: the weights only mean the same thing when train.py fitted the same vocabularies and labels.
  const differing = Object.entries(task.state)
    .filter(([key, value]) => Array.isArray(value) && key in torchConfig.taskState)
    .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(torchConfig.taskState[key]))
    .map(([key]) => key);
  if (differing.length > 0) {
    // NOTE: other vocabularies give other weight shapes: only train.py's own test loss compares.
    const sizes = Object.fromEntries(
      differing.map((key) => {
        const ours = task.state[key] as unknown[];
        const theirs = torchConfig.taskState[key] as unknown[];
        const missing = ours.filter((t) => !theirs.includes(t)).slice(0, 5);
        const extra = theirs.filter((t) => !ours.includes(t)).slice(0, 5);
        return [key, { ours: ours.length, torch: theirs.length, missing, extra }];
      }),
    );
    process.stdout.write(
      `${JSON.stringify({ recipe: recipe.name, sameVocabularies: false, differing: sizes })}\n`,
    );
    return 1;
  }
  const weights = readSafetensors(
    new Uint8Array(await readFile(join(torchOut, 'model.safetensors'))),
  );
  task.model.loadStateDict(Object.fromEntries(weights.tensors));
  const test = task.evaluate('test');
  const baseline = task.baseline('test');
  process.stdout.write(
    `${JSON.stringify({ recipe: recipe.name, sameVocabularies: true, test: test.metrics, baseline: baseline.metrics })}\n`,
  );
  return 0;
}

process.exitCode = await main();
