/** Checkpoint bytes: a full round trip (optimizer buffers included) and clear errors for damaged files. */
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listZip } from '../io/zipReader.ts';
import { presetSpec } from '../tasks/presets.ts';
import { decodeCheckpoint, encodeCheckpoint, type TrainingCheckpoint } from './checkpoint.ts';

function sample(): TrainingCheckpoint {
  return {
    kind: 'last',
    spec: presetSpec('classify'),
    data: { fileName: 'a.csv', fingerprint: 'x' },
    epoch: 2,
    stepInEpoch: 5,
    step: 25,
    shuffleRng: [1, 2, 3, 4],
    modelRng: [5, 6, 7, 4294967295],
    taskState: { kind: 'classify', labels: ['a', 'b'] },
    weights: new Map([
      ['head.weight', { shape: [1, 2], data: Float32Array.from([0.5, -2]) }],
      // At least as many values as the spec's recurrent stack has: the reader checks they fit.
      ['rnn.all', { shape: [200_000], data: new Float32Array(200_000).fill(0.5) }],
    ]),
    optimizer: {
      kind: 'Adam',
      hyper: { lr: 0.001, beta1: 0.9 },
      state: [
        null,
        { step: 3, expAvg: Float32Array.from([1, 2]), expAvgSq: Float32Array.from([3, 4]) },
      ],
    },
    scheduler: { lastEpoch: 2, baseLr: 0.01, lastLr: 0.005 },
    running: { lossSum: 3.5, lossCount: 5, smoothSum: 0.4, smoothCount: 25 },
    best: { value: 0.8, epoch: 1, badEpochs: 1 },
    history: [],
    elapsedSeconds: 12.5,
  };
}

describe('checkpoint bytes', () => {
  it('round-trips every field, optimizer buffers included', () => {
    const back = decodeCheckpoint(encodeCheckpoint(sample()));
    const { weights, optimizer, ...rest } = back;
    const { weights: w0, optimizer: o0, ...rest0 } = sample();
    expect(rest).toEqual(rest0);
    expect([...(weights.get('head.weight')?.data ?? [])]).toEqual([0.5, -2]);
    expect(optimizer.kind).toBe(o0.kind);
    expect(optimizer.state[0]).toBeNull();
    expect(optimizer.state[1]).toEqual({
      step: 3,
      expAvg: Float32Array.from([1, 2]),
      expAvgSq: Float32Array.from([3, 4]),
    });
    expect(w0.size).toBe(2);
  });

  it('stores the tensors as they are (a copy, not a deflate, at every epoch) and deflates the JSON', () => {
    const entries = listZip(
      encodeCheckpoint(sample()),
      { kind: 'checkpoint', maxEntries: 8, maxEntryBytes: () => 1 << 30, maxTotalBytes: 1 << 30 },
      'a.ckpt',
    );
    expect(Object.fromEntries(entries.map((e) => [e.name, e.method]))).toEqual({
      'checkpoint.json': 8,
      'model.safetensors': 0,
      'optimizer.safetensors': 0,
    });
  });

  it('refuses bytes that are not a checkpoint', () => {
    expect(() => decodeCheckpoint(strToU8('garbage'))).toThrow(
      /^Checkpoint: this is not an RNN Studio checkpoint \(the zip is corrupt or truncated: 7 bytes\); delete it to start over\.$/,
    );
  });
});
