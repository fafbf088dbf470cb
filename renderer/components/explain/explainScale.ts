/** Colour scales of the explanation pictures: attention weights as shade, occlusion deltas as a blue/red diverging scale. */

/** How one cell or word is drawn: which side of the scale and how strongly (0 … 1). */
export interface Shade {
  /** 'for': supported the decision (blue); 'against': spoke against it (red); 'none': no effect. */
  readonly side: 'for' | 'against' | 'none';
  /** Opacity of the colour, 0 … 1. */
  readonly strength: number;
  /** True when the colour is dark enough that text on it must be light. */
  readonly strong: boolean;
}

/** Strength above which text on the colour switches to light. */
const STRONG = 0.55;

/**
 * An attention weight (a probability, 0 … 1) as a shade of the one attention colour.
 * @throws RangeError for a weight outside [0, 1] or not a number (the core guarantees a softmax).
 */
export function attentionShade(weight: number): Shade {
  if (!(weight >= 0 && weight <= 1 + 1e-6)) {
    throw new RangeError(`attentionShade: weight must be in [0, 1], got ${weight}.`);
  }
  const strength = Math.min(1, weight);
  return { side: strength === 0 ? 'none' : 'for', strength, strong: strength > STRONG };
}

/** The largest |delta| of a text's tokens: the top of the importance scale (0 for no change). */
export function importanceScaleMax(deltas: readonly number[]): number {
  return deltas.reduce((m, d) => Math.max(m, Math.abs(d)), 0);
}

/**
 * An occlusion delta on a diverging scale scaled to the text's largest change, so the most
 * important word is always fully coloured: positive → blue ('for'), negative → red ('against').
 */
export function importanceShade(delta: number, scaleMax: number): Shade {
  if (scaleMax <= 0 || delta === 0) return { side: 'none', strength: 0, strong: false };
  const strength = Math.min(1, Math.abs(delta) / scaleMax);
  return { side: delta > 0 ? 'for' : 'against', strength, strong: strength > STRONG };
}

/**
 * A change of probability as signed percentage points, e.g. '+12.5 pp' / '−3 %p' (typographic
 * minus; the unit is the UI language's: 'pp' in English, '%p' in Korean).
 */
export function formatChange(delta: number, language: string, unit: string): string {
  const points = new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(
    Math.abs(delta * 100),
  );
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return `${sign}${points} ${unit}`;
}
