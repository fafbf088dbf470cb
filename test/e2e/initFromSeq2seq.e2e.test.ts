/** End-to-end, a seq2seq encoder started from a language model: a tiny character LM on Tatoeba's English sentences, then English→Korean pairs started from it in the Model section; the panel says what the encoder takes, the run's spec names the LM, and the decoder-only first epoch leaves the encoder bit-identical to the LM's trunk. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { finishTransferRun, loadFile, setTraining, smallModel, trainToEnd } from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, sharedDataDir, startE2e } from './helpers.ts';

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

/** Tatoeba's pairs 1..300 (English, Korean, attribution) and the English sentences of pairs 301..1300 as a `document` column. */
async function tatoebaFiles(): Promise<{ pairs: string; english: string }> {
  const lines = (await readFile(join(sharedDataDir, 'tatoeba-kor-eng', 'kor.txt'), 'utf8')).split(
    '\n',
  );
  const dir = await mkdtemp(join(tmpdir(), 'rnn-e2e-s2s-lm-'));
  const pairs = join(dir, 'kor-300.txt');
  const english = join(dir, 'english-lm.tsv');
  await writeFile(pairs, `${lines.slice(0, 300).join('\n')}\n`);
  const sentences = lines.slice(300, 1300).map((l, i) => `${i}\t${l.split('\t')[0]}`);
  await writeFile(english, `id\tdocument\n${sentences.join('\n')}\n`);
  return { pairs, english };
}

describe('seq2seq from a language model, end to end', () => {
  it('generate → seq2seq from it: the encoder takes the LM, the spec names it, epoch 1 trains the decoder only', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const files = await tatoebaFiles();
    await loadFile(page, files.english, /Generate/);
    await smallModel(page, { hidden: '24', embedding: '16', modelTab: 'Model' });
    await setTraining(page, { epochs: '1', batchSize: '32', lr: '0.005' });
    await trainToEnd(page, 'Finished');

    // "Use another file": the pairs, as Sequence to sequence (English source, Korean target).
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.getByRole('button', { name: 'Use another file' }).click();
    await page.getByTestId('dataset-file-input').setInputFiles(files.pairs);
    await expect.poll(() => page.getByTestId('dataset-name').textContent()).toBe('kor-300.txt');
    await page.getByRole('radio', { name: /Sequence to sequence/ }).check();
    await page.getByTestId('next-model').click();
    await page.getByTestId('language-model').waitFor();
    const lmRun = page.getByTestId('language-model-run');
    const option = lmRun.locator('option').nth(1);
    await lmRun.selectOption((await option.getAttribute('value')) as string);
    await page.getByTestId('language-model-chosen').waitFor();
    expect(await page.getByTestId('language-model-layers').textContent()).toMatch(
      /^From the language model: the source side's embedding, the encoder's recurrent layer \([A-Z]+, hidden size 24\) and the source side's tokenizer \(Characters\)\. The decoder is new and has the encoder's layers\.$/,
    );
    // seq2seq fine-tunes: no features choice, ULMFiT's knobs shown.
    expect(await page.getByTestId('lm-transfer').count()).toBe(0);
    expect(await page.getByTestId('lm-encoder-note').textContent()).toMatch(
      /^A seq2seq model fine-tunes the language model as its encoder \(ULMFiT\)/,
    );
    expect(await page.getByTestId('lm-unfreeze').isChecked()).toBe(true);
    expect(await page.getByTestId('lm-layer-lr-decay').inputValue()).toBe('2.6');
    expect(await page.getByTestId('encoder-hidden').inputValue()).toBe('24');
    expect(await page.getByTestId('korean-side-hint').textContent()).toBe(
      "The source side reads with the language model's tokenizer and vocabulary. The choice here applies to the target side.",
    );
    await screenshot(page, 'model-seq2seq-from-lm.png');

    await page.getByTestId('next-train').click();
    await setTraining(page, { epochs: '1', batchSize: '32', lr: '0.005' });
    const { lmBundle, lm, model: s2s } = await finishTransferRun(page, 'seq2seq', 180_000);
    expect(s2s.spec.train).toMatchObject({
      initFrom: `${lmBundle.runId}.rnnmodel`,
      transfer: 'fine-tune',
      unfreeze: 'gradual',
      layerLrDecay: 2.6,
    });
    expect(s2s.vocabularies['vocab-src-vocab']).toEqual(lm.vocabularies.vocab);
    const w = (b: typeof lm, name: string) => b.weights.get(name)?.data as Float32Array | undefined;
    for (const [ours, theirs] of [
      ['src_embedding.weight', 'embedding.weight'],
      ['encoder.weight_ih_l0', 'rnn.weight_ih_l0'],
      ['encoder.weight_hh_l0', 'rnn.weight_hh_l0'],
    ] as const) {
      expect(same(w(s2s, ours), w(lm, theirs)), ours).toBe(true);
    }
    expect(Number.isFinite(s2s.history[0]?.trainLoss)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
