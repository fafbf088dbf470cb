import { describe, expect, it } from 'vitest';
import { type Dumped, expectCloseToTorch, loadCases } from '../../test/fixtures/torchFixtures.ts';
import { gradcheck } from '../autograd/gradcheck.ts';
import { ConfigError, ShapeError } from '../errors.ts';
import { Random } from '../random.ts';
import { backward, makeResult } from '../tensor/autograd.ts';
import { Tensor } from '../tensor/tensor.ts';
import { concatLast, reshapeCopy } from './blocks.ts';
import { GRU, LSTM, RNN, rnnParameterNames } from './rnn.ts';

interface Case {
  name: string;
  options: {
    inputSize: number;
    hiddenSize: number;
    numLayers: number;
    bias: boolean;
    batchFirst: boolean;
    bidirectional: boolean;
    nonlinearity?: 'tanh' | 'relu';
  };
  lengths: number[] | null;
  params: { name: string; shape: number[]; data: number[]; grad: number[] }[];
  input: Dumped;
  h0: Dumped | null;
  c0: Dumped | null;
  w1: Dumped;
  w2: Dumped;
  w3: Dumped | null;
  output: Dumped;
  hN: Dumped;
  cN: Dumped | null;
  gradInput: Dumped;
  gradH0: Dumped | null;
  gradC0: Dumped | null;
}

function load(kind: string): Case[] {
  return loadCases<Case>(`rnn_${kind}.json`);
}

function leaf(d: Dumped): Tensor {
  return new Tensor(Float32Array.from(d.data), d.shape, { requiresGrad: true });
}

/** Σ_k Σ t_k ⊙ w_k as one scalar op. */
function weightedSum(parts: [Tensor, Dumped][]): Tensor {
  let s = 0;
  for (const [t, w] of parts) for (let i = 0; i < t.size; i++) s += t.data[i] * w.data[i];
  return makeResult(new Float32Array([s]), [], {
    op: 'weightedSum',
    inputs: parts.map(([t]) => t),
    backward: (g) => parts.map(([, w]) => Float32Array.from(w.data, (v) => v * g[0])),
  });
}

function build(kind: string, c: Case): RNN | LSTM | GRU {
  if (kind === 'lstm') return new LSTM(c.options);
  if (kind === 'gru') return new GRU(c.options);
  return new RNN(c.options);
}

describe.each(['rnn', 'lstm', 'gru'])('%s matches PyTorch', (kind) => {
  it.each(load(kind).map((c) => [c.name, c] as const))('%s', (_, c) => {
    const module = build(kind, c);
    const names = [...module.namedParameters()].map(([n, p]) => [n, [...p.shape]]);
    expect(names).toEqual(c.params.map((p) => [p.name, p.shape]));
    const state = Object.fromEntries(
      c.params.map((p) => [p.name, { data: Float32Array.from(p.data), shape: p.shape }]),
    );
    module.loadStateDict(state);
    const x = leaf(c.input);
    const h0 = c.h0 === null ? null : leaf(c.h0);
    const c0 = c.c0 === null ? null : leaf(c.c0);
    const options = c.lengths === null ? {} : { lengths: c.lengths };
    let output: Tensor;
    let hN: Tensor;
    let cN: Tensor | null = null;
    if (module instanceof LSTM) {
      const hx = h0 === null || c0 === null ? null : ([h0, c0] as [Tensor, Tensor]);
      [output, [hN, cN]] = module.forward(x, hx, options);
    } else {
      [output, hN] = module.forward(x, h0, options);
    }
    expectCloseToTorch(output, c.output, 'output');
    expectCloseToTorch(hN, c.hN, 'h_n');
    const parts: [Tensor, Dumped][] = [
      [output, c.w1],
      [hN, c.w2],
    ];
    if (c.cN !== null && c.w3 !== null) {
      expectCloseToTorch(cN, c.cN, 'c_n');
      parts.push([cN as Tensor, c.w3]);
    }
    backward(weightedSum(parts));
    expectCloseToTorch(x.grad, c.gradInput, 'input.grad');
    if (c.gradH0 !== null) expectCloseToTorch(h0?.grad ?? null, c.gradH0, 'h0.grad');
    if (c.gradC0 !== null) expectCloseToTorch(c0?.grad ?? null, c.gradC0, 'c0.grad');
    const byName = new Map(module.namedParameters());
    for (const p of c.params) {
      expectCloseToTorch(
        byName.get(p.name)?.grad ?? null,
        { shape: p.shape, data: p.grad },
        `${p.name}.grad`,
      );
    }
  });
});

