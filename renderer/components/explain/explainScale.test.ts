/** Tests of the explanation colour scales: attention shade, the diverging importance scale, and signed changes. */
import { describe, expect, it } from 'vitest';
import {
  attentionShade,
  formatChange,
  importanceScaleMax,
  importanceShade,
} from './explainScale.ts';

describe('attentionShade', () => {
  it('shades a weight by its value and switches to light text on dark cells', () => {
    expect(attentionShade(0)).toEqual({ side: 'none', strength: 0, strong: false });
    expect(attentionShade(0.3)).toEqual({ side: 'for', strength: 0.3, strong: false });
    expect(attentionShade(0.9)).toEqual({ side: 'for', strength: 0.9, strong: true });
  });

  it('refuses a weight that is not a probability', () => {
    expect(() => attentionShade(1.5)).toThrow('attentionShade: weight must be in [0, 1], got 1.5.');
    expect(() => attentionShade(Number.NaN)).toThrow('got NaN.');
  });
});

describe('importanceShade', () => {
  const deltas = [0.4, -0.1, 0, 0.05];
  const max = importanceScaleMax(deltas);

  it('scales to the largest change in the text, either sign', () => {
    expect(max).toBe(0.4);
    expect(importanceScaleMax([0.1, -0.3])).toBe(0.3);
    expect(importanceScaleMax([])).toBe(0);
  });

  it('colours supporting words blue and opposing words red, the strongest fully', () => {
    expect(importanceShade(0.4, max)).toEqual({ side: 'for', strength: 1, strong: true });
    expect(importanceShade(-0.1, max)).toEqual({ side: 'against', strength: 0.25, strong: false });
    expect(importanceShade(0, max).side).toBe('none');
    expect(importanceShade(0.1, 0)).toEqual({ side: 'none', strength: 0, strong: false });
  });
});

describe('formatChange', () => {
  it('writes signed percentage points in the UI language', () => {
    expect(formatChange(0.125, 'en', 'pp')).toBe('+12.5 pp');
    expect(formatChange(-0.03, 'ko', '%p')).toBe('−3 %p');
    expect(formatChange(0, 'en', 'pp')).toBe('±0 pp');
  });
});
