/** Tests of greedy and top-k / temperature sampling. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { checkSampleOptions, pickToken } from './sample.ts';

const logits = Float32Array.from([5, 1, 4, 3, 0]);

describe('pickToken', () => {
  it('takes the arg-max when greedy, skipping banned ids', () => {
    const base = { greedy: true, temperature: 1, topK: 0 };
    expect(pickToken(logits, { ...base, banned: new Set() }, new Random(0))).toBe(0);
    expect(pickToken(logits, { ...base, banned: new Set([0]) }, new Random(0))).toBe(2);
  });

  it('draws only from the top k', () => {
    const random = new Random(1);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      seen.add(
        pickToken(logits, { greedy: false, temperature: 5, topK: 2, banned: new Set() }, random),
      );
    }
    expect([...seen].sort()).toEqual([0, 2]);
  });

  it('follows softmax(logits / T) frequencies', () => {
    const random = new Random(2);
    const two = Float32Array.from([Math.log(3), 0]);
    let first = 0;
    for (let i = 0; i < 4000; i++) {
      if (
        pickToken(two, { greedy: false, temperature: 1, topK: 0, banned: new Set() }, random) === 0
      )
        first++;
    }
    expect(first / 4000).toBeCloseTo(0.75, 1);
  });

  it('refuses a temperature of 0', () => {
    expect(() => checkSampleOptions({ temperature: 0, topK: 0 })).toThrow(
      'generate: temperature must be a number > 0, got 0.',
    );
  });
});
