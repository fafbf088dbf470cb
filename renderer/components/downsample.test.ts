/** Tests of LTTB downsampling: size, kept extremes and ends, order, non-finite values, speed at 100,000 points. */
import { describe, expect, it } from 'vitest';
import { lttb, type XY } from './downsample.ts';

const series = (n: number, f: (i: number) => number): XY[] =>
  Array.from({ length: n }, (_, i) => ({ x: i, y: f(i) }));

describe('lttb', () => {
  it('returns short series unchanged', () => {
    const s = series(10, (i) => i * i);
    expect(lttb(s, 50)).toBe(s);
  });

  it('reduces 100,000 points to the threshold, keeping both ends and x order', () => {
    const s = series(100_000, (i) => Math.sin(i / 500) + (i % 7) / 100);
    const d = lttb(s, 500);
    expect(d).toHaveLength(500);
    expect(d[0]).toBe(s[0]);
    expect(d.at(-1)).toBe(s.at(-1));
    for (let i = 1; i < d.length; i++) expect((d[i] as XY).x).toBeGreaterThan((d[i - 1] as XY).x);
  });

  it('keeps a single spike that averaging would flatten', () => {
    const s = series(10_000, (i) => (i === 4321 ? 100 : 1));
    const d = lttb(s, 100);
    expect(d.some((p) => p.x === 4321 && p.y === 100)).toBe(true);
  });

  it('drops NaN and infinite values so a diverged run still draws', () => {
    const s = series(1000, (i) => (i > 900 ? Number.NaN : i === 10 ? Infinity : i));
    const d = lttb(s, 100);
    expect(d.every((p) => Number.isFinite(p.y))).toBe(true);
    expect(d.at(-1)?.x).toBe(900);
  });

  it('downsamples 100,000 points in well under a frame', () => {
    const s = series(100_000, (i) => Math.cos(i));
    const t0 = performance.now();
    for (let k = 0; k < 10; k++) lttb(s, 600);
    expect((performance.now() - t0) / 10).toBeLessThan(16);
  });

  it('refuses a threshold below 3', () => {
    expect(() => lttb([], 2)).toThrow('lttb: threshold must be an integer ≥ 3, got 2.');
  });
});
