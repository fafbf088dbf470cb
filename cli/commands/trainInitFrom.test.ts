/** `rnn-studio train --init-from`: a classifier, tagger or seq2seq encoder starts from a language model the CLI trained, its trunk and tokenizer taken; mismatched sizes and unreadable files are one-line errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { captureIo } from '../../test/support/captureIo.ts';
import { runTrain } from './train.ts';

const nsmc = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'nsmc-sample');
const lines = readFileSync(join(nsmc, 'nsmc_sample_10k.txt'), 'utf8').split('\n');
const dir = mkdtempSync(join(tmpdir(), 'rnn-init-from-'));
const lm = join(dir, 'lm.rnnmodel');
const labeled = join(dir, 'labeled.tsv');
const options = { tasks: taskDefinition };
const SMALL = ['--cell', 'gru', '--hidden', '8', '--layers', '1', '--embedding-dim', '8'];

beforeAll(async () => {
  writeFileSync(
    join(dir, 'unlabeled.txt'),
    `${lines
      .slice(301, 700)
      .map((l) => l.split('\t')[1])
      .join('\n')}\n`,
  );
  writeFileSync(labeled, `${lines.slice(0, 201).join('\n')}\n`);
  const io = captureIo();
  const code = await runTrain(
    [
      '--task',
      'generate',
      '--data',
      join(dir, 'unlabeled.txt'),
      '--out',
      lm,
      '--tokenizer',
      'char',
      ...SMALL,
      '--epochs',
      '1',
      '--batch-size',
      '32',
    ],
    io,
    options,
  );
  expect(code, io.err).toBe(0);
}, 120_000);

describe('rnn-studio train --init-from', () => {
  it('fine-tunes a classifier from the language model: its trunk (head only in epoch 1), tokenizer and vocabulary', async () => {
    const out = join(dir, 'clf.rnnmodel');
    const io = captureIo();
    const args = [
      '--task',
      'classify',
      '--data',
      labeled,
      '--text-col',
      'document',
      '--label-col',
      'label',
    ];
    const code = await runTrain(
      [...args, '--init-from', lm, '--transfer', 'fine-tune', '--epochs', '1', '--out', out],
      io,
      options,
    );
    expect(code, io.err).toBe(0);
    const model = readBundle(readFileSync(out));
    const source = readBundle(readFileSync(lm));
    expect(model.spec.train.initFrom).toBe('lm.rnnmodel');
    expect(model.spec.model.recurrent).toEqual(source.spec.model.recurrent);
    expect(model.spec.data.tokenizer).toBe('char');
    expect(model.vocabularies.vocab).toEqual(source.vocabularies.vocab);
    for (const [name, w] of source.weights) {
      if (name.startsWith('head.')) continue;
      expect(Array.from(model.weights.get(name)?.data ?? []), name).toEqual(Array.from(w.data));
    }
    expect(io.err).toMatch(
      /Started from 'lm\.rnnmodel': 5 embedding and recurrent weights, .* training tokens .* read as <unk>\./,
    );
    expect(io.err).toContain('Epoch 1: training the head only (gradual unfreezing).');
  }, 120_000);

  it('starts a tagger from it by default as features: no character encoder, its vocabulary, its trunk frozen under lm.*', async () => {
    const klue = join(nsmc, '..', 'klue-ner', 'klue-ner-v1.1_dev.first2000.tsv');
    const tagged = join(dir, 'klue.tsv');
    const sentences = readFileSync(klue, 'utf8').split('\n\n').slice(0, 40);
    writeFileSync(tagged, `${sentences.join('\n\n')}\n`);
    const out = join(dir, 'tagger.rnnmodel');
    const io = captureIo();
    const code = await runTrain(
      ['--task', 'tag', '--data', tagged, '--init-from', lm, '--epochs', '1', '--out', out],
      io,
      options,
    );
    expect(code, io.err).toBe(0);
    const model = readBundle(readFileSync(out));
    const source = readBundle(readFileSync(lm));
    expect(model.spec.model.charEncoder).toBeUndefined();
    expect(model.spec.model.recurrent).toEqual(source.spec.model.recurrent);
    expect(model.spec.train.transfer).toBe('features');
    expect(model.spec.model.lmFeatures?.recurrent.hiddenSize).toBe(
      source.spec.model.recurrent.hiddenSize,
    );
    expect(model.vocabularies.vocab).toEqual(source.vocabularies.vocab);
    // The language model's trunk, untouched by a training epoch; the tagger's own trunk beside it.
    for (const name of ['embedding.weight', 'rnn.weight_ih_l0', 'rnn.weight_hh_l0']) {
      const w = source.weights.get(name);
      expect(Array.from(model.weights.get(`lm.${name}`)?.data ?? []), name).toEqual(
        Array.from(w?.data ?? []),
      );
    }
    expect(model.weights.get('rnn.weight_ih_l0')?.shape[1]).toBe(
      (source.spec.model.embeddingDim ?? 0) + source.spec.model.recurrent.hiddenSize,
    );
    expect(io.err).toContain('The language model runs frozen');
    expect(io.err).not.toContain('gradual unfreezing');
  }, 120_000);

  it('trains a backward LM (--direction backward) and starts a tagger from both (--init-from-backward)', async () => {
    const backward = join(dir, 'lm-backward.rnnmodel');
    const lmArgs = [
      '--task',
      'generate',
      '--data',
      join(dir, 'unlabeled.txt'),
      '--tokenizer',
      'char',
    ];
    const trained = captureIo();
    const lmCode = await runTrain(
      [
        ...lmArgs,
        ...SMALL,
        '--direction',
        'backward',
        '--epochs',
        '1',
        '--batch-size',
        '32',
        '--out',
        backward,
      ],
      trained,
      options,
    );
    expect(lmCode, trained.err).toBe(0);
    expect(readBundle(readFileSync(backward)).spec.model.direction).toBe('backward');
    const klue = join(nsmc, '..', 'klue-ner', 'klue-ner-v1.1_dev.first2000.tsv');
    const tagged = join(dir, 'klue-bi.tsv');
    writeFileSync(
      tagged,
      `${readFileSync(klue, 'utf8').split('\n\n').slice(0, 40).join('\n\n')}\n`,
    );
    const out = join(dir, 'tagger-bi.rnnmodel');
    const io = captureIo();
    const tagArgs = ['--task', 'tag', '--data', tagged, '--init-from', lm, '--epochs', '1'];
    const code = await runTrain(
      [...tagArgs, '--init-from-backward', backward, '--out', out],
      io,
      options,
    );
    expect(code, io.err).toBe(0);
    const model = readBundle(readFileSync(out));
    expect(model.spec.train.initFromBackward).toBe('lm-backward.rnnmodel');
    expect(model.spec.model.lmFeatures?.backward?.recurrent.hiddenSize).toBe(8);
    const source = readBundle(readFileSync(backward));
    expect(Array.from(model.weights.get('lm.backward.rnn.weight_hh_l0')?.data ?? [])).toEqual(
      Array.from(source.weights.get('rnn.weight_hh_l0')?.data ?? [0]),
    );
    // Its own GRU of 8 reads its embedding (8) ‖ the forward LM's state (8) ‖ the backward one's (8).
    expect(model.weights.get('rnn.weight_ih_l0')?.shape).toEqual([24, 24]);
    expect(io.err).toContain("With 'lm-backward.rnnmodel', a backward language model");
    const alone = captureIo();
    expect(
      await runTrain(
        ['--task', 'tag', '--data', tagged, '--init-from-backward', backward, '--out', out],
        alone,
        options,
      ),
    ).not.toBe(0);
    expect(alone.err).toContain("Option '--init-from-backward' needs '--init-from <lm.rnnmodel>'.");
  }, 180_000);

  it("starts seq2seq's encoder from it (fine-tuned, the decoder alone in epoch 1) and refuses features", async () => {
    const tatoeba = join(nsmc, '..', 'tatoeba-kor-eng', 'kor.txt');
    const pairs = readFileSync(tatoeba, 'utf8').split('\n').slice(0, 200);
    const file = join(dir, 'pairs.tsv');
    writeFileSync(
      file,
      `en\tko\n${pairs.map((l) => l.split('\t').slice(0, 2).join('\t')).join('\n')}\n`,
    );
    const out = join(dir, 's2s.rnnmodel');
    const args = ['--task', 'seq2seq', '--data', file, '--source-col', 'ko', '--target-col', 'en'];
    const io = captureIo();
    const code = await runTrain(
      [...args, '--init-from', lm, '--epochs', '1', '--out', out],
      io,
      options,
    );
    expect(code, io.err).toBe(0);
    const model = readBundle(readFileSync(out));
    const source = readBundle(readFileSync(lm));
    expect(model.spec.train).toMatchObject({ initFrom: 'lm.rnnmodel', transfer: 'fine-tune' });
    expect(model.spec.model.recurrent).toEqual(source.spec.model.recurrent);
    expect(model.vocabularies['vocab-src-vocab']).toEqual(source.vocabularies.vocab);
    // Epoch 1 trains the decoder side only: the encoder is still the language model's.
    for (const [name, w] of source.weights) {
      if (!name.startsWith('embedding.') && !name.startsWith('rnn.')) continue;
      const ours = name.replace(/^embedding\./, 'src_embedding.').replace(/^rnn\./, 'encoder.');
      expect(Array.from(model.weights.get(ours)?.data ?? []), ours).toEqual(Array.from(w.data));
    }
    expect(io.err).toContain(
      'They start the source embedding and the encoder; the decoder is new.',
    );
    expect(io.err).toContain('Epoch 1: training the decoder side only (gradual unfreezing).');
    const features = captureIo();
    const refused = [...args, '--init-from', lm, '--transfer', 'features', '--out', out];
    expect(await runTrain(refused, features, options)).toBe(1);
    expect(features.err).toBe(
      "rnn-studio train: train.transfer: seq2seq starts its encoder from 'lm.rnnmodel' by fine-tuning it; train.transfer must be 'fine-tune', got 'features'.\n",
    );
  }, 180_000);

  it('refuses a trunk of another size, and an unreadable model, in one line', async () => {
    const args = [
      '--task',
      'classify',
      '--data',
      labeled,
      '--epochs',
      '1',
      '--out',
      join(dir, 'x.rnnmodel'),
    ];
    const io = captureIo();
    const fineTune = ['--init-from', lm, '--transfer', 'fine-tune', '--hidden', '16'];
    expect(await runTrain([...args, ...fineTune], io, options)).toBe(1);
    expect(io.err).toBe(
      "rnn-studio train: train.initFrom: model.recurrent.hiddenSize must equal the language model's (8 in 'lm.rnnmodel'), got 16 in this classify spec.\n",
    );
    const missing = captureIo();
    const path = join(dir, 'none.rnnmodel');
    expect(await runTrain([...args, '--init-from', path], missing, options)).toBe(1);
    expect(missing.err).toBe(`rnn-studio train: cannot read '${path}': no such file.\n`);
  }, 120_000);
});
