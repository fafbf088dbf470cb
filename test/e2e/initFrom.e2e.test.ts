/** End-to-end, pre-train → fine-tune: a tiny language model on NSMC reviews, then a classifier started from it in the Model section; the run's spec names it and gradual unfreezing leaves its embedding bit-identical. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { finishTransferRun, setTraining, trainTinyNsmcLanguageModel } from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

function same(a: Float32Array | undefined, b: Float32Array | undefined): boolean {
  return (
    a !== undefined && b !== undefined && a.length === b.length && a.every((v, i) => v === b[i])
  );
}

describe('start from a language model, end to end', () => {
  it('generate → classify from it: the spec names the LM and epoch 1 trains the head only', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await trainTinyNsmcLanguageModel(page);

    // The same reviews, now with their labels: Classify.
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.getByRole('radio', { name: /Classify/ }).check();
    await page.getByTestId('next-model').click();
    const panel = page.getByTestId('language-model');
    await panel.waitFor();
    const lmRun = page.getByTestId('language-model-run');
    const option = lmRun.locator('option').nth(1);
    await lmRun.selectOption((await option.getAttribute('value')) as string);
    await page.getByTestId('language-model-chosen').waitFor();
    expect(await page.getByTestId('language-model-layers').textContent()).toBe(
      'From the language model: the embedding, the recurrent layer (LSTM, hidden size 24) and its tokenizer (Characters). The head is new.',
    );
    const vocabLine = (await page.getByTestId('language-model-vocab').textContent()) ?? '';
    const kept =
      /^Its vocabulary of (\d+) tokens is kept: words it does not know read as <unk>; no rows are added\.$/.exec(
        vocabLine,
      );
    expect(kept, vocabLine).not.toBeNull();
    // The embedding card counts the LM's vocabulary, not the words of this file.
    expect(
      await page.locator('.layer-card__module', { hasText: 'nn.Embedding(' }).first().textContent(),
    ).toBe(`nn.Embedding(${kept?.[1]}, 16, padding_idx=0)`);
    // The default use is frozen features (no fine-tuning knobs); fine-tuning shows ULMFiT's.
    expect(await page.getByTestId('lm-transfer').inputValue()).toBe('features');
    expect(await page.getByTestId('lm-unfreeze').count()).toBe(0);
    expect(await page.getByTestId('lm-transfer-hint').textContent()).toMatch(
      /^The language model stays frozen beside the model;/,
    );
    // The frozen language model is one read-only card above the classifier's own layers.
    expect(
      await page.locator('.layer-card__module', { hasText: 'frozen: nn.Embedding(' }).count(),
    ).toBe(1);
    await screenshot(page, 'model-start-from-lm.png');
    await page.getByTestId('lm-transfer').selectOption('fine-tune');
    expect(await page.getByTestId('lm-unfreeze').isChecked()).toBe(true);
    expect(await page.getByTestId('lm-layer-lr-decay').inputValue()).toBe('2.6');
    // The trunk's sizes are the language model's.
    expect(await page.getByTestId('encoder-hidden').inputValue()).toBe('24');

    await page.getByTestId('next-train').click();
    await setTraining(page, { epochs: '1', batchSize: '32', lr: '0.005' });
    // NOTE: the run's state, not the step chart: a second run this short can finish before the
    // throttled chart redraws, and the chart is not what this test is about.
    const {
      lmBundle,
      bundle: clsBundle,
      lm,
      model: cls,
    } = await finishTransferRun(page, 'classify');
    expect(cls.spec.train.initFrom).toBe(`${lmBundle.runId}.rnnmodel`);
    expect(cls.spec.train.transfer).toBe('fine-tune');
    expect(cls.spec.train.unfreeze).toBe('gradual');
    expect(cls.spec.train.layerLrDecay).toBe(2.6);
    expect(cls.spec.data.tokenizer).toBe(lm.spec.data.tokenizer ?? 'char');
    expect(cls.vocabularies.vocab).toEqual(lm.vocabularies.vocab);
    // Gradual unfreezing: epoch 1 trains the head only, so the model started from the LM's rows
    // and recurrent weights and still holds them bit for bit (a fresh model would not).
    const w = (b: typeof lm, name: string) => b.weights.get(name)?.data as Float32Array | undefined;
    for (const name of [
      'embedding.weight',
      'rnn.weight_ih_l0',
      'rnn.weight_hh_l0',
      'rnn.bias_ih_l0',
    ]) {
      expect(same(w(cls, name), w(lm, name)), name).toBe(true);
    }
    expect(cls.history).toHaveLength(1);
    expect(Number.isFinite(cls.history[0]?.trainLoss)).toBe(true);

    // Opening a .rnnmodel (the web edition's file input): a classifier is refused, the LM taken.
    const dir = await mkdtemp(join(tmpdir(), 'rnn-e2e-lm-'));
    const clsFile = join(dir, 'reviews-classifier.rnnmodel');
    const lmFile = join(dir, 'reviews-lm.rnnmodel');
    await writeFile(clsFile, new Uint8Array(clsBundle.bytes));
    await writeFile(lmFile, new Uint8Array(lmBundle.bytes));
    await page.getByRole('tab', { name: 'Model' }).click();
    await page.getByTestId('language-model-file').setInputFiles(clsFile);
    await expect
      .poll(() => page.getByTestId('language-model-error').textContent())
      .toContain(
        "'reviews-classifier.rnnmodel' is a classify model; choose a generate (language) model.",
      );
    await page.getByTestId('language-model-file').setInputFiles(lmFile);
    await expect
      .poll(() => page.getByTestId('language-model-chosen').textContent())
      .toContain("Starting from 'reviews-lm.rnnmodel'");
    expect(problems).toEqual([]);
    await context.close();
  });
});
