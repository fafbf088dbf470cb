/** Tests for clipGradNorm against torch.nn.utils.clip_grad_norm_ (test/fixtures/optim.json). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor/tensor.ts';
import { clipGradNorm } from './clipGrad.ts';

interface ClipCase {
  normType: number | 'inf';
  maxNorm: number;
  grads: number[][];
  totalNorm: number;
  clipped: number[][];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/optim.json', import.meta.url), 'utf8'),
) as { shapes: number[][]; clipGradNorm: ClipCase[] };

function withGrads(grads: number[][]): Tensor[] {
  return grads.map((g, i) => {
    const shape = fixture.shapes[i] as number[];
    const p = new Tensor(new Float32Array(g.length), shape, { requiresGrad: true });
    p.grad = new Tensor(Float32Array.from(g), shape);
    return p;
  });
}

describe('clipGradNorm', () => {
  for (const c of fixture.clipGradNorm) {
    it(`norm ${c.normType}, maxNorm ${c.maxNorm}: returns PyTorch's total norm and scales like it`, () => {
      const params = withGrads(c.grads);
      const total = clipGradNorm(params, c.maxNorm, c.normType);
      expect(Math.abs(total - c.totalNorm)).toBeLessThanOrEqual(1e-5 * c.totalNorm);
      params.forEach((p, i) => {
        (c.clipped[i] as number[]).forEach((want, j) => {
          expect(Math.abs((p.grad?.data[j] as number) - want)).toBeLessThanOrEqual(
            1e-6 + 1e-5 * Math.abs(want),
          );
        });
      });
    });
  }

  it('fixtures include both clipped and unclipped cases', () => {
    const clipped = fixture.clipGradNorm.filter((c) => c.totalNorm > c.maxNorm);
    expect(clipped.length).toBeGreaterThan(0);
    expect(clipped.length).toBeLessThan(fixture.clipGradNorm.length);
  });

  it('accepts Infinity for the max norm, ignores parameters without gradients, and gives 0 for none', () => {
    const [a, b] = withGrads([
      [3, -4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      [1, 2, 2, 0, 0],
    ]) as [Tensor, Tensor];
    b.grad = null;
    expect(clipGradNorm([a, b], 10, Number.POSITIVE_INFINITY)).toBe(4);
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5, 6);
    expect(Math.hypot(...(a.grad?.data ?? []))).toBeCloseTo(1, 5);
    expect(clipGradNorm([b], 1)).toBe(0);
  });

  it('rejects a bad maxNorm or normType, and a non-finite norm when asked to', () => {
    const params = withGrads([[Number.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]);
    expect(() => clipGradNorm(params, -1)).toThrow(
      'clipGradNorm: maxNorm must be a non-negative number, got -1.',
    );
    expect(() => clipGradNorm(params, 1, 0)).toThrow(
      "clipGradNorm: normType must be a positive number or 'inf', got 0.",
    );
    expect(() => clipGradNorm(params, 1, 2, { errorIfNonfinite: true })).toThrow(
      'clipGradNorm: the total gradient norm of order 2 must be finite, got NaN.',
    );
    expect(clipGradNorm(params, 1)).toBeNaN();
    expect(params[0]?.grad?.data[1]).toBeNaN();
  });
});
