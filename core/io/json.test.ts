/** The JSON depth check: deep nesting is refused before parsing, brackets inside strings do not count. */
import { describe, expect, it } from 'vitest';
import { jsonDepthOverflow, parseJsonLimited } from './json.ts';

describe('parseJsonLimited', () => {
  it('parses JSON within the depth limit', () => {
    expect(parseJsonLimited('{"a":[[1],{"b":"]]]]"}]}', 3)).toEqual({ a: [[1], { b: ']]]]' }] });
  });

  it('refuses nesting deeper than the limit, naming where', () => {
    expect(() => parseJsonLimited('[[[[1]]]]', 3)).toThrow(
      'JSON must nest at most 3 levels deep, got deeper at character 4',
    );
  });

  it('refuses a million levels in one pass, without a stack overflow', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(jsonDepthOverflow(deep)).toBe(64);
    expect(() => parseJsonLimited(deep)).toThrow(/^JSON must nest at most 64 levels deep/);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthOverflow(`["\\"[[[[", "{{{{"]`, 1)).toBe(-1);
  });
});
