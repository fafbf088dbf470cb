/** The image attention heat map: upsampling keeps the hot region where the grid has it, colours darken what was ignored, pictures fit their box. */
import { describe, expect, it } from 'vitest';
import { fitInside, heatPixels, heatRgba, upsampleGrid } from './imageHeat.ts';

describe('upsampleGrid', () => {
  it('puts the hottest region of a 2×2 grid in its quarter of the picture, scaled to 1', () => {
    const out = upsampleGrid([0.1, 0.7, 0.1, 0.1], { rows: 2, cols: 2 }, { width: 8, height: 8 });
    // Top right corner is the hot cell itself; bottom left the cold one (0.1 / 0.7).
    expect(out[0 * 8 + 7]).toBeCloseTo(1, 6);
    expect(out[7 * 8 + 0]).toBeCloseTo(0.1 / 0.7, 6);
    // Between them the values blend: the centre is the mean of the four cells.
    expect(out[3 * 8 + 3]).toBeLessThan(out[0 * 8 + 7] as number);
    expect(out[3 * 8 + 4]).toBeGreaterThan(out[3 * 8 + 3] as number);
  });

  it('samples as PyTorch bilinear without aligned corners (a 1×2 grid to 4 pixels)', () => {
    // interpolate([[0, 1]], size=4, mode='bilinear', align_corners=False) → [0, 0.25, 0.75, 1].
    const out = upsampleGrid([0, 1], { rows: 1, cols: 2 }, { width: 4, height: 1 });
    expect(Array.from(out)).toEqual([0, 0.25, 0.75, 1]);
  });

  it('gives zeros for a grid of zeros and refuses weights of the wrong count', () => {
    expect(Array.from(upsampleGrid([0, 0], { rows: 1, cols: 2 }, { width: 2, height: 1 }))).toEqual(
      [0, 0],
    );
    expect(() => upsampleGrid([1, 2, 3], { rows: 2, cols: 2 }, { width: 2, height: 2 })).toThrow(
      'upsampleGrid: weights must hold 2×2 values, got 3.',
    );
  });
});

describe('heat colours', () => {
  it('darkens ignored regions and tints the most attended one amber, less opaque', () => {
    expect(heatRgba(0)).toEqual([0, 0, 0, 140]);
    expect(heatRgba(1)).toEqual([255, 191, 36, 102]);
    expect(heatRgba(2)).toEqual(heatRgba(1));
    expect(Array.from(heatPixels(Float32Array.of(0, 1)))).toEqual([
      0, 0, 0, 140, 255, 191, 36, 102,
    ]);
  });
});

describe('fitInside', () => {
  it('shrinks a picture into its box keeping the aspect ratio, and never enlarges', () => {
    expect(fitInside(640, 427, { width: 320, height: 320 })).toEqual({
      width: 320,
      height: 214,
      scale: 0.5,
    });
    expect(fitInside(100, 50, { width: 320, height: 320 })).toEqual({
      width: 100,
      height: 50,
      scale: 1,
    });
  });
});
