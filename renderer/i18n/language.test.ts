/** Tests for choosing the first UI language. */
import { describe, expect, it } from 'vitest';
import { isLanguage, pickInitialLanguage } from './language.ts';

describe('pickInitialLanguage', () => {
  it('prefers a valid stored choice over the browser language', () => {
    expect(pickInitialLanguage({ stored: 'en', preferred: ['ko-KR'] })).toBe('en');
  });

  it('maps a regional browser tag to its shipped language', () => {
    expect(pickInitialLanguage({ stored: null, preferred: ['ko-KR', 'en-US'] })).toBe('ko');
  });

  it('skips unshipped browser languages and uses the first shipped one', () => {
    expect(pickInitialLanguage({ stored: null, preferred: ['fr-FR', 'KO'] })).toBe('ko');
  });

  it('ignores an invalid stored value', () => {
    expect(pickInitialLanguage({ stored: 'de', preferred: ['ko'] })).toBe('ko');
  });

  it('falls back to English when nothing matches', () => {
    expect(pickInitialLanguage({ stored: null, preferred: ['ja-JP'] })).toBe('en');
    expect(pickInitialLanguage({ stored: null, preferred: [] })).toBe('en');
  });
});

describe('isLanguage', () => {
  it('accepts only exact shipped codes', () => {
    expect(isLanguage('ko')).toBe(true);
    expect(isLanguage('ko-KR')).toBe(false);
    expect(isLanguage(3)).toBe(false);
  });
});
