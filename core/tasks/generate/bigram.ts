/** The generate baseline: an interpolated bigram model (Jelinek–Mercer) over token ids, fitted on the training part. */

/** Weight of the bigram estimate; the rest goes to the add-one unigram. */
export const BIGRAM_WEIGHT = 0.7;

/** A bigram model as JSON: unigram counts per id and the non-zero pair counts as flat triples. */
export interface BigramJson {
  /** `unigram[id]` = times id was a target. */
  unigram: number[];
  /** `[prev, next, count, prev, next, count, …]`. */
  pairs: number[];
}

/** Counts target tokens and (previous, target) pairs of the training sequences. */
export function fitBigram(
  sequences: readonly { input: number[]; target: number[] }[],
  vocabSize: number,
): BigramJson {
  const unigram = new Array<number>(vocabSize).fill(0);
  const pairs = new Map<number, number>();
  for (const s of sequences) {
    s.target.forEach((y, t) => {
      unigram[y] = (unigram[y] as number) + 1;
      const key = (s.input[t] as number) * vocabSize + y;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    });
  }
  const flat: number[] = [];
  for (const [key, n] of [...pairs].sort((a, b) => a[0] - b[0])) {
    flat.push(Math.floor(key / vocabSize), key % vocabSize, n);
  }
  return { unigram, pairs: flat };
}

/**
 * Summed negative log-likelihood of the targets under
 * P(y | x) = λ·c(x, y)/c(x) + (1 − λ)·(c(y) + 1)/(N + V)  (λ = 0 when x was never a predecessor).
 * @returns the NLL sum (natural log) and the number of targets
 */
export function bigramNll(
  model: BigramJson,
  sequences: readonly { input: number[]; target: number[] }[],
): { nll: number; tokens: number } {
  const V = model.unigram.length;
  const total = model.unigram.reduce((s, n) => s + n, 0);
  const pairs = new Map<number, number>();
  const prevTotals = new Map<number, number>();
  for (let i = 0; i < model.pairs.length; i += 3) {
    const [x, y, n] = [
      model.pairs[i] as number,
      model.pairs[i + 1] as number,
      model.pairs[i + 2] as number,
    ];
    pairs.set(x * V + y, n);
    prevTotals.set(x, (prevTotals.get(x) ?? 0) + n);
  }
  let nll = 0;
  let tokens = 0;
  for (const s of sequences) {
    s.target.forEach((y, t) => {
      const x = s.input[t] as number;
      const uni = ((model.unigram[y] ?? 0) + 1) / (total + V);
      const prevTotal = prevTotals.get(x) ?? 0;
      const p =
        prevTotal === 0
          ? uni
          : BIGRAM_WEIGHT * ((pairs.get(x * V + y) ?? 0) / prevTotal) + (1 - BIGRAM_WEIGHT) * uni;
      nll -= Math.log(p);
      tokens++;
    });
  }
  return { nll, tokens };
}