describe('parameter names', () => {
  it('are produced by one function with _reverse for the backward direction', () => {
    expect(rnnParameterNames(2, { reverse: true })).toEqual({
      wIh: 'weight_ih_l2_reverse',
      wHh: 'weight_hh_l2_reverse',
      bIh: 'bias_ih_l2_reverse',
      bHh: 'bias_hh_l2_reverse',
    });
  });

  it('follow PyTorch registration order for a 2-layer bidirectional GRU without bias', () => {
    const gru = new GRU({
      inputSize: 3,
      hiddenSize: 2,
      numLayers: 2,
      bidirectional: true,
      bias: false,
    });
    expect([...gru.namedParameters()].map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual([
      'weight_ih_l0:6x3',
      'weight_hh_l0:6x2',
      'weight_ih_l0_reverse:6x3',
      'weight_hh_l0_reverse:6x2',
      'weight_ih_l1:6x4',
      'weight_hh_l1:6x2',
      'weight_ih_l1_reverse:6x4',
      'weight_hh_l1_reverse:6x2',
    ]);
  });
});

describe('initialisation', () => {
  it('draws every parameter from U(−1/√H, 1/√H), the same for the same seed', () => {
    const a = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, random: new Random(5) });
    const b = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, random: new Random(5) });
    const values = a.parameters().flatMap((p) => [...p.data]);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.5);
    expect(Math.max(...values)).toBeGreaterThan(0.4);
    expect(Math.min(...values)).toBeLessThan(-0.4);
    expect(b.parameters().flatMap((p) => [...p.data])).toEqual(values);
  });
});

describe('configuration errors', () => {
  const base = { inputSize: 3, hiddenSize: 2 };
  it.each([
    [() => new LSTM({ ...base, dropout: 1.5 }), 'LSTM: dropout must be in [0, 1], got 1.5.'],
    [
      () => new GRU({ ...base, hiddenSize: 0 }),
      'GRU: hiddenSize must be a positive integer, got 0.',
    ],
    [() => new RNN({ ...base, numLayers: 0 }), 'RNN: numLayers must be an integer ≥ 1, got 0.'],
    [
      () => new RNN({ ...base, nonlinearity: 'gelu' as 'tanh' }),
      "RNN: nonlinearity must be 'tanh' or 'relu', got 'gelu'.",
    ],
    [
      () => new LSTM({ ...base, projSize: 2 }),
      'LSTM: projSize must be 0 (projections are not supported), got 2.',
    ],
  ])('rejects a bad option with a ConfigError (%#)', (make, message) => {
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
  });
});

describe('shape errors', () => {
  const lstm = new LSTM({ inputSize: 8, hiddenSize: 2, numLayers: 2 });
  const zeros = (shape: number[]): Tensor =>
    new Tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
  it.each([
    [() => lstm.forward(zeros([4, 3, 5])), 'LSTM: input.size(-1) must equal inputSize 8, got 5.'],
    [() => lstm.forward(zeros([8])), 'LSTM: input must be 2-D (unbatched) or 3-D, got shape [8].'],
    [
      () => lstm.forward(zeros([4, 3, 8]), [zeros([2, 3, 2]), zeros([1, 3, 2])]),
      'LSTM: c0 must have shape [2, 3, 2], got [1, 3, 2].',
    ],
    [
      () => lstm.forward(zeros([4, 3, 8]), null, { lengths: [4, 1] }),
      'LSTM: lengths must have 3 entries (one per sequence), got 2.',
    ],
    [
      () => lstm.forward(zeros([4, 3, 8]), null, { lengths: [4, 5, 1] }),
      'LSTM: lengths[1] must be an integer in [1, 4], got 5.',
    ],
  ])('rejects a bad input with a ShapeError (%#)', (run, message) => {
    expect(run).toThrow(ShapeError);
    expect(run).toThrow(message);
  });
});

