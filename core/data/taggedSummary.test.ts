/** Tests of the streamed CoNLL inspection helpers: lines as splitLines gives them, and a summary equal to one over all sentences. */
import { describe, expect, it } from 'vitest';
import { splitLines } from './conll.ts';
import { firstLines, forEachLine, TaggedSummary } from './taggedSummary.ts';
import { detectTagScheme } from './tagScheme.ts';

const TEXTS = ['', 'a', 'a\n', 'a\r\nb\rc\n\nd', 'x\r', '\n\n\r\n', 'one\ntwo\r\nthree\r'];

describe('forEachLine and firstLines', () => {
  it('give the lines splitLines gives, with 1-based numbers', () => {
    for (const text of TEXTS) {
      const lines: string[] = [];
      forEachLine(text, (line, number) => {
        expect(number).toBe(lines.length + 1);
        lines.push(line);
      });
      expect(lines).toEqual(splitLines(text));
      for (const n of [1, 2, 3, 10])
        expect(firstLines(text, n)).toEqual(splitLines(text).slice(0, n));
    }
  });
});

describe('TaggedSummary', () => {
  it('counts, collects tags and examples and finds the scheme of all sentences', () => {
    const sentences = [
      { tokens: ['EU', 'rejects'], tags: ['B-ORG', 'O'], line: 1 },
      { tokens: ['Peter', 'Blackburn'], tags: ['I-PER', 'I-PER'], line: 4 },
      { tokens: ['in', 'Bonn'], tags: ['O', 'S-LOC'], line: 7 },
    ];
    const summary = new TaggedSummary();
    for (const s of sentences) summary.add(s);
    expect(summary.rows).toBe(3);
    expect(summary.tokens).toBe(6);
    expect(summary.scheme).toBe(detectTagScheme(sentences.map((s) => s.tags)));
    expect(summary.scheme).toBe('bioes');
    expect(summary.exampleRows()[1]).toEqual(['Peter Blackburn', 'I-PER I-PER']);
    const [tokens, tags] = summary.columns(['token', 'tag']);
    expect(tokens).toMatchObject({ distinct: 6, examples: ['EU', 'rejects'] });
    expect(tags).toMatchObject({ distinct: 4, examples: ['B-ORG', 'O', 'I-PER', 'S-LOC'] });
    const iob1 = new TaggedSummary();
    iob1.add(sentences[1] as (typeof sentences)[number]);
    expect(iob1.scheme).toBe('iob1');
  });
});
