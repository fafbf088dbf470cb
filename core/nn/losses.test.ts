/** Tests for the losses: PyTorch fixtures (forward and gradient), finite differences, and error text. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autograd/gradcheck.ts';
import { Random } from '../random.ts';
import { backward, noGrad } from '../tensor/autograd.ts';
import { Tensor } from '../tensor/tensor.ts';
import { linear } from './linear.ts';
import {
  type CrossEntropyOptions,
  crossEntropy,
  huber,
  l1,
  linearCrossEntropy,
  mse,
  type Reduction,
  smoothL1,
} from './losses.ts';

interface Fixture {
  loss: 'crossEntropy' | 'mse' | 'l1' | 'huber' | 'smoothL1';
  options: {
    reduction: Reduction;
    ignoreIndex?: number;
    labelSmoothing?: number;
    weight?: number[];
    delta?: number;
    beta?: number;
  };
  input: { shape: number[]; data: number[] };
  targets?: number[];
  target?: { shape: number[]; data: number[] };
  upstream?: number[];
  output: { shape: number[]; data: number[] };
  gradInput: number[];
  gradTarget?: number[];
}

const fixtures = (
  JSON.parse(readFileSync(new URL('../../test/fixtures/losses.json', import.meta.url), 'utf8')) as {
    cases: Fixture[];
  }
).cases;

function leaf(data: ArrayLike<number>, shape: number[]): Tensor {
  return new Tensor(Float32Array.from(data), shape, { requiresGrad: true });
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(e)) expect(a).toBeNaN();
    else if (Math.abs(a - e) > atol) {
      expect.fail(`element ${i}: got ${a}, expected ${e} (atol ${atol})`);
    }
  }
}

function runFixture(c: Fixture, input: Tensor, target: Tensor | null): Tensor {
  const o = c.options;
  switch (c.loss) {
    case 'crossEntropy': {
      const options: CrossEntropyOptions = {
        reduction: o.reduction,
        ignoreIndex: o.ignoreIndex,
        labelSmoothing: o.labelSmoothing,
      };
      if (o.weight) options.weight = Float32Array.from(o.weight);
      return crossEntropy(input, c.targets as number[], options);
    }
    case 'mse':
      return mse(input, target as Tensor, { reduction: o.reduction });
    case 'l1':
      return l1(input, target as Tensor, { reduction: o.reduction });
    case 'huber':
      return huber(input, target as Tensor, { reduction: o.reduction, delta: o.delta });
    case 'smoothL1':
      return smoothL1(input, target as Tensor, { reduction: o.reduction, beta: o.beta });
  }
}

function describeCase(c: Fixture, i: number): string {
  const { weight, ...rest } = c.options;
  return `#${i} ${c.loss} [${c.input.shape.join(', ')}] ${JSON.stringify(rest)}${weight ? ' weighted' : ''}`;
}

describe('losses match PyTorch 1.13 (test/fixtures/losses.json)', () => {
  fixtures.forEach((c, i) => {
    it(`${describeCase(c, i)}: output and gradients agree to 1e-5`, () => {
      const input = leaf(c.input.data, c.input.shape);
      const target = c.target ? leaf(c.target.data, c.target.shape) : null;
      const out = runFixture(c, input, target);
      expect(out.shape).toEqual(c.output.shape);
      expectClose(out.data, c.output.data, 1e-5);
      backward(out, c.upstream ? Float32Array.from(c.upstream) : undefined);
      expectClose(input.grad?.data ?? [], c.gradInput, 1e-5);
      if (c.gradTarget) expectClose(target?.grad?.data ?? [], c.gradTarget, 1e-5);
    });
  });

  it('covers every loss, every reduction and the [N, L, C] form', () => {
    expect(new Set(fixtures.map((c) => c.loss))).toEqual(
      new Set(['crossEntropy', 'mse', 'l1', 'huber', 'smoothL1']),
    );
    expect(new Set(fixtures.map((c) => c.options.reduction))).toEqual(
      new Set(['mean', 'sum', 'none']),
    );
    expect(fixtures.some((c) => c.loss === 'crossEntropy' && c.input.shape.length === 3)).toBe(
      true,
    );
    expect(fixtures.some((c) => c.options.weight && (c.options.labelSmoothing ?? 0) > 0)).toBe(
      true,
    );
    expect(fixtures.some((c) => c.targets?.includes(c.options.ignoreIndex ?? -100))).toBe(true);
  });
});

function seeded(n: number, seed: number, scale = 1): Float32Array {
  // A small deterministic sequence away from the kinks of L1/Huber (|d| never near 0 or delta).
  return Float32Array.from({ length: n }, (_, i) => {
    const v = Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453;
    return (v - Math.floor(v) - 0.5) * 2 * scale;
  });
}

describe('loss gradients agree with finite differences (core/autograd/gradcheck.ts)', () => {
  const target0 = seeded(12, 2, 2);
  const x0 = Float32Array.from(target0, (t, i) => t + [0.3, -0.7, 1.9, -2.6, 0.55][i % 5]!);
  const pair = () => [leaf(x0, [3, 4]), leaf(target0, [3, 4])];
  const reductions: Reduction[] = ['mean', 'sum', 'none'];
  for (const reduction of reductions) {
    it(`mse, l1, huber and smoothL1 with reduction '${reduction}', for input and target`, () => {
      gradcheck((x, y) => mse(x as Tensor, y as Tensor, { reduction }), pair());
      gradcheck((x, y) => l1(x as Tensor, y as Tensor, { reduction }), pair());
      gradcheck((x, y) => huber(x as Tensor, y as Tensor, { reduction, delta: 1.2 }), pair());
      gradcheck((x, y) => smoothL1(x as Tensor, y as Tensor, { reduction, beta: 0.4 }), pair());
    });
    it(`crossEntropy with ignore index, smoothing and weights, reduction '${reduction}'`, () => {
      const weight = Float32Array.from([0.5, 1.5, 1, 2]);
      gradcheck(
        (x) => crossEntropy(x as Tensor, [1, -100, 3], { reduction, labelSmoothing: 0.25, weight }),
        [leaf(seeded(12, 5, 3), [3, 4])],
      );
      gradcheck(
        (x) => crossEntropy(x as Tensor, [0, 3, -100, 1, 2, 2], { reduction, labelSmoothing: 0.1 }),
        [leaf(seeded(24, 6, 3), [2, 3, 4])],
      );
    });
  }
});

describe('loss errors', () => {
  const logits = new Tensor(new Float32Array(6), [2, 3]);
  it('names the position and value of an out-of-range target', () => {
    expect(() => crossEntropy(logits, [0, 3])).toThrow(
      'crossEntropy: target at position 1 must be an integer in [0, 3) or ignoreIndex -100, got 3.',
    );
    const logits3d = new Tensor(new Float32Array(12), [2, 2, 3]);
    expect(() => crossEntropy(logits3d, [0, 1, 2, -1])).toThrow(
      'crossEntropy: target at position [1, 1] must be an integer in [0, 3) or ignoreIndex -100, got -1.',
    );
  });
  it('rejects logits that are not 2-D or 3-D and targets of the wrong length', () => {
    expect(() => crossEntropy(new Tensor(new Float32Array(3), [3]), [0])).toThrow(
      'crossEntropy: logits must be [N, C] or [N, L, C], got [3].',
    );
    expect(() => crossEntropy(logits, [0, 1, 2])).toThrow(
      'crossEntropy: targets length must equal N = 2, got 3.',
    );
    expect(() => crossEntropy(new Tensor(new Float32Array(12), [2, 2, 3]), [0])).toThrow(
      'crossEntropy: targets length must equal N·L = 4, got 1.',
    );
  });
  it('rejects a weight of the wrong length, bad smoothing and an unknown reduction', () => {
    expect(() => crossEntropy(logits, [0, 1], { weight: new Float32Array(2) })).toThrow(
      'crossEntropy: weight length must equal the number of classes 3, got 2.',
    );
    expect(() => crossEntropy(logits, [0, 1], { labelSmoothing: 1.5 })).toThrow(
      'crossEntropy: labelSmoothing must be in [0, 1], got 1.5.',
    );
    expect(() => crossEntropy(logits, [0, 1], { reduction: 'avg' as Reduction })).toThrow(
      "crossEntropy: reduction must be 'mean', 'sum' or 'none', got 'avg'.",
    );
  });
  it('refuses to broadcast a regression target and rejects bad delta and beta', () => {
    const x = new Tensor(new Float32Array(4), [4, 1]);
    expect(() => mse(x, new Tensor(new Float32Array(4), [4]))).toThrow(
      'mse: target shape must equal input shape [4, 1], got [4].',
    );
    expect(() => huber(x, x, { delta: 0 })).toThrow('huber: delta must be positive, got 0.');
    expect(() => smoothL1(x, x, { beta: -1 })).toThrow(
      'smoothL1: beta must be non-negative, got -1.',
    );
  });
  it('gives NaN for a mean over only ignored targets, as PyTorch does', () => {
    expect(crossEntropy(logits, [-100, -100]).item()).toBeNaN();
  });
});

describe('linearCrossEntropy (the fused output head)', () => {
  const rng = new Random(7);
  function head(shape: number[], classes: number, options: { bias: boolean }) {
    const inF = shape[shape.length - 1] as number;
    const size = shape.reduce((a, b) => a * b, 1);
    const x = new Tensor(rng.fillUniform(new Float32Array(size), -1, 1), shape, {
      requiresGrad: true,
    });
    const w = new Tensor(
      rng.fillUniform(new Float32Array(classes * inF), -0.5, 0.5),
      [classes, inF],
      {
        requiresGrad: true,
      },
    );
    const b = options.bias
      ? new Tensor(rng.fillUniform(new Float32Array(classes), -0.5, 0.5), [classes], {
          requiresGrad: true,
        })
      : null;
    const rows = size / inF;
    const targets = Int32Array.from({ length: rows }, (_, i) =>
      i % 5 === 3 ? -1 : rng.int(classes),
    );
    return { x, w, b, targets };
  }

  function gradsOf(loss: Tensor, leaves: (Tensor | null)[], upstream?: number): Float32Array[] {
    for (const t of leaves) if (t !== null) t.grad = null;
    backward(loss, upstream === undefined ? undefined : new Float32Array([upstream]));
    return leaves.flatMap((t) => (t === null ? [] : [(t.grad as Tensor).data]));
  }

  it('gives the same loss and gradients as the unfused Linear and crossEntropy, bit for bit', () => {
    for (const [shape, classes, bias, reduction] of [
      [[37, 24], 70, true, 'mean'],
      [[6, 9, 40], 133, false, 'sum'],
    ] as const) {
      const { x, w, b, targets } = head([...shape], classes, { bias });
      const options: CrossEntropyOptions = { ignoreIndex: -1, reduction };
      const fused = linearCrossEntropy(x, w, b, targets, options);
      const fusedGrads = gradsOf(fused, [x, w, b]);
      const plain = crossEntropy(linear(x, w, b), targets, options);
      const plainGrads = gradsOf(plain, [x, w, b]);
      expect(fused.shape).toEqual([]);
      expect(fused.data).toEqual(plain.data);
      expect(fusedGrads).toEqual(plainGrads);
    }
  });

  it("leaves crossEntropy of a Linear's output as the plain composition (only linearCrossEntropy fuses)", () => {
    const { x, w, b, targets } = head([10, 12], 20, { bias: true });
    const logits = linear(x, w, b);
    const loss = crossEntropy(logits, targets, { ignoreIndex: -1 });
    expect(loss.gradNode?.op).toBe('crossEntropy');
    expect(loss.gradNode?.inputs).toEqual([logits]);
    const fused = linearCrossEntropy(x, w, b, targets, { ignoreIndex: -1 });
    expect(fused.gradNode?.op).toBe('linearCrossEntropy');
    expect(fused.gradNode?.inputs).toEqual([x, w, b]);
  });

  it('rescales its gradients by an upstream gradient other than 1', () => {
    const { x, w, b, targets } = head([20, 16], 30, { bias: true });
    const fused = gradsOf(
      linearCrossEntropy(x, w, b, targets, { ignoreIndex: -1 }),
      [x, w, b],
      2.5,
    );
    const plain = gradsOf(
      crossEntropy(linear(x, w, b), targets, { ignoreIndex: -1 }),
      [x, w, b],
      2.5,
    );
    for (let i = 0; i < plain.length; i++) {
      const p = plain[i] as Float32Array;
      const f = fused[i] as Float32Array;
      for (let j = 0; j < p.length; j++) expect(f[j]).toBeCloseTo(p[j] as number, 6);
    }
  });

  it('gives the training loss without gradients, and is the plain composition for reduction none and with class weights', () => {
    const { x, w, b, targets } = head([12, 8], 10, { bias: true });
    const t = Array.from(targets, (v) => Math.max(v, 0));
    for (const reduction of ['mean', 'sum'] as const) {
      const evalLoss = noGrad(() =>
        linearCrossEntropy(x, w, b, targets, { ignoreIndex: -1, reduction }),
      );
      expect(evalLoss.requiresGrad).toBe(false);
      expect(evalLoss.gradNode).toBeNull();
      expect(evalLoss.shape).toEqual([]);
      // The loss a training step's fused head computes, bit for bit, and the plain composition's.
      const trained = linearCrossEntropy(x, w, b, targets, { ignoreIndex: -1, reduction });
      expect(trained.gradNode?.op).toBe('linearCrossEntropy');
      expect(evalLoss.data).toEqual(trained.data);
      expect(evalLoss.data).toEqual(
        noGrad(() => crossEntropy(linear(x, w, b), targets, { ignoreIndex: -1, reduction })).data,
      );
    }
    // Only ignored targets: NaN for the mean, as PyTorch gives, and 0 for the sum.
    const ignored = new Array(12).fill(-1);
    expect(
      noGrad(() => linearCrossEntropy(x, w, b, ignored, { ignoreIndex: -1 })).item(),
    ).toBeNaN();
    expect(
      noGrad(() =>
        linearCrossEntropy(x, w, b, ignored, { ignoreIndex: -1, reduction: 'sum' }),
      ).item(),
    ).toBe(0);
    const none = linearCrossEntropy(x, w, b, t, { reduction: 'none' });
    expect(none.shape).toEqual([12]);
    expect(none.data).toEqual(crossEntropy(linear(x, w, b), t, { reduction: 'none' }).data);
    const weight = Float32Array.from({ length: 10 }, (_, i) => 1 + i / 10);
    expect(linearCrossEntropy(x, w, b, t, { weight }).data).toEqual(
      crossEntropy(linear(x, w, b), t, { weight }).data,
    );
  });

  it('rejects a wrong input size and a bad target as linear and crossEntropy do', () => {
    const { x, w, b } = head([4, 8], 10, { bias: true });
    expect(() =>
      linearCrossEntropy(x, new Tensor(new Float32Array(70), [10, 7]), b, [0, 1, 2, 3]),
    ).toThrow('Linear: input.size(-1) must equal inFeatures 7, got 8.');
    expect(() => linearCrossEntropy(x, w, b, [0, 1, 10, 3])).toThrow(
      'crossEntropy: target at position 2 must be an integer in [0, 10) or ignoreIndex -100, got 10.',
    );
    expect(() => linearCrossEntropy(x, w, b, [0, 1])).toThrow(
      'crossEntropy: targets length must equal N = 4, got 2.',
    );
  });
});
