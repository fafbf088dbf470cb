/** Module base: dotted parameter names, state dicts with key-naming errors, train/eval propagation. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { Random } from '../random.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Dropout } from './dropout.ts';
import { Embedding } from './embedding.ts';
import { Linear } from './linear.ts';
import { Module } from './module.ts';
import { LSTM } from './rnn.ts';

class Tagger extends Module {
  readonly typeName = 'Tagger';
  readonly embed = this.registerModule('embed', new Embedding(10, 3, { random: new Random(1) }));
  readonly lstm = this.registerModule(
    'lstm',
    new LSTM({ inputSize: 3, hiddenSize: 2, random: new Random(2) }),
  );
  readonly drop = this.registerModule('drop', new Dropout({ p: 0.2 }));
  readonly head = this.registerModule('head', new Linear(2, 4, { random: new Random(3) }));
  readonly scale = this.registerParameter('scale', new Tensor(new Float32Array([1]), [1]));
}

describe('Module', () => {
  it('yields own parameters, then children’s with dotted PyTorch names', () => {
    expect([...new Tagger().namedParameters()].map(([n]) => n)).toEqual([
      'scale',
      'embed.weight',
      'lstm.weight_ih_l0',
      'lstm.weight_hh_l0',
      'lstm.bias_ih_l0',
      'lstm.bias_hh_l0',
      'head.weight',
      'head.bias',
    ]);
  });

  it('marks registered parameters as requiring grad', () => {
    expect(new Tagger().parameters().every((p) => p.requiresGrad)).toBe(true);
  });

  it('round-trips a state dict into another instance, keeping the parameter objects', () => {
    const a = new Tagger();
    const b = new Tagger();
    b.head.weight.data.fill(9);
    const headWeight = b.head.weight;
    b.loadStateDict(a.stateDict());
    expect(b.head.weight).toBe(headWeight);
    expect(b.head.weight.data).toEqual(a.head.weight.data);
    expect(b.lstm.parameters().map((p) => [...p.data])).toEqual(
      a.lstm.parameters().map((p) => [...p.data]),
    );
  });

  it('names every missing and unexpected key in strict mode', () => {
    const state = { ...new Tagger().stateDict(), extra: { data: new Float32Array(1), shape: [1] } };
    delete (state as Record<string, unknown>)['head.bias'];
    const load = () => new Tagger().loadStateDict(state);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      "Tagger.loadStateDict: missing key(s) 'head.bias'; unexpected key(s) 'extra'.",
    );
  });

  it('accepts missing and unexpected keys when not strict but still checks shapes', () => {
    const state = { ...new Tagger().stateDict(), extra: { data: new Float32Array(1), shape: [1] } };
    delete (state as Record<string, unknown>)['head.bias'];
    expect(() => new Tagger().loadStateDict(state, { strict: false })).not.toThrow();
    const bad = { 'head.weight': { data: new Float32Array(6), shape: [3, 2] } };
    const load = () => new Tagger().loadStateDict(bad, { strict: false });
    expect(load).toThrow("Tagger.loadStateDict: 'head.weight' must have shape [4, 2], got [3, 2].");
    try {
      load();
    } catch (err) {
      expect((err as ConfigError).code).toBe('state-dict');
    }
  });

  it('leaves parameters untouched when a load fails', () => {
    const t = new Tagger();
    const before = [...t.head.bias!.data];
    const state = t.stateDict();
    const bad = {
      ...state,
      'head.bias': { data: new Float32Array(4).fill(7), shape: [4] },
      'head.weight': { data: new Float32Array(2), shape: [2] },
    };
    expect(() => t.loadStateDict(bad)).toThrow(ConfigError);
    expect([...t.head.bias!.data]).toEqual(before);
  });

  it('propagates train() and eval() to every descendant', () => {
    const t = new Tagger();
    expect(t.training && t.lstm.training && t.drop.training).toBe(true);
    t.eval();
    expect([
      t.training,
      t.embed.training,
      t.lstm.training,
      t.drop.training,
      t.head.training,
    ]).toEqual([false, false, false, false, false]);
    t.train();
    expect(t.drop.training).toBe(true);
  });

  it('refuses a duplicate or dotted name', () => {
    class Bad extends Module {
      readonly typeName = 'Bad';
      constructor(name: string) {
        super();
        this.registerParameter('w', new Tensor(new Float32Array(1), [1]));
        this.registerParameter(name, new Tensor(new Float32Array(1), [1]));
      }
    }
    expect(() => new Bad('w')).toThrow("Bad: name 'w' must be unique, got it twice.");
    expect(() => new Bad('a.b')).toThrow(
      "Bad: a parameter or module name must be non-empty without '.', got 'a.b'.",
    );
  });

  it('zeroGrad clears every gradient', () => {
    const t = new Tagger();
    for (const p of t.parameters()) p.grad = new Tensor(new Float32Array(p.size).fill(1), p.shape);
    t.zeroGrad();
    expect(t.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

class Counter extends Module {
  readonly typeName = 'Counter';
  readonly head = this.registerModule('head', new Linear(2, 1, { random: new Random(4) }));
  readonly count = this.registerBuffer('count', new Tensor(new Float32Array([3]), []));
  readonly gain = this.registerParameter('gain', new Tensor(new Float32Array([2]), [1]));
}

describe('Module buffers', () => {
  it('are in the state dict after own parameters and before children, as PyTorch orders them, but not parameters', () => {
    const m = new Counter();
    expect(Object.keys(m.stateDict())).toEqual(['gain', 'count', 'head.weight', 'head.bias']);
    expect([...m.namedParameters()].map(([n]) => n)).toEqual(['gain', 'head.weight', 'head.bias']);
    expect([...m.namedBuffers()].map(([n]) => n)).toEqual(['count']);
    expect(m.count.requiresGrad).toBe(false);
  });

  it('load by name, and a missing buffer is a missing key', () => {
    const m = new Counter();
    const state = m.stateDict();
    m.loadStateDict({ ...state, count: { data: new Float32Array([9]), shape: [] } });
    expect(m.count.data[0]).toBe(9);
    const { count: _, ...withoutCount } = state;
    expect(() => m.loadStateDict(withoutCount)).toThrow(
      "Counter.loadStateDict: missing key(s) 'count'.",
    );
  });

  it('share the name space with parameters', () => {
    class Clash extends Module {
      readonly typeName = 'Clash';
      constructor() {
        super();
        this.registerParameter('x', new Tensor(new Float32Array(1), [1]));
        this.registerBuffer('x', new Tensor(new Float32Array(1), [1]));
      }
    }
    expect(() => new Clash()).toThrow("Clash: name 'x' must be unique, got it twice.");
  });
});
