/** End-to-end, word vectors: a classifier on IMDb sentences starts its embedding from a real fastText file opened in the Model section; the Train section shows the coverage, and the frozen embedding is saved as the file's vectors. */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { loadFile, setTraining, sliceFile } from './flow.ts';
import {
  type E2eEnvironment,
  openApp,
  repoRoot,
  screenshot,
  sharedDataDir,
  startE2e,
} from './helpers.ts';

const LEE = join(repoRoot, 'test', 'data', 'wordVectors', 'lee_fasttext.vec');

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** The file's vectors by word (first wins), parsed independently of the app. */
function vectorsOf(path: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    const [word, ...values] = line.trim().split(' ');
    if (word !== undefined && word !== '' && !out.has(word)) out.set(word, values.map(Number));
  }
  return out;
}

/** The selected run's `.rnnmodel` (last weights) as the trainer exports it. */
async function runBundle(page: import('playwright-core').Page): Promise<Uint8Array> {
  const bytes = await page.evaluate(async () => {
    type Req = (m: object) => Promise<unknown>;
    const studio = (window as unknown as { studio: { request: Req } }).studio;
    const { runs } = (await studio.request({ type: 'list-runs' })) as { runs: { runId: string }[] };
    const { bytes } = (await studio.request({
      type: 'export-bundle',
      runId: runs[0]?.runId,
      which: 'last',
    })) as { bytes: Uint8Array };
    return [...bytes];
  });
  return new Uint8Array(bytes);
}

describe('word vectors, end to end', () => {
  it('opens a .vec file, shows its width and the coverage, and keeps the frozen rows', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const file = await sliceFile(
      join(sharedDataDir, 'uci-sentiment-sentences', 'imdb_labelled.txt'),
      401,
      'imdb-400.tsv',
    );
    await loadFile(page, file, /Classify/);
    await page.getByTestId('next-model').click();
    const panel = page.getByTestId('word-vectors');
    await panel.waitFor();

    // A file that is not word vectors is refused in one line, naming it and the line.
    const bad = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-vec-')), 'broken.vec');
    await writeFile(bad, '3 4\nthe 1 2 3 4\nmovie 1 2 x 4\n');
    await page.getByTestId('word-vectors-file').setInputFiles(bad);
    await expect
      .poll(() => page.getByTestId('word-vectors-error').textContent())
      .toContain(
        "'broken.vec' line 3, value 3 must be a number, got 'x'; each line must be a word followed by its numbers.",
      );

    await page.getByTestId('word-vectors-file').setInputFiles(LEE);
    await page.getByTestId('word-vectors-chosen').waitFor();
    expect(await page.getByTestId('word-vectors-error').count()).toBe(0);
    expect(await page.getByTestId('word-vectors-width').textContent()).toBe(
      "The embedding takes the vectors' width: 10 numbers per word.",
    );
    // The width field follows the vectors and is locked; frozen is the default.
    const dim = page.getByTestId('embedding-dim');
    expect(await dim.inputValue()).toBe('10');
    expect(await dim.isDisabled()).toBe(true);
    expect(await page.getByTestId('word-vectors-freeze').isChecked()).toBe(true);
    expect(
      await page.locator('.layer-card__module', { hasText: 'nn.Embedding(' }).first().textContent(),
    ).toMatch(/^nn\.Embedding\(\d+, 10, padding_idx=0\)$/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'model-word-vectors.png');

    await page.getByTestId('next-train').click();
    await setTraining(page, { epochs: '2', batchSize: '32', lr: '0.005' });
    await page.getByTestId('start-training').click();
    const coverage = page.getByTestId('vectors-coverage');
    await expect
      .poll(() => coverage.textContent(), { timeout: 120_000 })
      .toMatch(
        /^Word vectors 'lee_fasttext\.vec': \d+ of \d+ vocabulary words \([\d.]+%\) and [\d.]+% of the training tokens have a vector; the embedding is frozen\.$/,
      );
    await expect
      .poll(() => page.getByTestId('run-state').textContent(), { timeout: 120_000, interval: 500 })
      .toBe('Finished');
    await coverage.scrollIntoViewIfNeeded();
    await screenshot(page, 'train-word-vectors.png');

    const model = readBundle(await runBundle(page), 'run.rnnmodel');
    expect(model.spec.model.wordVectors).toEqual({ file: 'lee_fasttext.vec', freeze: true });
    expect(model.spec.model.embeddingDim).toBe(10);
    const vocab = model.vocabularies.vocab as string[];
    const emb = model.weights.get('embedding.weight');
    expect(emb?.shape).toEqual([vocab.length, 10]);
    // Frozen through two epochs: every covered word still holds its vector bit for bit.
    const vectors = vectorsOf(LEE);
    const lower = new Map<string, number[]>();
    for (const [w, v] of vectors) if (!lower.has(w.toLowerCase())) lower.set(w.toLowerCase(), v);
    let covered = 0;
    vocab.forEach((w, id) => {
      if (id < 4) return;
      const v = vectors.get(w) ?? lower.get(w);
      if (v === undefined) return;
      covered += 1;
      expect(Array.from(emb?.data.subarray(id * 10, id * 10 + 10) ?? []), w).toEqual(
        v.map(Math.fround),
      );
    });
    const shown = /: (\d+) of (\d+) vocabulary words/.exec((await coverage.textContent()) ?? '');
    expect(Number(shown?.[1])).toBe(covered);
    expect(Number(shown?.[2])).toBe(vocab.length - 4);
    expect(problems).toEqual([]);
    await context.close();
  });
});
