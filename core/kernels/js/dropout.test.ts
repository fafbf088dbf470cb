/** The dropout mask kernel draws exactly what Random.next() draws, element by element, and leaves the generator where the per-element loop would. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { dropoutMaskJs } from './dropout.ts';

describe('dropoutMaskJs', () => {
  it('gives the mask and the final state of one Random.next() per element', () => {
    const n = 1001;
    const x = new Random(3).fillUniform(new Float32Array(n), -2, 2);
    const p = 0.3;
    const scale = 1 / (1 - p);
    const reference = new Random(42);
    const wantMask = new Float32Array(n);
    const wantOut = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      // As core/nn/dropout.ts always did: out is x times the double scale, the mask its float32.
      const m = reference.next() >= p ? scale : 0;
      wantMask[i] = m;
      wantOut[i] = (x[i] as number) * m;
    }
    const mask = new Float32Array(n);
    const out = new Float32Array(n);
    const state = dropoutMaskJs(new Random(42).getState(), { p, scale, x, out, mask });
    expect(mask).toEqual(wantMask);
    expect(out).toEqual(wantOut);
    expect(state).toEqual(reference.getState());
  });

  it('keeps exactly the draws with u ≥ p for p at the ends of [0, 1] and between', () => {
    const n = 4096;
    const x = new Random(5).fillUniform(new Float32Array(n), -1, 1);
    // p exactly at the first draw and half a step of 2⁻³² either side of it (the comparison's edge).
    const first = new Random(7).next();
    const edges = [first, first - 2 ** -33, first + 2 ** -33];
    const ends = [0, 2 ** -33, 1 - 2 ** -32, 1 - 2 ** -33, -0.5, Number.NaN];
    const ps = [...edges, ...ends, 0.1, 1 / 3, 0.5, 0.7];
    for (const p of ps) {
      const scale = 1.5;
      const reference = new Random(7);
      const wantMask = new Float32Array(n);
      const wantOut = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const m = reference.next() >= p ? scale : 0;
        wantMask[i] = m;
        wantOut[i] = (x[i] as number) * m;
      }
      const mask = new Float32Array(n);
      const out = new Float32Array(n);
      const state = dropoutMaskJs(new Random(7).getState(), { p, scale, x, out, mask });
      expect(mask, `p = ${p}`).toEqual(wantMask);
      expect(out, `p = ${p}`).toEqual(wantOut);
      expect(state).toEqual(reference.getState());
    }
  });

  it('zeroes everything for p = 1 with scale 0 and still draws once per element', () => {
    const x = Float32Array.of(1, 2, 3);
    const out = new Float32Array(3);
    const state = dropoutMaskJs(new Random(1).getState(), {
      p: 1,
      scale: 0,
      x,
      out,
      mask: new Float32Array(3),
    });
    const reference = new Random(1);
    for (let i = 0; i < 3; i++) reference.next();
    expect([...out]).toEqual([0, 0, 0]);
    expect(state).toEqual(reference.getState());
  });
});
