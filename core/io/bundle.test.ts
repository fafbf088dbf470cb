/** Model bundles: round trip, deterministic bytes, and clear errors for corrupt, incomplete or newer files. */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  type CraftedEntry,
  craftZip,
  deflatedEntry,
  zerosDeflateStream,
} from '../../test/support/craftZip.ts';
import type { RunSpec } from '../tasks/spec.ts';
import { BUNDLE_FORMAT, type ModelBundle, readBundle, writeBundle } from './bundle.ts';

const spec: RunSpec = {
  version: 1,
  task: 'classify',
  data: { textColumn: 'text', labelColumn: 'label', tokenizer: 'char' },
  model: {
    embeddingDim: 8,
    recurrent: {
      cell: 'gru',
      hiddenSize: 4,
      numLayers: 1,
      bidirectional: false,
      dropout: 0,
      nonlinearity: 'tanh',
    },
  },
  train: {
    epochs: 2,
    batchSize: 4,
    lr: 0.01,
    optimizer: 'adam',
    weightDecay: 0,
    clipNorm: 1,
    schedule: 'constant',
    seed: 1,
    valSplit: 0.1,
    testSplit: 0.1,
    earlyStoppingPatience: 0,
    maxMinutes: 0,
  },
};

function sample(): ModelBundle {
  return {
    spec,
    taskState: { labels: ['neg', 'pos'] },
    weights: new Map([
      ['embedding.weight', { shape: [3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
      ['head.bias', { shape: [2], data: Float32Array.from([-1, 0.5]) }],
      // The GRU's weights: the reader checks the spec's recurrent stack fits what the file holds.
      ['rnn.weight_ih_l0', { shape: [12, 8], data: new Float32Array(96).fill(0.25) }],
    ]),
    vocabularies: { vocab: ['<pad>', '<unk>', 'a'] },
    history: [{ epoch: 1, step: 3, trainLoss: 0.7, val: { accuracy: 0.5 }, lr: 0.01, seconds: 1 }],
    metrics: { accuracy: 0.75 },
  };
}

/** Rewrites one entry of a bundle zip (or drops it when `bytes` is null). */
function patch(bytes: Uint8Array, name: string, replacement: Uint8Array | null): Uint8Array {
  const entries: Record<string, Uint8Array> = unzipSync(bytes);
  if (replacement === null) delete entries[name];
  else entries[name] = replacement;
  return zipSync(entries);
}

describe('model bundle', () => {
  it('round-trips spec, task state, weights, vocabularies, history and metrics', () => {
    const back = readBundle(writeBundle(sample()));
    expect(back.spec).toEqual(spec);
    expect(back.taskState).toEqual({ labels: ['neg', 'pos'] });
    expect([...back.weights.keys()]).toEqual(['embedding.weight', 'head.bias', 'rnn.weight_ih_l0']);
    expect(back.weights.get('embedding.weight')?.shape).toEqual([3, 2]);
    expect([...(back.weights.get('head.bias')?.data ?? [])]).toEqual([-1, 0.5]);
    expect(back.vocabularies).toEqual({ vocab: ['<pad>', '<unk>', 'a'] });
    expect(back.history[0]?.val.accuracy).toBe(0.5);
    expect(back.metrics).toEqual({ accuracy: 0.75 });
  });

  it('holds config.json, model.safetensors, vocab.json and history.json', () => {
    const entries = unzipSync(writeBundle(sample()));
    expect(Object.keys(entries).sort()).toEqual([
      'config.json',
      'history.json',
      'model.safetensors',
      'vocab.json',
    ]);
    const config = JSON.parse(new TextDecoder().decode(entries['config.json']));
    expect(config).toMatchObject({ format: BUNDLE_FORMAT, app: 'rnn-studio', task: 'classify' });
  });

  it('writes the same bytes for the same content', () => {
    expect(writeBundle(sample())).toEqual(writeBundle(sample()));
  });

  it('refuses bytes that are not a zip', () => {
    expect(() => readBundle(strToU8('hello, not a zip at all'), 'm.rnnmodel')).toThrow(
      /^m\.rnnmodel: this is not an RNN Studio model \(the zip is corrupt or truncated: .*\); open a model saved by RNN Studio, or save this one again\.$/,
    );
  });

  it('refuses a truncated zip', () => {
    const bytes = writeBundle(sample());
    expect(() => readBundle(bytes.subarray(0, bytes.length - 30), 'm.rnnmodel')).toThrow(
      /^m\.rnnmodel: this is not an RNN Studio model/,
    );
  });

  it('names a missing entry', () => {
    const bytes = patch(writeBundle(sample()), 'model.safetensors', null);
    expect(() => readBundle(bytes, 'm.rnnmodel')).toThrow(
      "m.rnnmodel: the model is incomplete: the entry 'model.safetensors' is missing; open a model saved by RNN Studio, or save this one again.",
    );
  });

  it('refuses a newer format version with an update hint', () => {
    const bytes = writeBundle(sample());
    const config = JSON.parse(new TextDecoder().decode(unzipSync(bytes)['config.json']));
    const newer = patch(bytes, 'config.json', strToU8(JSON.stringify({ ...config, format: 3 })));
    expect(() => readBundle(newer, 'm.rnnmodel')).toThrow(
      'm.rnnmodel: This model was saved by a newer RNN Studio (format 3); this version reads up to format 1. Update RNN Studio.',
    );
  });

  it('names a config.json that is not JSON', () => {
    const bytes = patch(writeBundle(sample()), 'config.json', strToU8('{nope'));
    expect(() => readBundle(bytes, 'm.rnnmodel')).toThrow(
      /^m\.rnnmodel: the entry 'config\.json' must be JSON, got an error: /,
    );
  });

  it('refuses a vocabulary name outside vocab / vocab-<word>', () => {
    expect(() => writeBundle({ ...sample(), vocabularies: { '../evil': [] } })).toThrow(
      "writeBundle: a vocabulary name must be 'vocab' or 'vocab-<word>', got '../evil'.",
    );
  });

  it("refuses 'vocabularies: 5' and a vocabulary name that climbs out of the folder, in one line", () => {
    const bytes = writeBundle(sample());
    const config = JSON.parse(new TextDecoder().decode(unzipSync(bytes)['config.json']));
    const five = patch(
      bytes,
      'config.json',
      strToU8(JSON.stringify({ ...config, vocabularies: 5 })),
    );
    expect(() => readBundle(five, 'm.rnnmodel')).toThrow(
      'm.rnnmodel: config.json is not valid: vocabularies: Invalid input: expected array, received number; open a model saved by RNN Studio, or save this one again.',
    );
    const climbing = patch(
      bytes,
      'config.json',
      strToU8(JSON.stringify({ ...config, vocabularies: ['../package'] })),
    );
    expect(() => readBundle(climbing, 'm.rnnmodel')).toThrow(
      "m.rnnmodel: config.json is not valid: vocabularies.0: must be 'vocab' or 'vocab-<word>'; open a model saved by RNN Studio, or save this one again.",
    );
  });

  it('refuses an entry the bundle format does not have, such as ../package.json', () => {
    const bytes = patch(writeBundle(sample()), '../package.json', strToU8('{}'));
    expect(() => readBundle(bytes, 'm.rnnmodel')).toThrow(
      "m.rnnmodel: the entry '../package.json' does not belong in this file; open a model saved by RNN Studio, or save this one again.",
    );
  });

  it('refuses non-finite weights, naming the tensor', () => {
    const nan = sample();
    nan.weights.set('head.bias', { shape: [2], data: Float32Array.from([Number.NaN, 0]) });
    expect(() => readBundle(writeBundle(nan), 'm.rnnmodel')).toThrow(
      "m.rnnmodel: model.safetensors: the weight 'head.bias' holds NaN at index 0; a usable model has finite weights only. Retrain the model or export it again.",
    );
  });

  it('refuses a spec whose recurrent stack is larger than the cap, before reading the weights', () => {
    const huge = sample();
    huge.spec = {
      ...spec,
      model: {
        ...spec.model,
        recurrent: { ...spec.model.recurrent, hiddenSize: 4096, numLayers: 2 },
      },
    };
    expect(() => readBundle(writeBundle(huge), 'm.rnnmodel')).toThrow(
      "m.rnnmodel: config.json's spec describes a model of at least 151,056,384 parameters; RNN Studio opens models of at most 67,108,864 parameters (256 MiB of float32); open a model saved by RNN Studio, or save this one again.",
    );
  });

  it('refuses a spec whose recurrent stack needs more weights than the file holds', () => {
    const bigger = sample();
    bigger.spec = {
      ...spec,
      model: { ...spec.model, recurrent: { ...spec.model.recurrent, hiddenSize: 64 } },
    };
    expect(() => readBundle(writeBundle(bigger), 'm.rnnmodel')).toThrow(
      'm.rnnmodel: the spec describes at least 12,864 parameters, but model.safetensors holds 104; the file is damaged or was edited; open a model saved by RNN Studio, or save this one again.',
    );
  });

  it('refuses a weights header asking for more than 64 Mi values, having inflated only the header', () => {
    const values = 70_000_000;
    const header = new TextEncoder().encode(
      JSON.stringify({
        w: { dtype: 'BF16', shape: [values], data_offsets: [0, 2 * values] },
      }).padEnd(96),
    );
    const prefix = new Uint8Array(8 + header.length);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(header.length), true);
    prefix.set(header, 8);
    const entries = unzipSync(writeBundle(sample()));
    const weights: CraftedEntry = {
      name: 'model.safetensors',
      data: zerosDeflateStream(134, prefix),
      method: 8,
      size: prefix.length + 2 * values,
      crc: 0,
    };
    const bytes = craftZip([
      ...Object.entries(entries)
        .filter(([name]) => name !== 'model.safetensors')
        .map(([name, content]) => deflatedEntry(name, content)),
      weights,
    ]);
    expect(() => readBundle(bytes, 'm.rnnmodel')).toThrow(
      'm.rnnmodel: model.safetensors holds 70,000,000 values; RNN Studio opens models of at most 67,108,864 parameters (256 MiB of float32); open a model saved by RNN Studio, or save this one again.',
    );
  });
});
