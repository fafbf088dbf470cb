/** Arguments are checked once, above the backends: a bad target, id or gradient is refused by the op with its own message before any kernel is called. */
import { afterEach, describe, expect, it } from 'vitest';
import { installRecordingBackend } from '../../test/support/recordingBackend.ts';
import { ConfigError, ShapeError } from '../errors.ts';
import { getBackend, setBackend } from '../kernels/backend.ts';
import { Adam } from '../optim/adam.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Embedding } from './embedding.ts';
import { crossEntropy, linearCrossEntropy } from './losses.ts';

const installed = getBackend();
afterEach(() => setBackend(installed));

function leaf(values: number[], shape: number[]): Tensor {
  return new Tensor(Float32Array.from(values), shape, { requiresGrad: true });
}

describe('argument checks above the backends', () => {
  it('crossEntropy refuses a target outside the classes before any kernel runs', () => {
    const calls = installRecordingBackend();
    const logits = leaf([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [2, 3]);
    expect(() => crossEntropy(logits, [0, 3])).toThrow(ConfigError);
    expect(calls).toEqual([]);
    // Positive control: a valid call does reach the backend.
    crossEntropy(logits, [0, 2]);
    expect(calls).toContain('softmaxCrossEntropyWithGrad');
  });

  it('the fused head refuses a target outside the classes before any kernel runs', () => {
    const calls = installRecordingBackend();
    const x = leaf([1, 2, 3, 4], [2, 2]);
    const w = leaf([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [3, 2]);
    expect(() => linearCrossEntropy(x, w, null, [0, 7])).toThrow(ConfigError);
    expect(calls).toEqual([]);
    linearCrossEntropy(x, w, null, [0, 1]);
    expect(calls).toEqual(['linearCrossEntropyWithGrad']);
  });

  it('Embedding refuses an id outside the table before any kernel runs', () => {
    const embedding = new Embedding(4, 2);
    const calls = installRecordingBackend();
    expect(() => embedding.forward([1, 4])).toThrow(
      'Embedding: ids[1] must be an integer in [0, 4), got 4.',
    );
    expect(calls).toEqual([]);
    embedding.forward([1, 3]);
    expect(calls).toEqual(['embeddingGather']);
  });

  it('an optimizer refuses a gradient of the wrong size before any kernel runs', () => {
    const p = leaf([1, 2, 3], [3]);
    const adam = new Adam([p]);
    const calls = installRecordingBackend();
    p.grad = new Tensor(new Float32Array(2), [2]);
    expect(() => adam.step()).toThrow(ShapeError);
    expect(() => adam.step()).toThrow(
      "Adam.step: params[0].grad size must equal the parameter's size 3, got 2.",
    );
    expect(calls).toEqual([]);
    p.grad = new Tensor(new Float32Array(3), [3]);
    adam.step();
    expect(calls).toContain('adamStep');
  });
});
