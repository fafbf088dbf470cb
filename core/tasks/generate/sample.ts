/** Choosing the next token from logits: greedy, or sampling with temperature and top-k from a seeded generator. */
import { ConfigError } from '../../errors.ts';
import type { Random } from '../../random.ts';

/** How to choose. */
export interface SampleOptions {
  /** Pick the most likely token. */
  greedy: boolean;
  /** Softmax temperature > 0 (1 = the model's distribution; lower is more conservative). */
  temperature: number;
  /** Keep only the k most likely tokens (0 = all). */
  topK: number;
  /** Ids never chosen (e.g. `<pad>`, `<bos>`, `<unk>`). */
  banned: ReadonlySet<number>;
}

/**
 * Checks decoding options.
 * @throws ConfigError for temperature ≤ 0 or a topK that is not a non-negative integer.
 */
export function checkSampleOptions(options: { temperature: number; topK: number }): void {
  if (!(options.temperature > 0) || !Number.isFinite(options.temperature)) {
    throw new ConfigError(
      `generate: temperature must be a number > 0, got ${options.temperature}.`,
    );
  }
  if (!Number.isInteger(options.topK) || options.topK < 0) {
    throw new ConfigError(`generate: topK must be an integer ≥ 0, got ${options.topK}.`);
  }
}

/**
 * The next token id from next-token `logits` `[V]`: the arg-max when greedy, else a draw from
 * softmax(logits / temperature) restricted to the top k (ties at the k-th value kept).
 */
export function pickToken(logits: Float32Array, options: SampleOptions, random: Random): number {
  const candidates: number[] = [];
  for (let i = 0; i < logits.length; i++) if (!options.banned.has(i)) candidates.push(i);
  if (options.greedy) {
    let best = candidates[0] as number;
    for (const i of candidates) if ((logits[i] as number) > (logits[best] as number)) best = i;
    return best;
  }
  let pool = candidates;
  if (options.topK > 0 && options.topK < candidates.length) {
    const sorted = candidates.map((i) => logits[i] as number).sort((a, b) => b - a);
    const threshold = sorted[options.topK - 1] as number;
    pool = candidates.filter((i) => (logits[i] as number) >= threshold);
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const i of pool) max = Math.max(max, (logits[i] as number) / options.temperature);
  const weights = pool.map((i) => Math.exp((logits[i] as number) / options.temperature - max));
  const total = weights.reduce((s, w) => s + w, 0);
  let u = random.next() * total;
  for (let k = 0; k < pool.length; k++) {
    u -= weights[k] as number;
    if (u < 0) return pool[k] as number;
  }
  return pool[pool.length - 1] as number;
}
