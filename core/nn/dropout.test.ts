/** Dropout: inverted scaling, seeded masks, identity in eval, the p range, and a finite-difference check. */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autograd/gradcheck.ts';
import { ConfigError } from '../errors.ts';
import { Random } from '../random.ts';
import { backward } from '../tensor/autograd.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Dropout, dropout } from './dropout.ts';

const x = new Tensor(new Float32Array(2000).fill(1), [40, 50], { requiresGrad: true });

describe('Dropout', () => {
  it('zeroes about p of the elements and scales the rest by 1/(1 − p)', () => {
    const y = new Dropout({ p: 0.25, random: new Random(1) }).forward(x);
    const values = new Set(y.data);
    expect([...values].sort()).toEqual([0, 1 / 0.75].map(Math.fround).sort());
    const dropped = y.data.filter((v) => v === 0).length / y.size;
    expect(dropped).toBeGreaterThan(0.2);
    expect(dropped).toBeLessThan(0.3);
  });

  it('draws the same mask from the same seed', () => {
    const a = new Dropout({ p: 0.5, random: new Random(9) }).forward(x);
    const b = new Dropout({ p: 0.5, random: new Random(9) }).forward(x);
    expect(b.data).toEqual(a.data);
  });

  it('keeps a pending second normal draw: the draws around a mask are those of drawing it through next()', () => {
    const fast = new Random(4);
    const slow = new Random(4);
    const first = [fast.normal(), slow.normal()];
    expect(first[0]).toBe(first[1]);
    dropout(x, { p: 0.3, random: fast });
    for (let i = 0; i < x.size; i++) slow.next();
    expect(fast.normal()).toBe(slow.normal());
    expect(fast.normal()).toBe(slow.normal());
    expect(fast.next()).toBe(slow.next());
  });

  it('is the identity in eval mode', () => {
    const d = new Dropout({ p: 0.5 }).eval();
    expect(d.forward(x)).toBe(x);
  });

  it('rejects p outside [0, 1) with a ConfigError', () => {
    expect(() => new Dropout({ p: 1 })).toThrow(ConfigError);
    expect(() => new Dropout({ p: 1 })).toThrow('Dropout: p must be in [0, 1), got 1.');
    expect(() => new Dropout({ p: -0.1 })).toThrow('Dropout: p must be in [0, 1), got -0.1.');
  });

  it('passes a finite-difference check with a fixed mask', () => {
    const input = new Tensor(new Random(2).fillUniform(new Float32Array(12), -1, 1), [3, 4], {
      requiresGrad: true,
    });
    expect(() =>
      gradcheck((t) => dropout(t, { p: 0.4, random: new Random(5) }), [input]),
    ).not.toThrow();
  });

  it('refuses a second backward of the same graph (its mask went back to the array pool)', () => {
    const y = dropout(x, { p: 0.5, random: new Random(6) });
    backward(y, new Float32Array(y.size).fill(1));
    expect(() => backward(y, new Float32Array(y.size).fill(1))).toThrow(
      'dropout: backward must run once per forward, got a second backward of the same graph.',
    );
  });

  it('gives zeros for p = 1 as the functional form used between recurrent layers', () => {
    expect([...dropout(x, { p: 1, random: new Random(1) }).data.subarray(0, 4)]).toEqual([
      0, 0, 0, 0,
    ]);
  });
});
