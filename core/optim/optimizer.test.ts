/** Tests for SGD, Adam and AdamW trajectories against PyTorch 1.13, and the optimizer base (zeroGrad, checkpoints). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearArrayPool } from '../kernels/arrayPool.ts';
import { Embedding } from '../nn/embedding.ts';
import { Random } from '../random.ts';
import { backward } from '../tensor/autograd.ts';
import { sum } from '../tensor/reduce.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Adam, type AdamOptions, AdamW } from './adam.ts';
import type { Optimizer, OptimizerStateDict } from './optimizer.ts';
import { SGD, type SGDOptions } from './sgd.ts';

interface Trajectory {
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  options: Record<string, number | boolean | number[]>;
  lrChanges: [number, number][];
  /** params[step][paramIndex] after that step. */
  params: number[][][];
}

interface OptimFixture {
  steps: number;
  shapes: number[][];
  skip: [number, number];
  init: number[][];
  grads: number[][][];
  trajectories: Trajectory[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/optim.json', import.meta.url), 'utf8'),
) as OptimFixture;

function freshParams(): Tensor[] {
  return fixture.init.map(
    (data, i) =>
      new Tensor(Float32Array.from(data), fixture.shapes[i] as number[], { requiresGrad: true }),
  );
}

function make(t: Trajectory, params: Tensor[]): Optimizer {
  if (t.optimizer === 'SGD') return new SGD(params, t.options as unknown as SGDOptions);
  const options = t.options as unknown as AdamOptions;
  return t.optimizer === 'Adam' ? new Adam(params, options) : new AdamW(params, options);
}

/** Feeds the fixture's gradients for steps [from, to), as gen_optim.py does. */
function run(
  t: Trajectory,
  optimizer: Optimizer,
  params: Tensor[],
  from: number,
  to: number,
): void {
  for (let step = from; step < to; step++) {
    for (const [when, lr] of t.lrChanges) if (when === step) optimizer.lr = lr;
    params.forEach((p, i) => {
      const skipped = step === fixture.skip[0] && i === fixture.skip[1];
      p.grad = skipped
        ? null
        : new Tensor(Float32Array.from(fixture.grads[step]?.[i] ?? []), p.shape);
    });
    optimizer.step();
  }
}

function expectTrajectoryPoint(params: Tensor[], expected: number[][], label: string): void {
  params.forEach((p, i) => {
    const e = expected[i] as number[];
    p.data.forEach((a, j) => {
      const want = e[j] as number;
      if (Math.abs(a - want) > 1e-6 + 1e-5 * Math.abs(want)) {
        expect.fail(`${label}: param ${i}[${j}] is ${a}, PyTorch has ${want}`);
      }
    });
  });
}

describe('optimizer trajectories match PyTorch 1.13 (test/fixtures/optim.json)', () => {
  fixture.trajectories.forEach((t, n) => {
    const label = `#${n} ${t.optimizer} ${JSON.stringify(t.options)}${t.lrChanges.length ? ' with lr changes' : ''}`;
    it(`${label}: every step agrees to rtol 1e-5 / atol 1e-6`, () => {
      const params = freshParams();
      const optimizer = make(t, params);
      for (let step = 0; step < fixture.steps; step++) {
        run(t, optimizer, params, step, step + 1);
        expectTrajectoryPoint(params, t.params[step] as number[][], `step ${step + 1}`);
      }
    });

    it(`${label}: stopping at step 10 and resuming from stateDict() gives the same trajectory`, () => {
      const first = freshParams();
      const optimizer = make(t, first);
      run(t, optimizer, first, 0, 10);
      const saved = structuredClone(optimizer.stateDict());
      const resumedParams = first.map(
        (p) => new Tensor(Float32Array.from(p.data), p.shape, { requiresGrad: true }),
      );
      const resumed = make({ ...t, options: { ...t.options, lr: 123 } }, resumedParams);
      resumed.loadStateDict(saved);
      run(t, resumed, resumedParams, 10, fixture.steps);
      expectTrajectoryPoint(resumedParams, t.params[fixture.steps - 1] as number[][], 'resumed');
    });
  });

  it('covers SGD, Adam and AdamW with momentum, nesterov, weight decay, amsgrad and lr changes', () => {
    const kinds = new Set(fixture.trajectories.map((t) => t.optimizer));
    expect(kinds).toEqual(new Set(['SGD', 'Adam', 'AdamW']));
    const has = (key: string) => fixture.trajectories.some((t) => t.options[key]);
    for (const key of [
      'momentum',
      'nesterov',
      'dampening',
      'weightDecay',
      'amsgrad',
      'betas',
      'eps',
    ]) {
      expect(has(key), key).toBe(true);
    }
    expect(
      fixture.trajectories.filter((t) => t.lrChanges.length > 0).length,
    ).toBeGreaterThanOrEqual(3);
  });
});

describe('Optimizer base', () => {
  const param = () => new Tensor(Float32Array.from([1, 2, 3]), [3], { requiresGrad: true });

  it('zeroGrad fills gradients with zeros by default and drops them with setToNone', () => {
    const p = param();
    const optimizer = new SGD([p], { lr: 0.1 });
    p.grad = new Tensor(Float32Array.from([1, 1, 1]), [3]);
    const grad = p.grad;
    optimizer.zeroGrad();
    expect(p.grad).toBe(grad);
    expect([...grad.data]).toEqual([0, 0, 0]);
    optimizer.zeroGrad({ setToNone: true });
    expect(p.grad).toBeNull();
  });

  it('gives gradients dropped with setToNone back to the array pool, and the next backward reuses them with its own values', () => {
    clearArrayPool();
    // 200 × 100 values: large enough for the pool.
    const embedding = new Embedding(200, 100, { random: new Random(1) });
    const optimizer = new SGD(embedding.parameters(), { lr: 0.1 });
    const grad = (ids: number[]) => {
      optimizer.zeroGrad({ setToNone: true });
      backward(sum(embedding.forward(ids)));
      return embedding.weight.grad?.data as Float32Array;
    };
    const first = grad([3, 5, 3]);
    const firstValues = first.slice();
    const second = grad([7]);
    expect(second.buffer).toBe(first.buffer);
    expect(second[3 * 100]).toBe(0);
    expect(second[7 * 100]).toBe(1);
    expect(second.reduce((a, b) => a + b, 0)).toBe(100);
    const third = grad([3, 5, 3]);
    expect(third).toEqual(firstValues);
  });

  it('skips parameters without a gradient', () => {
    const p = param();
    const optimizer = new Adam([p], { lr: 0.1 });
    optimizer.step();
    expect([...p.data]).toEqual([1, 2, 3]);
    expect(optimizer.stateDict().state).toEqual([null]);
  });

  it('stateDict() is a copy: later steps do not change a saved checkpoint', () => {
    const p = param();
    const optimizer = new Adam([p], { lr: 0.1 });
    p.grad = new Tensor(Float32Array.from([1, -1, 2]), [3]);
    optimizer.step();
    const saved = optimizer.stateDict();
    const expAvg = Float32Array.from(saved.state[0]?.expAvg as Float32Array);
    optimizer.step();
    expect(saved.state[0]?.expAvg).toEqual(expAvg);
    expect(saved.state[0]?.step).toBe(1);
    expect(saved.hyper).toEqual({
      lr: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: 0,
    });
  });

  it('rejects empty, repeated and non-leaf parameter lists', () => {
    const p = param();
    expect(() => new SGD([], { lr: 0.1 })).toThrow(
      'SGD: params must be a non-empty list of tensors, got 0.',
    );
    expect(() => new Adam([p, p])).toThrow(
      'Adam: params must not repeat a tensor, got params[1] twice.',
    );
    const nonLeaf = new Tensor(new Float32Array(1), [1]);
    nonLeaf.gradNode = { op: 'mul', inputs: [], backward: () => [] };
    expect(() => new AdamW([nonLeaf])).toThrow(
      "AdamW: params[0] must be a leaf tensor, got the result of 'mul'.",
    );
  });

  it('loadStateDict names the entry that does not fit', () => {
    const p = param();
    const adam = new Adam([p], { amsgrad: true });
    p.grad = new Tensor(Float32Array.from([1, 1, 1]), [3]);
    adam.step();
    const good = adam.stateDict();
    const load = (dict: OptimizerStateDict) => () =>
      new Adam([param()], { amsgrad: true }).loadStateDict(dict);
    expect(load({ ...good, kind: 'SGD' })).toThrow(
      "Adam.loadStateDict: kind must be 'Adam', got 'SGD'.",
    );
    expect(load({ ...good, state: [] })).toThrow(
      'Adam.loadStateDict: state must have one entry per parameter (1), got 0.',
    );
    const { beta2: _omitted, ...withoutBeta2 } = good.hyper;
    expect(load({ ...good, hyper: withoutBeta2 })).toThrow(
      'Adam.loadStateDict: hyper.beta2 must be a number, got undefined.',
    );
    const { maxExpAvgSq: _dropped, ...partial } = good.state[0] as Record<
      string,
      number | Float32Array
    >;
    expect(load({ ...good, state: [partial] })).toThrow(
      'Adam.loadStateDict: state[0].maxExpAvgSq is missing.',
    );
    expect(load({ ...good, state: [{ ...partial, maxExpAvgSq: new Float32Array(2) }] })).toThrow(
      "Adam.loadStateDict: state[0].maxExpAvgSq length must equal the parameter's size 3, got 2.",
    );
    expect(load({ ...good, hyper: { ...good.hyper, beta1: 1 } })).toThrow(
      'Adam: betas[0] must be in [0, 1), got 1.',
    );
  });
});
