/** The tensor ops compute on the installed backend: each reaches its kernel through getBackend(), forward and backward, so a faster backend drops in without touching them. */
import { afterEach, describe, expect, it } from 'vitest';
import { installRecordingBackend } from '../../test/support/recordingBackend.ts';
import { getBackend, setBackend } from '../kernels/backend.ts';
import { dropout } from '../nn/dropout.ts';
import { Random } from '../random.ts';
import { backward } from './autograd.ts';
import { add, mul, tanh } from './elementwise.ts';
import { maskedFill } from './indexing.ts';
import { logSoftmax, max, mean, sum } from './reduce.ts';
import { concat, narrow, permute } from './shapeOps.ts';
import { Tensor } from './tensor.ts';

const installed = getBackend();
afterEach(() => setBackend(installed));

function leaf(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(
    Float32Array.from({ length: n }, (_, i) => Math.sin(i + 1)),
    shape,
    { requiresGrad: true },
  );
}

/** The kernels one forward and backward of `f` on fresh leaves of `shapes` call, in order. */
function kernelsOf(shapes: number[][], f: (...xs: Tensor[]) => Tensor): string[] {
  const xs = shapes.map(leaf);
  const calls = installRecordingBackend();
  const y = f(...xs);
  backward(y, new Float32Array(y.size).fill(1));
  return calls;
}

describe('tensor ops on the installed backend', () => {
  it('elementwise ops: same-shape, scalar and broadcast binaries, unary maps and their gradients', () => {
    expect(
      kernelsOf(
        [
          [2, 3],
          [2, 3],
        ],
        (a, b) => add(a, b),
      ),
    ).toEqual(['binarySame']);
    expect(kernelsOf([[2, 3]], (a) => mul(a, 2))).toEqual(['binaryScalar', 'binaryScalar']);
    expect(kernelsOf([[2, 3], [3]], (a, b) => add(a, b))).toEqual([
      'binaryBroadcast',
      'sumToOperand',
    ]);
    expect(kernelsOf([[2, 3]], (a) => tanh(a))).toEqual(['unary', 'unaryBackward']);
  });

  it('reductions and softmax along a dimension, forward and backward', () => {
    expect(kernelsOf([[2, 3]], (a) => sum(a, 1))).toEqual(['sumDim', 'expandDim']);
    expect(kernelsOf([[2, 3]], (a) => mean(a, 1))).toEqual(['sumDim', 'binaryScalar', 'expandDim']);
    expect(kernelsOf([[2, 3]], (a) => max(a, 0))).toEqual(['maxDim']);
    expect(kernelsOf([[2, 3]], (a) => logSoftmax(a, 1))).toEqual([
      'softmaxDim',
      'softmaxBackwardDim',
    ]);
  });

  it('data movement: permute, narrow and concat, forward and backward', () => {
    expect(kernelsOf([[2, 3, 4]], (a) => permute(a, [2, 0, 1]))).toEqual([
      'permuteCopy',
      'permuteCopy',
    ]);
    expect(kernelsOf([[2, 5]], (a) => narrow(a, 1, 1, 3))).toEqual(['copySlab', 'copySlab']);
    expect(
      kernelsOf(
        [
          [2, 2],
          [2, 3],
        ],
        (a, b) => concat([a, b], 1),
      ),
    ).toEqual(Array(4).fill('copySlab'));
  });

  it('dropout draws its mask on the backend', () => {
    const calls = kernelsOf([[4, 4]], (a) => dropout(a, { p: 0.5, random: new Random(3) }));
    expect(calls).toEqual(['dropoutMask', 'binarySame']);
  });

  it('an op whose loops stay in the tensor layer calls no kernel (the recorder is not always hit)', () => {
    const mask = new Tensor(Float32Array.of(1, 0, 0, 1, 0, 0), [2, 3]);
    expect(kernelsOf([[2, 3]], (a) => maskedFill(a, mask, 0))).toEqual([]);
  });
});
