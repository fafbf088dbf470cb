/** End-to-end, "Train a language model now": from Classify on an NSMC-like CSV, the Model section trains a tiny language model on the file's text column with the settings set there, stopped after the user switched task, it keeps what it learned and one click chooses it back in Classify, and the classifier trained next names it (the settings reach the language model's saved spec); from seq2seq, one on the source column becomes the encoder's. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chartSteps, finishTransferRun, loadFile, setTraining } from './flow.ts';
import {
  dropFileOn,
  type E2eEnvironment,
  openApp,
  screenshot,
  sharedDataDir,
  startE2e,
} from './helpers.ts';
import { unexplainedEnglish, visibleText } from './koreanAllowList.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** The first `rows` NSMC reviews as a CSV (id, document, label), quoted as RFC 4180 says. */
async function nsmcCsv(rows: number): Promise<{ csv: string; txt: string }> {
  const tsv = await readFile(join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'), 'utf8');
  const lines = tsv.split('\n').slice(1, rows + 1);
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const csv = lines.map((l) => {
    const [id, doc, label] = l.split('\t');
    return `${id},${quote(doc ?? '')},${label}`;
  });
  const dir = await mkdtemp(join(tmpdir(), 'rnn-e2e-lmflow-'));
  const csvPath = join(dir, 'nsmc-reviews.csv');
  const txtPath = join(dir, 'unlabeled-reviews.txt');
  await writeFile(csvPath, `id,document,label\n${csv.join('\n')}\n`);
  await writeFile(txtPath, `${lines.map((l) => l.split('\t')[1]).join('\n')}\n`);
  return { csv: csvPath, txt: txtPath };
}

describe('train a language model in the Model section, end to end', () => {
  it('classify → train its LM in the panel → task switched, stopped → back in Classify one click chooses it → the classifier names it', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const files = await nsmcCsv(400);
    await loadFile(page, files.csv, /Classify/);
    await page.getByTestId('next-model').click();
    const panel = page.getByTestId('language-model');
    await panel.getByTestId('lm-train').waitFor();

    // Another unlabeled file, dropped: inspected and named; then back to this file's column.
    await page.getByTestId('lm-text-source').selectOption('other-file');
    await dropFileOn(page, 'lm-text-drop', files.txt, 'text/plain');
    await expect
      .poll(() => page.getByTestId('lm-text-other').textContent())
      .toMatch(/^Reads column '.+' of 'unlabeled-reviews\.txt' \(\d+ rows\)\.$/);
    // Kept while the user looks at another section.
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.getByRole('tab', { name: 'Model' }).click();
    expect(await page.getByTestId('lm-text-source').inputValue()).toBe('other-file');
    expect(await page.getByTestId('lm-text-other').textContent()).toMatch(
      /'unlabeled-reviews\.txt'/,
    );
    await page.getByTestId('lm-text-source').selectOption('this-file');
    expect(await page.getByTestId('lm-text-source').locator('option').first().textContent()).toBe(
      "This file's text: column 'document'",
    );

    // The transfer scripts' defaults, then tiny sizes and a budget of our own.
    expect(await page.getByTestId('lm-train-tokenizer').inputValue()).toBe('char');
    expect(await page.getByTestId('lm-train-cell').inputValue()).toBe('gru');
    expect(await page.getByTestId('lm-train-hiddenSize').inputValue()).toBe('128');
    expect(await page.getByTestId('lm-train-embeddingDim').inputValue()).toBe('64');
    expect(await page.getByTestId('lm-train-numLayers').inputValue()).toBe('1');
    await page.getByTestId('lm-train-hiddenSize').fill('24');
    await page.getByTestId('lm-train-embeddingDim').fill('16');
    await page.getByTestId('lm-train-epochs').fill('200');
    await page.getByTestId('lm-train-minutes').fill('2.5');
    await page.getByTestId('lm-train-start').click();

    // It trains as a run, here with its progress and live chart.
    const lmRun = page.getByTestId('lm-train-run');
    await expect.poll(() => lmRun.getAttribute('data-status')).toBe('training');
    await expect.poll(() => chartSteps(page), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => lmRun.getByTestId('run-panel').textContent(), { timeout: 120_000 })
      .toContain('Epoch 2 of 200');
    expect(await page.getByTestId('lm-train-start').isDisabled()).toBe(true);
    await screenshot(page, 'model-train-lm.png');

    // The user switches to another task and stops the language model in Train: it keeps what it
    // learned but is not chosen for a model it was not trained for. Back in Classify, one click
    // chooses it.
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.getByRole('radio', { name: /Generate/ }).check();
    await page.getByRole('tab', { name: 'Train' }).click();
    await page.getByTestId('run-panel').getByTestId('stop').click();
    await expect
      .poll(() => page.getByTestId('run-state').getAttribute('data-state'), { timeout: 120_000 })
      .toBe('finished');
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.getByRole('radio', { name: /Classify/ }).check();
    await page.getByRole('tab', { name: 'Model' }).click();
    await expect.poll(() => lmRun.getAttribute('data-status')).toBe('ready');
    expect(await page.getByTestId('lm-train-status').textContent()).toMatch(
      /finished after you opened another file or switched task, so it was not chosen for this model\./,
    );
    expect(await page.getByTestId('language-model-chosen').count()).toBe(0);
    await lmRun.scrollIntoViewIfNeeded();
    await screenshot(page, 'model-train-lm-ready.png');
    await lmRun.getByTestId('lm-train-use').click();
    await expect.poll(() => lmRun.getAttribute('data-status')).toBe('chosen');
    expect(await page.getByTestId('language-model-chosen').textContent()).toMatch(
      /Starting from 'run-.+\.rnnmodel'/,
    );
    expect(await page.getByTestId('language-model-layers').textContent()).toBe(
      'From the language model: the embedding, the recurrent layer (GRU, hidden size 24) and its tokenizer (Characters). The head is new.',
    );
    expect(await page.getByTestId('lm-train-status').textContent()).toMatch(
      /is this model's language model now\. Start training in Train as usual\.$/,
    );

    // The classifier, started as usual: the language model is one of the session's runs.
    await page.getByTestId('next-train').click();
    expect(await page.getByTestId('runs-table').textContent()).toContain(
      '#1 · nsmc-reviews · GRU 24Generate',
    );
    await setTraining(page, { epochs: '1', batchSize: '32', lr: '0.005' });
    const { lmBundle, lm, model: cls } = await finishTransferRun(page, 'classify');
    // What was set in the panel reached the language model's saved spec.
    expect(lm.spec.data).toMatchObject({
      textColumn: 'document',
      tokenizer: 'char',
      minFreq: 1,
      maxVocab: 5000,
    });
    expect(lm.spec.model.embeddingDim).toBe(16);
    expect(lm.spec.model.recurrent).toMatchObject({ cell: 'gru', hiddenSize: 24, numLayers: 1 });
    expect(lm.spec.train).toMatchObject({ epochs: 200, maxMinutes: 2.5 });
    expect(lm.history.length).toBeGreaterThanOrEqual(1);
    // …and the classifier names it and reads it.
    expect(cls.spec.train.initFrom).toBe(`${lmBundle.runId}.rnnmodel`);
    expect(cls.spec.train.transfer).toBe('features');
    expect(cls.spec.model.lmFeatures).toMatchObject({
      embeddingDim: 16,
      recurrent: { cell: 'gru', hiddenSize: 24, numLayers: 1 },
    });
    expect(cls.spec.data.tokenizer).toBe('char');
    expect(cls.vocabularies.vocab).toEqual(lm.vocabularies.vocab);

    // In Korean, the panel (the chosen model and "Train a language model now") reads in Korean.
    await page.getByRole('tab', { name: 'Model' }).click();
    await page.getByRole('button', { name: '한국어', exact: true }).click();
    const ko = page.getByTestId('lm-train');
    await expect.poll(() => ko.textContent()).toContain('지금 언어 모델 학습');
    const words = unexplainedEnglish(await visibleText(panel, 'code, pre'), ['nsmc-reviews']);
    expect(words).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("seq2seq → its LM on the source column in the panel → chosen as the encoder's → the run names it", async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const kor = (await readFile(join(sharedDataDir, 'tatoeba-kor-eng', 'kor.txt'), 'utf8'))
      .split('\n')
      .slice(0, 300);
    const pairs = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-lmflow-')), 'kor-300.txt');
    await writeFile(pairs, `${kor.join('\n')}\n`);
    await loadFile(page, pairs, /Sequence to sequence/);
    await page.getByTestId('next-model').click();
    const source = page.getByTestId('lm-text-source');
    const column = /^This file's text: column '(.+)'$/.exec(
      (await source.locator('option').first().textContent()) ?? '',
    )?.[1];
    expect(column).toBeDefined();
    expect(await page.getByTestId('lm-train').textContent()).toContain(
      "The seq2seq encoder takes these sizes as they are; its decoder follows the encoder's layers.",
    );
    await page.getByTestId('lm-train-tokenizer').selectOption('word');
    await page.getByTestId('lm-train-cell').selectOption('lstm');
    await page.getByTestId('lm-train-hiddenSize').fill('16');
    await page.getByTestId('lm-train-embeddingDim').fill('8');
    await page.getByTestId('lm-train-numLayers').fill('2');
    await page.getByTestId('lm-train-minFreq').fill('2');
    await page.getByTestId('lm-train-maxVocab').fill('60');
    await page.getByTestId('lm-train-epochs').fill('1');
    await page.getByTestId('lm-train-start').click();
    await expect
      .poll(() => page.getByTestId('lm-train-run').getAttribute('data-status'), {
        timeout: 120_000,
      })
      .toBe('chosen');
    expect(await page.getByTestId('language-model-layers').textContent()).toBe(
      "From the language model: the source side's embedding, the encoder's 2 recurrent layers (LSTM, hidden size 16) and the source side's tokenizer (Words). The decoder is new and has the encoder's layers.",
    );

    await page.getByTestId('next-train').click();
    await setTraining(page, { epochs: '1', batchSize: '32', lr: '0.005' });
    const { lmBundle, lm, model: s2s } = await finishTransferRun(page, 'seq2seq', 180_000);
    // The vocabulary settings reached the language model; the encoder keeps its vocabulary.
    expect(lm.spec.data).toMatchObject({
      textColumn: column,
      tokenizer: 'word',
      minFreq: 2,
      maxVocab: 60,
    });
    expect(lm.vocabularies.vocab).toHaveLength(60);
    expect(lm.spec.model.embeddingDim).toBe(8);
    expect(lm.spec.model.recurrent).toMatchObject({ cell: 'lstm', hiddenSize: 16, numLayers: 2 });
    expect(lm.spec.train.epochs).toBe(1);
    expect(s2s.spec.data.sourceColumn).toBe(column);
    expect(s2s.spec.train).toMatchObject({
      initFrom: `${lmBundle.runId}.rnnmodel`,
      transfer: 'fine-tune',
    });
    expect(s2s.spec.model.recurrent).toMatchObject({ cell: 'lstm', hiddenSize: 16, numLayers: 2 });
    expect(s2s.spec.model.embeddingDim).toBe(8);
    expect(s2s.vocabularies['vocab-src-vocab']).toEqual(lm.vocabularies.vocab);
    expect(problems).toEqual([]);
    await context.close();
  });
});
