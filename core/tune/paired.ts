/** The final comparison's rule: a challenger replaces the base only when a paired comparison over the validation examples says it is better by more than the noise of the split. */
import type { ExampleScores } from '../tasks/task.ts';

export type { ExampleScores };

/** What a paired comparison found: the challenger's gain over the base in the metric's units. */
export interface PairedComparison {
  /** Examples compared (both scored the same ones). */
  examples: number;
  /** The challenger's metric minus the base's, signed so that a positive gain is better. */
  gain: number;
  /** The gain's standard error from the per-example differences. */
  standardError: number;
  /** Standard errors the gain must exceed for the challenger to be kept. */
  threshold: number;
  /** True when gain > threshold × standardError. */
  better: boolean;
}

/**
 * Standard errors the challenger's gain must exceed. Two is a one-sided test at about 2.3 %:
 * the challenger was picked as the best of several on this same split (a winner's curse), so a
 * smaller margin keeps noise (samsung-stock: a challenger 11 won ahead on its 123 validation
 * windows, 245.5 against 256.7, was 17 won behind on test).
 */
export const GAIN_THRESHOLD = 2;

/** Below this many examples the differences say too little about their spread: no replacement. */
export const MIN_PAIRED_EXAMPLES = 10;

/**
 * Compares two models' scores on the same examples: the gain D = challenger's metric − base's
 * (sign flipped for lower-is-better) and its standard error by the ratio estimator's
 * linearisation over the per-example differences dᵢ = cᵢ − bᵢ with weights wᵢ:
 * SE² = n / (n − 1) · Σ (dᵢ − D·wᵢ)² / (Σ wᵢ)² (Cochran, Sampling Techniques, §6.4).
 * @throws RangeError when the two do not score the same examples with the same weights.
 */
export function pairedComparison(
  base: ExampleScores,
  challenger: ExampleScores,
  o: { higherIsBetter: boolean; threshold?: number },
): PairedComparison {
  const n = base.values.length;
  if (
    challenger.values.length !== n ||
    base.weights.length !== n ||
    challenger.weights.length !== n
  ) {
    throw new RangeError(
      `pairedComparison: both must score the same ${n} examples, got ${challenger.values.length} values and weights of ${base.weights.length} and ${challenger.weights.length}.`,
    );
  }
  const threshold = o.threshold ?? GAIN_THRESHOLD;
  const sign = o.higherIsBetter ? 1 : -1;
  let total = 0;
  let diff = 0;
  for (let i = 0; i < n; i++) {
    const w = base.weights[i] as number;
    if (w !== challenger.weights[i]) {
      throw new RangeError(
        `pairedComparison: example ${i} must weigh the same for both, got ${w} and ${challenger.weights[i]}.`,
      );
    }
    total += w;
    diff += sign * ((challenger.values[i] as number) - (base.values[i] as number));
  }
  const gain = total > 0 ? diff / total : 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = sign * ((challenger.values[i] as number) - (base.values[i] as number));
    sq += (d - gain * (base.weights[i] as number)) ** 2;
  }
  const standardError = n > 1 && total > 0 ? Math.sqrt((n / (n - 1)) * sq) / total : Infinity;
  const better =
    n >= MIN_PAIRED_EXAMPLES && Number.isFinite(gain) && gain > threshold * standardError;
  return { examples: n, gain, standardError, threshold, better };
}
