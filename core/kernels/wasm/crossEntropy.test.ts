/** The wasm softmax cross-entropy gives the core crossEntropy loss and logit gradients, ignored rows included. */
import { describe, expect, it } from 'vitest';
import { crossEntropy } from '../../nn/losses.ts';
import { Random } from '../../random.ts';
import { backward } from '../../tensor/autograd.ts';
import { Tensor } from '../../tensor/tensor.ts';
import {
  wasmSoftmaxCrossEntropy,
  wasmSoftmaxCrossEntropyBackward,
  wasmSoftmaxCrossEntropyWithGrad,
} from './crossEntropy.ts';
import { loadWasmKernelsSync } from './index.ts';

const kernels = loadWasmKernelsSync();
const rng = new Random(3);

describe('wasm softmax cross-entropy', () => {
  for (const classes of [3000, 17, 2]) {
    it(`matches crossEntropy (mean, ignoreIndex) and its gradient for ${classes} classes`, () => {
      const rows = 37;
      const logits = Float32Array.from({ length: rows * classes }, () => rng.uniform(-8, 8));
      const targets = Int32Array.from({ length: rows }, (_, r) =>
        r % 5 === 3 ? -100 : rng.int(classes),
      );
      const x = new Tensor(logits.slice(), [rows, classes], { requiresGrad: true });
      const loss = crossEntropy(x, targets);
      backward(loss);

      const fwd = wasmSoftmaxCrossEntropy(kernels, { logits, classes, targets });
      expect(fwd.count).toBe(rows - 7);
      const mean = fwd.rowLoss.reduce((a, b) => a + b, 0) / fwd.count;
      expect(Math.abs(mean - loss.item())).toBeLessThan(1e-5 * (1 + Math.abs(loss.item())));
      const grad = wasmSoftmaxCrossEntropyBackward(kernels, {
        probs: fwd.probs,
        classes,
        targets,
        scale: 1 / fwd.count,
      });
      const want = x.grad!.data;
      let worst = 0;
      for (let i = 0; i < grad.length; i++)
        worst = Math.max(worst, Math.abs((grad[i] as number) - (want[i] as number)));
      expect(worst).toBeLessThan(1e-6);
      for (let c = 0; c < classes; c++) expect(grad[3 * classes + c]).toBe(0);
    });
  }

  for (const classes of [3000, 17, 2]) {
    for (const reduction of ['mean', 'sum'] as const) {
      it(`gives the forward then backward's loss rows and gradient bit for bit in one pass (${classes} classes, ${reduction})`, () => {
        const rows = 41;
        const logits = Float32Array.from({ length: rows * classes }, () => rng.uniform(-30, 30));
        // A row of equal logits, one with a huge spread (exp underflows to 0), one all ignored.
        logits.fill(0.25, 0, classes);
        for (let c = 0; c < classes; c++) logits[classes + c] = c % 2 === 0 ? 80 : -80;
        const targets = Int32Array.from({ length: rows }, (_, r) =>
          r % 7 === 4 ? -100 : rng.int(classes),
        );
        const fwd = wasmSoftmaxCrossEntropy(kernels, { logits, classes, targets });
        const scale = reduction === 'mean' ? 1 / fwd.count : 1;
        const grad = wasmSoftmaxCrossEntropyBackward(kernels, {
          probs: fwd.probs,
          classes,
          targets,
          scale,
        });
        const fused = wasmSoftmaxCrossEntropyWithGrad(kernels, {
          logits,
          classes,
          targets,
          reduction,
        });
        expect(fused.count).toBe(fwd.count);
        expect(fused.rowLoss).toEqual(fwd.rowLoss);
        expect(fused.grad).toEqual(grad);
      });
    }
  }
});
