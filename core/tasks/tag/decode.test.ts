/** Tag decoding: per-token best tags for POS, and for NER the best IOB2-valid sequence — checked against trying every sequence. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { bestIob2Sequence, decodeTags, iob2Allows, tagProbability } from './decode.ts';

const TAGS = ['B-LOC', 'B-PER', 'I-LOC', 'I-PER', 'O'];

/** Logits [L, T] row-major from per-token rows. */
function logitsOf(rows: number[][]): Float32Array {
  return Float32Array.from(rows.flat());
}

const sentence = (length: number, T = TAGS.length) => ({ length, offsetOf: (t: number) => t * T });

describe('iob2Allows', () => {
  it('lets I-X continue only B-X or I-X, and never start a sentence', () => {
    expect(iob2Allows('B-PER', 'I-PER')).toBe(true);
    expect(iob2Allows('I-PER', 'I-PER')).toBe(true);
    expect(iob2Allows('O', 'I-PER')).toBe(false);
    expect(iob2Allows('B-LOC', 'I-PER')).toBe(false);
    expect(iob2Allows(null, 'I-PER')).toBe(false);
    expect(iob2Allows('O', 'B-PER')).toBe(true);
    expect(iob2Allows(null, 'O')).toBe(true);
  });
});

describe('decodeTags', () => {
  it('repairs a broken span: "O I-PER" per token becomes the best valid reading', () => {
    // Token 1 slightly prefers I-PER over B-PER; after O only B-PER can start the person.
    const logits = logitsOf([
      [0, 0, 0, 0, 5],
      [0, 3, 0, 3.2, 0],
      [0, 0, 0, 4, 0],
    ]);
    expect(decodeTags(logits, sentence(3), { tags: TAGS, ner: false })).toEqual([
      'O',
      'I-PER',
      'I-PER',
    ]);
    expect(decodeTags(logits, sentence(3), { tags: TAGS, ner: true })).toEqual([
      'O',
      'B-PER',
      'I-PER',
    ]);
  });

  it('finds the highest-scoring valid sequence, as trying all of them does', () => {
    const random = new Random(3);
    const T = TAGS.length;
    for (let trial = 0; trial < 40; trial++) {
      const L = 1 + (trial % 4);
      const logits = Float32Array.from({ length: L * T }, () => random.normal() * 2);
      const logProb = (t: number, c: number): number => {
        const row = [...logits.subarray(t * T, (t + 1) * T)];
        const max = Math.max(...row);
        const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
        return (row[c] as number) - lse;
      };
      let best = Number.NEGATIVE_INFINITY;
      for (let code = 0; code < T ** L; code++) {
        const seq = Array.from({ length: L }, (_, t) => Math.floor(code / T ** t) % T);
        if (
          !seq.every((c, t) =>
            iob2Allows(t === 0 ? null : (TAGS[seq[t - 1] as number] as string), TAGS[c] as string),
          )
        )
          continue;
        best = Math.max(
          best,
          seq.reduce((s, c, t) => s + logProb(t, c), 0),
        );
      }
      const got = bestIob2Sequence(logits, sentence(L), TAGS);
      const score = got.reduce((s, tag, t) => s + logProb(t, TAGS.indexOf(tag)), 0);
      expect(score).toBeCloseTo(best, 9);
      got.forEach((tag, t) => {
        expect(iob2Allows(t === 0 ? null : (got[t - 1] as string), tag)).toBe(true);
      });
    }
  });

  it('reads each sentence where its offsets say (time-major batches) and handles an empty one', () => {
    // Two sentences interleaved time-major: token t of sentence n at (t * 2 + n) * T.
    const rows = [
      [0, 5, 0, 0, 0],
      [0, 0, 0, 0, 5],
      [0, 0, 0, 5, 0],
      [5, 0, 0, 0, 0],
    ];
    const logits = logitsOf(rows);
    const T = TAGS.length;
    const of = (n: number) => ({ length: 2, offsetOf: (t: number) => (t * 2 + n) * T });
    expect(decodeTags(logits, of(0), { tags: TAGS, ner: true })).toEqual(['B-PER', 'I-PER']);
    expect(decodeTags(logits, of(1), { tags: TAGS, ner: true })).toEqual(['O', 'B-LOC']);
    expect(decodeTags(logits, { length: 0, offsetOf: () => 0 }, { tags: TAGS, ner: true })).toEqual(
      [],
    );
  });
});

describe('tagProbability', () => {
  it("is the softmax probability of the chosen tag among one token's logits", () => {
    const logits = Float32Array.from([9, 9, 0, Math.log(3), 9]);
    expect(tagProbability(logits, 2, 2, 1)).toBeCloseTo(0.75, 6);
    expect(tagProbability(logits, 2, 2, 0)).toBeCloseTo(0.25, 6);
  });
});
