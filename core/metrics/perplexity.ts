/** Perplexity of a language model: exp of the mean negative log-likelihood per predicted token. */
import { ConfigError } from '../errors.ts';

/**
 * `exp(totalNll / tokens)`; NaN for no tokens.
 * @param totalNll summed negative log-likelihood (natural log) over the predicted tokens
 * @param tokens the number of predicted tokens
 * @throws ConfigError for a negative token count or a negative or non-finite NLL.
 */
export function perplexity(totalNll: number, tokens: number): number {
  if (!Number.isInteger(tokens) || tokens < 0) {
    throw new ConfigError(`perplexity: tokens must be an integer ≥ 0, got ${tokens}.`);
  }
  if (!(totalNll >= 0) || !Number.isFinite(totalNll)) {
    throw new ConfigError(`perplexity: totalNll must be finite and ≥ 0, got ${totalNll}.`);
  }
  if (tokens === 0) return Number.NaN;
  return Math.exp(totalNll / tokens);
}
