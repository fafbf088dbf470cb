/** Tag decoding: the best tag per token for parts of speech, the best valid IOB2 sequence for named entities. */

/** Where a sentence's per-token logits lie in a logits array: token t's T logits start at `offsetOf(t)`. */
export interface TokenLogits {
  /** Tokens in the sentence. */
  length: number;
  /** Start of token t's logits. */
  offsetOf: (t: number) => number;
}

/**
 * The tag with the highest logit (the first on ties) among `tags.length` logits starting at
 * `offset` of `logits` (`[…, T]` row-major).
 */
export function bestTag(
  logits: ArrayLike<number>,
  offset: number,
  tags: readonly string[],
): string {
  let best = 0;
  for (let c = 1; c < tags.length; c++) {
    if ((logits[offset + c] as number) > (logits[offset + best] as number)) best = c;
  }
  return tags[best] as string;
}

/**
 * Whether IOB2 allows `next` after `previous` (null: the sentence's first token): `I-X` only
 * continues `B-X` or `I-X`; every other tag may follow anything.
 */
export function iob2Allows(previous: string | null, next: string): boolean {
  if (!next.startsWith('I-')) return true;
  return previous !== null && (previous === next || previous === `B-${next.slice(2)}`);
}

function logSoftmax(logits: ArrayLike<number>, offset: number, T: number): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < T; c++) max = Math.max(max, logits[offset + c] as number);
  let sum = 0;
  for (let c = 0; c < T; c++) sum += Math.exp((logits[offset + c] as number) - max);
  const lse = max + Math.log(sum);
  const out = new Float64Array(T);
  for (let c = 0; c < T; c++) out[c] = (logits[offset + c] as number) - lse;
  return out;
}

/**
 * The softmax probability of tag `c` among the T logits starting at `offset`: the model's
 * confidence in that tag for one token.
 */
export function tagProbability(
  logits: ArrayLike<number>,
  offset: number,
  T: number,
  c: number,
): number {
  return Math.exp(logSoftmax(logits, offset, T)[c] as number);
}

/**
 * The tag sequence of highest total log-probability (the sum over tokens of log-softmax of the
 * logits) among the sequences IOB2 allows: no `I-X` that starts a sentence or follows a tag other
 * than `B-X`/`I-X`. A softmax tagger scores each token alone, so its per-token best can break an
 * entity (`O I-PER`); this keeps every span well formed (constrained Viterbi decoding, as
 * AllenNLP's allowed transitions do for a CRF). Ties keep the lower tag index.
 * @param logits `[…, T]` row-major, T = `tags.length`
 */
export function bestIob2Sequence(
  logits: ArrayLike<number>,
  sentence: TokenLogits,
  tags: readonly string[],
): string[] {
  const T = tags.length;
  const { length, offsetOf } = sentence;
  if (length === 0) return [];
  const allowed = tags.map((prev) => tags.map((next) => iob2Allows(prev, next)));
  const first = logSoftmax(logits, offsetOf(0), T);
  let score = Float64Array.from(first, (v, c) =>
    iob2Allows(null, tags[c] as string) ? v : Number.NEGATIVE_INFINITY,
  );
  const back: Int32Array[] = [];
  for (let t = 1; t < length; t++) {
    const s = logSoftmax(logits, offsetOf(t), T);
    const next = new Float64Array(T).fill(Number.NEGATIVE_INFINITY);
    const from = new Int32Array(T);
    for (let c = 0; c < T; c++) {
      for (let p = 0; p < T; p++) {
        if (!(allowed[p] as boolean[])[c]) continue;
        const v = (score[p] as number) + (s[c] as number);
        if (v > (next[c] as number)) {
          next[c] = v;
          from[c] = p;
        }
      }
    }
    back.push(from);
    score = next;
  }
  let c = 0;
  for (let k = 1; k < T; k++) if ((score[k] as number) > (score[c] as number)) c = k;
  const out = new Array<string>(length);
  out[length - 1] = tags[c] as string;
  for (let t = length - 1; t >= 1; t--) {
    c = (back[t - 1] as Int32Array)[c] as number;
    out[t - 1] = tags[c] as string;
  }
  return out;
}

/**
 * A sentence's tags from its logits: for NER the best valid IOB2 sequence
 * ({@link bestIob2Sequence}), else the best tag of each token.
 */
export function decodeTags(
  logits: ArrayLike<number>,
  sentence: TokenLogits,
  options: { tags: readonly string[]; ner: boolean },
): string[] {
  if (options.ner) return bestIob2Sequence(logits, sentence, options.tags);
  return Array.from({ length: sentence.length }, (_, t) =>
    bestTag(logits, sentence.offsetOf(t), options.tags),
  );
}
