/** PyTorch parity of every differentiable op (test/fixtures/ops.json), and the installed methods. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '../index.ts';
import { backward } from './autograd.ts';
import { Tensor } from './tensor.ts';

interface FixtureTensor {
  shape: number[];
  data: number[];
}

interface Case {
  name: string;
  op: string;
  params: Record<string, unknown>;
  aux: Record<string, FixtureTensor>;
  inputs: FixtureTensor[];
  out: FixtureTensor;
  w: number[];
  grads: number[][];
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'ops.json'), 'utf8'),
) as { cases: Case[] };

const ATOL = 1e-5;
const RTOL = 1e-4;

function aux(c: Case, key: string): Tensor {
  const t = c.aux[key];
  return new Tensor(Float32Array.from(t.data), t.shape);
}

type Params = Record<string, unknown>;
const num = (p: Params, k: string) => p[k] as number;
const optNum = (p: Params, k: string) => (p[k] === undefined ? undefined : (p[k] as number));
const dimArg = (p: Params) => (p.dim === null ? undefined : (p.dim as number | number[]));

/** How each fixture op is called here; the op name is the function's name in core. */
const run: Record<string, (x: Tensor[], p: Params, c: Case) => Tensor> = {
  add: ([a, b]) => a.add(b),
  sub: ([a, b]) => a.sub(b),
  mul: ([a, b]) => a.mul(b),
  div: ([a, b]) => a.div(b),
  addScalar: ([a], p) => a.add(num(p, 'scalar')),
  subScalar: ([a], p) => a.sub(num(p, 'scalar')),
  mulScalar: ([a], p) => a.mul(num(p, 'scalar')),
  divScalar: ([a], p) => a.div(num(p, 'scalar')),
  neg: ([x]) => x.neg(),
  tanh: ([x]) => x.tanh(),
  sigmoid: ([x]) => x.sigmoid(),
  relu: ([x]) => x.relu(),
  exp: ([x]) => x.exp(),
  log: ([x]) => x.log(),
  sqrt: ([x]) => x.sqrt(),
  abs: ([x]) => x.abs(),
  pow: ([x], p) => x.pow(num(p, 'exponent')),
  clamp: ([x], p) => x.clamp(optNum(p, 'min'), optNum(p, 'max')),
  softmax: ([x], p) => x.softmax(num(p, 'dim')),
  logSoftmax: ([x], p) => x.logSoftmax(num(p, 'dim')),
  sum: ([x], p) => x.sum(dimArg(p), { keepdim: p.keepdim as boolean }),
  mean: ([x], p) => x.mean(dimArg(p), { keepdim: p.keepdim as boolean }),
  max: ([x], p) => x.max(dimArg(p) as number | undefined, { keepdim: p.keepdim as boolean }),
  min: ([x], p) => x.min(dimArg(p) as number | undefined, { keepdim: p.keepdim as boolean }),
  reshape: ([x], p) => x.reshape(p.shape as number[]),
  transpose: ([x], p) => x.transpose(num(p, 'dim0'), num(p, 'dim1')),
  permute: ([x], p) => x.permute(p.dims as number[]),
  narrow: ([x], p) => x.narrow(num(p, 'dim'), num(p, 'start'), num(p, 'length')),
  concat: (xs, p) => core.concat(xs, num(p, 'dim')),
  stack: (xs, p) => core.stack(xs, num(p, 'dim')),
  indexSelect: ([x], p, c) => x.indexSelect(num(p, 'dim'), aux(c, 'index')),
  gather: ([x], p, c) => x.gather(num(p, 'dim'), aux(c, 'index')),
  maskedFill: ([x], p, c) => x.maskedFill(aux(c, 'mask'), num(p, 'value')),
  where: ([a, b], _p, c) => core.where(aux(c, 'condition'), a, b),
  matmul: ([a, b]) => a.matmul(b),
};

function expectClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  let worst = -1;
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= ATOL + RTOL * Math.abs(expected[i]))) {
      worst = i;
      break;
    }
  }
  expect(
    worst === -1 ? 'ok' : `${what}[${worst}] = ${actual[worst]}, torch ${expected[worst]}`,
  ).toBe('ok');
}

describe('PyTorch parity of the tensor ops (test/fixtures/ops.json)', () => {
  it('has a runner for every op the generator covers', () => {
    const missing = [...new Set(fixture.cases.map((c) => c.op))].filter((op) => !(op in run));
    expect(missing).toEqual([]);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))(
    'matches torch forward and gradients: %s',
    (_name, c) => {
      const inputs = c.inputs.map(
        (t) => new Tensor(Float32Array.from(t.data), t.shape, { requiresGrad: true }),
      );
      const out = run[c.op](inputs, c.params, c);
      expect(out.shape).toEqual(c.out.shape);
      expectClose(out.data, c.out.data, 'out');
      backward(out, Float32Array.from(c.w));
      inputs.forEach((t, k) => {
        expectClose(t.grad?.data ?? new Float32Array(t.size), c.grads[k], `grad[${k}]`);
      });
    },
  );
});

describe('the public surface', () => {
  it('installs the methods on Tensor when the core is imported', () => {
    const x = core.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const y = x.mul(x).add(1).sum();
    y.backward();
    expect(y.item()).toBe(34);
    expect(x.grad?.tolist()).toEqual([
      [2, 4],
      [6, 8],
    ]);
  });

  it('keeps the methods off the enumerable properties of a tensor', () => {
    expect(Object.keys(core.tensor([1]))).not.toContain('add');
  });

  it('exports the ops as functions too', () => {
    const a = core.tensor([1, 2, 3]);
    expect(Array.from(core.add(a, core.mul(a, 2)).data)).toEqual([3, 6, 9]);
  });
});
