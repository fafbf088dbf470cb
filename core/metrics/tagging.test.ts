/** Tests of token accuracy and seqeval-compatible entity scores against hand-checked and generated seqeval outputs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entityF1, entityScores, seqevalChunks, tokenAccuracy } from './tagging.ts';

interface Case {
  gold: string[][];
  predicted: string[][];
  chunks: [string, number, number][][];
  expected: ReturnType<typeof entityScores>;
}

const cases = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'seqeval_cases.json'), 'utf8'),
) as Case[];

describe('entityScores', () => {
  it("reproduces seqeval's README example (f1 0.5, MISC 0, PER 1)", () => {
    const gold = [
      ['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'],
      ['B-PER', 'I-PER', 'O'],
    ];
    const predicted = [
      ['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'],
      ['B-PER', 'I-PER', 'O'],
    ];
    const s = entityScores(gold, predicted);
    expect(s.f1).toBe(0.5);
    expect(s.precision).toBe(0.5);
    expect(s.recall).toBe(0.5);
    expect(s.perType).toEqual([
      { label: 'MISC', precision: 0, recall: 0, f1: 0, support: 1 },
      { label: 'PER', precision: 1, recall: 1, f1: 1, support: 1 },
    ]);
    expect(tokenAccuracy(gold, predicted)).toBe(0.8);
  });

  it.each(cases.map((c, i) => [i, c] as const))(
    'matches the seqeval re-implementation on generated case %i',
    (_, c) => {
      c.gold.forEach((g, i) => {
        const expected = (c.chunks[i] as [string, number, number][]).map(([type, s, e]) => ({
          type,
          start: s,
          end: e + 1,
        }));
        expect(seqevalChunks(g)).toEqual(expected);
      });
      const s = entityScores(c.gold, c.predicted);
      expect(s.precision).toBeCloseTo(c.expected.precision, 12);
      expect(s.recall).toBeCloseTo(c.expected.recall, 12);
      expect(s.f1).toBeCloseTo(c.expected.f1, 12);
      expect(s.support).toBe(c.expected.support);
      expect(s.predicted).toBe(c.expected.predicted);
      expect(s.perType.map((t) => t.label)).toEqual(c.expected.perType.map((t) => t.label));
      s.perType.forEach((t, k) => {
        const e = c.expected.perType[k] as (typeof s.perType)[number];
        expect(t.f1).toBeCloseTo(e.f1, 12);
        expect(t.support).toBe(e.support);
      });
    },
  );

  it('reads a stray I- after O as the start of an entity (lenient, like seqeval)', () => {
    expect(seqevalChunks(['O', 'I-PER', 'I-PER', 'B-LOC', 'I-ORG'])).toEqual([
      { type: 'PER', start: 1, end: 3 },
      { type: 'LOC', start: 3, end: 4 },
      { type: 'ORG', start: 4, end: 5 },
    ]);
  });

  it('counts a span with the right type but a wrong end as wrong (exact match)', () => {
    expect(entityF1([['B-PER', 'I-PER', 'O']], [['B-PER', 'O', 'O']])).toBe(0);
  });

  it('gives 0 rather than NaN when nothing is predicted', () => {
    const s = entityScores([['B-PER']], [['O']]);
    expect([s.precision, s.recall, s.f1]).toEqual([0, 0, 0]);
  });

  it('refuses sentences of different lengths with a clear message', () => {
    expect(() => entityScores([['O', 'O']], [['O']])).toThrow(
      'entityScores: predicted sentence 0 must have 2 tags like gold, got 1.',
    );
  });
});

describe('tokenAccuracy', () => {
  it('is NaN for no tokens and refuses a sentence-count mismatch', () => {
    expect(tokenAccuracy([], [])).toBeNaN();
    expect(() => tokenAccuracy([['O']], [])).toThrow(
      'tokenAccuracy: predicted must have 1 sentences like gold, got 0.',
    );
  });
});
