/** Tests of occlusion importance: the only evidence moves the probability most, counter-evidence is negative, one batched call. */
import { describe, expect, it } from 'vitest';
import { occlusionDeltas, type ProbabilitiesOf } from './occlusion.ts';

const WEIGHTS: Record<number, number> = { 7: 4, 3: 0.5, 9: -1.5 };

/** A stand-in classifier: p(class 1) = σ(Σ weight(id) − 1) over the ids; two classes. */
function stub(calls: (readonly (readonly number[])[])[]): ProbabilitiesOf {
  return (sequences) => {
    calls.push(sequences);
    const out = new Float32Array(sequences.length * 2);
    sequences.forEach((ids, n) => {
      const z = ids.reduce((a, id) => a + (WEIGHTS[id] ?? 0), -1);
      const p1 = 1 / (1 + Math.exp(-z));
      out[n * 2] = 1 - p1;
      out[n * 2 + 1] = p1;
    });
    return out;
  };
}

const options = { classIndex: 1, numClasses: 2, fallbackId: 1 };

describe('occlusionDeltas', () => {
  it('gives the largest drop to the token that is the only strong evidence, in one batched call', () => {
    const calls: (readonly (readonly number[])[])[] = [];
    const deltas = occlusionDeltas(stub(calls), [2, 7, 3, 5], options);
    expect(calls.length).toBe(1);
    expect(calls[0]).toEqual([
      [2, 7, 3, 5],
      [7, 3, 5],
      [2, 3, 5],
      [2, 7, 5],
      [2, 7, 3],
    ]);
    const strongest = deltas.indexOf(Math.max(...deltas));
    expect(strongest).toBe(1);
    expect(deltas[1]).toBeGreaterThan(0.5);
    expect(deltas[2]).toBeGreaterThan(0);
    expect(deltas[2]).toBeLessThan(deltas[1] as number);
    expect(deltas[0]).toBeCloseTo(0, 6);
    expect(deltas[3]).toBeCloseTo(0, 6);
  });

  it('is negative for a token that spoke against the class', () => {
    const deltas = occlusionDeltas(stub([]), [7, 9], options);
    expect(deltas[1]).toBeLessThan(0);
    expect(deltas[0]).toBeGreaterThan(0);
  });

  it('compares a one-token text with the fallback token alone', () => {
    const calls: (readonly (readonly number[])[])[] = [];
    occlusionDeltas(stub(calls), [7], options);
    expect(calls[0]).toEqual([[7], [1]]);
  });

  it('refuses an empty sequence and a class outside the classes', () => {
    expect(() => occlusionDeltas(stub([]), [], options)).toThrow(
      'occlusionDeltas: ids must hold at least 1 token, got 0.',
    );
    expect(() => occlusionDeltas(stub([]), [7], { ...options, classIndex: 2 })).toThrow(
      'occlusionDeltas: classIndex must be in [0, 2), got 2.',
    );
  });
});
