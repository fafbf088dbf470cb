import { describe, expect, it } from 'vitest';
import { type Dumped, expectCloseToTorch, loadCases } from '../../test/fixtures/torchFixtures.ts';
import { gradcheck } from '../autograd/gradcheck.ts';
import { ConfigError, ShapeError } from '../errors.ts';
import { Random } from '../random.ts';
import { backward, makeResult } from '../tensor/autograd.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Linear, linear } from './linear.ts';

interface Case {
  name: string;
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
  params: { name: string; shape: number[]; data: number[]; grad: number[] }[];
  input: Dumped;
  w: Dumped;
  output: Dumped;
  gradInput: Dumped;
}

const cases = loadCases<Case>('rnn_linear.json');

describe('Linear matches PyTorch', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const layer = new Linear(c.inFeatures, c.outFeatures, { bias: c.bias });
    expect([...layer.namedParameters()].map(([n, p]) => [n, [...p.shape]])).toEqual(
      c.params.map((p) => [p.name, p.shape]),
    );
    layer.loadStateDict(
      Object.fromEntries(
        c.params.map((p) => [p.name, { data: Float32Array.from(p.data), shape: p.shape }]),
      ),
    );
    const x = new Tensor(Float32Array.from(c.input.data), c.input.shape, { requiresGrad: true });
    const y = layer.forward(x);
    expectCloseToTorch(y, c.output, 'output');
    const w = Float32Array.from(c.w.data);
    let s = 0;
    for (let i = 0; i < y.size; i++) s += y.data[i] * w[i];
    const loss = makeResult(new Float32Array([s]), [], {
      op: 'dot',
      inputs: [y],
      backward: (g) => [w.map((v) => v * g[0])],
    });
    backward(loss);
    expectCloseToTorch(x.grad, c.gradInput, 'input.grad');
    const byName = new Map(layer.namedParameters());
    for (const p of c.params)
      expectCloseToTorch(
        byName.get(p.name)?.grad ?? null,
        { shape: p.shape, data: p.grad },
        `${p.name}.grad`,
      );
  });
});

describe('Linear', () => {
  it('initialises weight and bias from U(±1/√in), reproducibly per seed', () => {
    const a = new Linear(16, 8, { random: new Random(2) });
    const values = [...a.weight.data, ...(a.bias as Tensor).data];
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.25);
    expect(Math.max(...values)).toBeGreaterThan(0.2);
    expect([...new Linear(16, 8, { random: new Random(2) }).weight.data]).toEqual([
      ...a.weight.data,
    ]);
  });

  it('passes finite-difference checks with and without bias', () => {
    const rng = new Random(3);
    const t = (shape: number[]) =>
      new Tensor(
        rng.fillUniform(new Float32Array(shape.reduce((p, d) => p * d, 1)), -1, 1),
        shape,
        {
          requiresGrad: true,
        },
      );
    expect(() =>
      gradcheck((x, w, b) => linear(x, w, b), [t([2, 3, 4]), t([5, 4]), t([5])]),
    ).not.toThrow();
    expect(() => gradcheck((x, w) => linear(x, w, null), [t([3, 4]), t([2, 4])])).not.toThrow();
  });

  it('rejects a wrong input size with a shape error', () => {
    const run = () => new Linear(4, 2).forward(new Tensor(new Float32Array(6), [2, 3]));
    expect(run).toThrow(ShapeError);
    expect(run).toThrow('Linear: input.size(-1) must equal inFeatures 4, got 3.');
  });

  it('rejects a non-positive size', () => {
    expect(() => new Linear(0, 2)).toThrow(ConfigError);
    expect(() => new Linear(0, 2)).toThrow('Linear: inFeatures must be a positive integer, got 0.');
  });
});
