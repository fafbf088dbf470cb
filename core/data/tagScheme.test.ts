/** Tests of NER tag scheme detection and conversion. */
import { describe, expect, it } from 'vitest';
import { detectTagScheme, entitySpans, toIob2 } from './tagScheme.ts';

describe('tag schemes', () => {
  it('detects IOB2, IOB1 and BIOES', () => {
    expect(detectTagScheme([['B-PER', 'I-PER', 'O', 'B-LOC']])).toBe('iob2');
    expect(detectTagScheme([['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC']])).toBe('iob1');
    expect(detectTagScheme([['S-PER', 'O', 'B-LOC', 'E-LOC']])).toBe('bioes');
  });

  it('converts IOB1 and BIOES to IOB2 and reads spans', () => {
    expect(toIob2(['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC'], 'iob1')).toEqual([
      'B-PER',
      'I-PER',
      'O',
      'B-LOC',
      'B-LOC',
    ]);
    expect(toIob2(['S-PER', 'O', 'B-LOC', 'E-LOC'], 'bioes')).toEqual([
      'B-PER',
      'O',
      'B-LOC',
      'I-LOC',
    ]);
    expect(entitySpans(['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC'])).toEqual([
      { start: 0, end: 2, type: 'PER' },
      { start: 3, end: 4, type: 'LOC' },
      { start: 4, end: 5, type: 'LOC' },
    ]);
  });
});
