/** Tests of tag grouping and colours. */
import { describe, expect, it } from 'vitest';
import { hueOf, isUncertain, tagGroup } from './tagColors.ts';

describe('tagGroup', () => {
  it('reads the entity type of IOB tags and keeps POS tags', () => {
    expect(tagGroup('B-PER')).toBe('PER');
    expect(tagGroup('I-PER')).toBe('PER');
    expect(tagGroup('O')).toBeNull();
    expect(tagGroup('NOUN')).toBe('NOUN');
  });
});

describe('hueOf', () => {
  it('gives a group the same hue every time and different groups different hues', () => {
    expect(hueOf('PER')).toBe(hueOf('PER'));
    const hues = new Set(['NOUN', 'VERB', 'ADJ', 'ADP', 'PER', 'LOC'].map(hueOf));
    expect(hues.size).toBeGreaterThan(3);
    for (const h of hues) expect(h >= 0 && h < 360).toBe(true);
  });
});

describe('isUncertain', () => {
  it('marks a tag the model gave less than even odds', () => {
    expect(isUncertain(0.49)).toBe(true);
    expect(isUncertain(0.5)).toBe(false);
    expect(isUncertain(0.97)).toBe(false);
  });
});
