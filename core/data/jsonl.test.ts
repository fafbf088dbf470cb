/** JSONL lines: objects are read, deeply nested lines end in a one-line error naming file and line. */
import { describe, expect, it } from 'vitest';
import { JsonlScanner, parseJsonlLine } from './jsonl.ts';

describe('parseJsonlLine', () => {
  it('reads one object per line', () => {
    expect(parseJsonlLine('{"text":"hi","label":"a"}', 1, 'a.jsonl')).toEqual({
      text: 'hi',
      label: 'a',
    });
  });

  it('refuses a line nested deeper than 64 levels in one line, without a stack overflow', () => {
    const deep = `{"text":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const scanner = new JsonlScanner({ fileName: 'deep.jsonl' });
    expect(() => scanner.push(`{"text":"ok"}\n${deep}\n`)).toThrow(
      "'deep.jsonl' line 2: the line is not valid JSON (JSON must nest at most 64 levels deep, got deeper at character 72). Write one JSON object per line.",
    );
  });
});
