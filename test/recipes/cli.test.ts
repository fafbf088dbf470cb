/** `rnn-studio train --recipe`: a recipe trains end to end from a folder of gallery files (a slice of the UCI sentiment set) and beats its baseline; bad recipe options exit 2. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recipeFilePaths, runTrain } from '../../cli/commands/train.ts';
import { readBundle } from '../../core/io/bundle.ts';
import { recipeByName } from '../../core/recipes/index.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { captureIo } from '../support/captureIo.ts';

const sharedData = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

/** The first `rows` data rows (after the header) of each UCI file, flat in a new folder. */
function uciSlice(rows: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-recipe-'));
  for (const file of ['amazon_cells_labelled.txt', 'imdb_labelled.txt', 'yelp_labelled.txt']) {
    const lines = readFileSync(join(sharedData, 'uci-sentiment-sentences', file), 'utf8').split(
      '\n',
    );
    writeFileSync(join(dir, file), `${lines.slice(0, rows + 1).join('\n')}\n`);
  }
  return dir;
}

describe('rnn-studio train --recipe', () => {
  it('finds gallery files as <dir>/<gallery id>/<file>, else as <dir>/<file>', async () => {
    const recipe = recipeByName('uci-sentiment');
    if (recipe === undefined) throw new Error('recipe uci-sentiment is missing');
    const nested = await recipeFilePaths(recipe, sharedData);
    expect(nested[2]).toBe(join(sharedData, 'uci-sentiment-sentences', 'yelp_labelled.txt'));
    const flat = await recipeFilePaths(recipe, '/nowhere');
    expect(flat[0]).toBe(join('/nowhere', 'amazon_cells_labelled.txt'));
  });

  it('trains the uci-sentiment recipe on a slice of its three files and beats the majority class', async () => {
    const dir = uciSlice(300);
    const out = join(dir, 'm.rnnmodel');
    const io = captureIo();
    // NOTE: the CLI's default backend (wasm), not the js one this suite's setup installs: it keeps
    // the run well under a minute on the 2-core machine.
    const previous = process.env.RNN_STUDIO_BACKEND;
    process.env.RNN_STUDIO_BACKEND = 'wasm';
    const code = await runTrain(
      ['--recipe', 'uci-sentiment', '--data-dir', dir, '--out', out, '--epochs', '6', '--json'],
      io,
      { tasks: taskDefinition },
    ).finally(() => {
      if (previous === undefined) delete process.env.RNN_STUDIO_BACKEND;
      else process.env.RNN_STUDIO_BACKEND = previous;
    });
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const lines = io.out.trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1] as string) as {
      metrics: { accuracy: number };
      baseline: { accuracy: number };
    };
    // The three files join with their header once: only the two labels become classes, named as
    // the recipe names its codes 0 and 1.
    const bundle = readBundle(new Uint8Array(readFileSync(out)));
    expect((bundle.taskState as { classes: string[] }).classes).toEqual(['negative', 'positive']);
    expect(bundle.spec.model.recurrent).toEqual(
      recipeByName('uci-sentiment')?.spec.model.recurrent,
    );
    expect(result.metrics.accuracy).toBeGreaterThan(result.baseline.accuracy + 0.1);
  }, 60_000);

  it('exits 2 naming the recipes for an unknown one', async () => {
    const io = captureIo();
    const code = await runTrain(['--recipe', 'nope', '--data-dir', '/tmp', '--out', 'x'], io, {
      tasks: taskDefinition,
    });
    expect(code).toBe(2);
    expect(io.err).toMatch(
      /^rnn-studio train: Option '--recipe' must be one of 'nsmc-sentiment', .*, got 'nope'\.\n$/,
    );
  });

  it('exits 2 when --data-dir comes without a recipe', async () => {
    const io = captureIo();
    const code = await runTrain(['--task', 'classify', '--data-dir', '/tmp', '--out', 'x'], io, {
      tasks: taskDefinition,
    });
    expect(code).toBe(2);
    expect(io.err).toContain("rnn-studio train: Option '--data' is required.");
  });

  it('exits 2 when --task contradicts the recipe', async () => {
    const io = captureIo();
    const code = await runTrain(
      ['--recipe', 'klue-ner', '--task', 'classify', '--data-dir', sharedData, '--out', 'x'],
      io,
      { tasks: taskDefinition },
    );
    expect(code).toBe(2);
    expect(io.err).toBe(
      "rnn-studio train: Option '--task' must be 'tag' for this recipe, got 'classify'.\n",
    );
  });
});
