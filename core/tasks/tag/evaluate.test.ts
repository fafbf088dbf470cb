/** Tests of TagScorer: counts added a sentence at a time give the scores of all sentences at once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.ts';
import { entityScores, tokenAccuracy } from '../../metrics/tagging.ts';
import { TagScorer } from './evaluate.ts';

const cases = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', '..', 'metrics', 'fixtures', 'seqeval_cases.json'),
    'utf8',
  ),
) as { gold: string[][]; predicted: string[][] }[];

describe('TagScorer', () => {
  it('scores NER sentences one by one as entityScores and tokenAccuracy score them together', () => {
    const withEntities = cases.filter((c) => c.gold.flat().some((t) => t !== 'O'));
    expect(withEntities.length).toBeGreaterThan(5);
    for (const { gold, predicted } of withEntities) {
      const scorer = new TagScorer({ tagSet: [], ner: true });
      gold.forEach((g, i) => {
        scorer.add(g, predicted[i] as string[]);
      });
      const { metrics, perLabel } = scorer.result();
      const whole = entityScores(gold, predicted);
      expect(metrics.tokenAccuracy).toBe(tokenAccuracy(gold, predicted));
      expect(metrics.entityF1).toBe(whole.f1);
      expect(metrics.entityPrecision).toBe(whole.precision);
      expect(metrics.entityRecall).toBe(whole.recall);
      expect(perLabel).toEqual(whole.perType);
    }
  });

  it('counts POS tags per tag, with a gold tag the tag set lacks as a label of its own', () => {
    const scorer = new TagScorer({ tagSet: ['NOUN', 'VERB', 'ADJ'], ner: false });
    scorer.add(['NOUN', 'VERB', 'X'], ['NOUN', 'NOUN', 'VERB']);
    scorer.add(['NOUN', 'VERB'], ['NOUN', 'VERB']);
    const { metrics, perLabel } = scorer.result();
    expect(metrics.tokenAccuracy).toBe(3 / 5);
    // NOTE: ADJ has no gold tokens, so it is left out; X (not in the tag set) is never predicted.
    expect(perLabel?.map((s) => [s.label, s.support])).toEqual([
      ['NOUN', 2],
      ['VERB', 2],
      ['X', 1],
    ]);
    const noun = perLabel?.find((s) => s.label === 'NOUN');
    expect(noun?.precision).toBeCloseTo(2 / 3, 12);
    expect(noun?.recall).toBe(1);
    expect(perLabel?.find((s) => s.label === 'X')?.recall).toBe(0);
  });

  it('refuses a sentence whose prediction has another length, and gives NaN with no tokens', () => {
    const scorer = new TagScorer({ tagSet: ['O'], ner: true });
    expect(() => scorer.add(['O', 'O'], ['O'])).toThrow(ConfigError);
    expect(Number.isNaN(scorer.result().metrics.tokenAccuracy)).toBe(true);
  });
});
