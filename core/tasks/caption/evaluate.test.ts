/** Caption scoring: BLEU-n from one corpus BLEU, references of unequal counts scored as given, and the nearest neighbour by cosine. */
import { describe, expect, it } from 'vitest';
import { corpusBleu } from '../../metrics/bleu.ts';
import { bleuOfOrder, captionBleu, nearestNeighbours } from './evaluate.ts';

const HYPS = ['a dog runs on the grass .', 'two children play in the snow .'];
const REFS = [
  ['a brown dog runs on the green grass .', 'a dog is running outside .', 'the dog runs .'],
  ['two kids play in the snow .', 'children are playing in snow .', 'two children in the snow .'],
];

describe('caption BLEU', () => {
  it('gives corpus BLEU-4 as bleu and bleu4, and BLEU-1 as the brevity penalty times p1', () => {
    const full = corpusBleu(HYPS, REFS, { tokenize: '13a', lowercase: true });
    const scores = captionBleu(HYPS, REFS);
    expect(scores.bleu).toBeCloseTo(full.score, 10);
    expect(scores.bleu4).toBe(scores.bleu);
    expect(scores.bleu1).toBeCloseTo(full.bp * (full.precisions[0] as number), 10);
    expect(bleuOfOrder(full, 2)).toBeGreaterThanOrEqual(scores.bleu3);
  });

  it('scores an image with fewer references exactly as its references are, by repeating the last', () => {
    const uneven = [REFS[0] as string[], (REFS[1] as string[]).slice(0, 1)];
    const repeated = [REFS[0] as string[], Array(3).fill((REFS[1] as string[])[0])];
    expect(captionBleu(HYPS, uneven)).toEqual(captionBleu(HYPS, repeated));
    expect(captionBleu(HYPS, uneven).bleu).toBeGreaterThan(0);
  });

  it('is 0 for an order with no match', () => {
    expect(captionBleu(['zebra'], [['a dog runs .']]).bleu1).toBe(0);
  });
});

describe('nearestNeighbours', () => {
  it('picks the training vector with the largest dot product (cosine of unit vectors), the first on ties', () => {
    const train = [Float32Array.of(1, 0), Float32Array.of(0, 1), Float32Array.of(0, 1)];
    expect(
      nearestNeighbours(train, [Float32Array.of(0.6, 0.8), Float32Array.of(0.8, 0.6)]),
    ).toEqual([1, 0]);
  });
});