describe('inter-layer dropout', () => {
  const x = new Tensor(new Random(1).fillUniform(new Float32Array(5 * 2 * 3), -1, 1), [5, 2, 3]);
  const make = (seed: number): GRU =>
    new GRU({ inputSize: 3, hiddenSize: 4, numLayers: 2, dropout: 0.5, random: new Random(seed) });

  it('changes training outputs, is reproducible with a seed, and is off in eval mode', () => {
    const a = make(3);
    const b = make(3);
    const [trainA] = a.forward(x);
    const [trainB] = b.forward(x);
    expect(trainB.data).toEqual(trainA.data);
    a.eval();
    const [evalOut] = a.forward(x);
    const [evalAgain] = a.forward(x);
    expect(evalAgain.data).toEqual(evalOut.data);
    expect(evalOut.data).not.toEqual(trainA.data);
  });

  it('never applies after the last layer', () => {
    const gru = new GRU({ inputSize: 3, hiddenSize: 4, dropout: 0.9, random: new Random(3) });
    const [train] = gru.forward(x);
    gru.eval();
    const [evalOut] = gru.forward(x);
    expect(train.data).toEqual(evalOut.data);
  });
});

describe('module-level finite differences', () => {
  const rng = new Random(21);
  const t = (shape: number[]): Tensor =>
    new Tensor(rng.fillUniform(new Float32Array(shape.reduce((a, b) => a * b, 1)), -1, 1), shape, {
      requiresGrad: true,
    });

  it('a 2-layer bidirectional batch-first LSTM with lengths reaches x, h0, c0 and every weight', () => {
    const lstm = new LSTM({
      inputSize: 2,
      hiddenSize: 3,
      numLayers: 2,
      bidirectional: true,
      batchFirst: true,
      random: new Random(1),
    });
    const run = (x: Tensor, h0: Tensor, c0: Tensor): Tensor => {
      const [out, [hN, cN]] = lstm.forward(x, [h0, c0], { lengths: [3, 1] });
      return concatAll([out, hN, cN]);
    };
    expect(() =>
      gradcheck(run, [t([2, 3, 2]), t([4, 2, 3]), t([4, 2, 3]), ...lstm.parameters()]),
    ).not.toThrow();
  });

  it('reaches x and every weight when only h_n, only the output or only c_n carries a gradient', () => {
    const random = new Random(4);
    const lstm = new LSTM({
      inputSize: 2,
      hiddenSize: 3,
      numLayers: 2,
      bidirectional: true,
      dropout: 0.5,
      random,
    });
    const masks = random.getState();
    const parts = [
      (out: Tensor, _hN: Tensor, _cN: Tensor) => out,
      (_out: Tensor, hN: Tensor, _cN: Tensor) => hN,
      (_out: Tensor, _hN: Tensor, cN: Tensor) => cN,
    ];
    for (const pick of parts) {
      const run = (x: Tensor): Tensor => {
        // The same dropout masks on every evaluation, so the finite differences see one function.
        random.setState(masks);
        const [out, [hN, cN]] = lstm.forward(x, null);
        return pick(out, hN, cN);
      };
      expect(() => gradcheck(run, [t([3, 2, 2]), ...lstm.parameters()])).not.toThrow();
    }
  });

  it('an unbatched 2-layer GRU and a relu RNN reach their inputs and weights', () => {
    const gru = new GRU({ inputSize: 2, hiddenSize: 2, numLayers: 2, random: new Random(2) });
    const runGru = (x: Tensor, h0: Tensor): Tensor => concatAll(gru.forward(x, h0));
    expect(() => gradcheck(runGru, [t([4, 2]), t([2, 2]), ...gru.parameters()])).not.toThrow();
    const rnn = new RNN({
      inputSize: 2,
      hiddenSize: 3,
      nonlinearity: 'relu',
      bidirectional: true,
      random: new Random(3),
    });
    const runRnn = (x: Tensor): Tensor => concatAll(rnn.forward(x, null, { lengths: [2, 3] }));
    expect(() => gradcheck(runRnn, [t([3, 2, 2]), ...rnn.parameters()])).not.toThrow();
  });
});

/** Flattens and concatenates tensors into one (for gradcheck's single output). */
function concatAll(parts: Tensor[]): Tensor {
  return concatLast(
    parts.map((p) => reshapeCopy(p, [1, p.size])),
    [1, parts.reduce((n, p) => n + p.size, 0)],
  );
}
