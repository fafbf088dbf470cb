/**
 * Tests for corpus BLEU against test/fixtures/bleu.json. The sacrebleu package is not installed
 * here and cannot be, so the expected numbers come from test/fixtures/gen_bleu.py, a Python
 * re-implementation of sacreBLEU 2.x's 13a/char tokenizers and corpus_bleu written from its
 * documented algorithm — not from sacreBLEU itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type BleuOptions, corpusBleu, exactMatch, tokenize13a, tokenizeChar } from './bleu.ts';

interface Fixture {
  tokenize13a: { line: string; tokens: string[] }[];
  cases: {
    name: string;
    hyps: string[];
    refs: string[][];
    options: Required<Pick<BleuOptions, 'tokenize' | 'lowercase' | 'smooth'>>;
    expected: {
      score: number;
      precisions: number[];
      bp: number;
      sysLen: number;
      refLen: number;
      counts: number[];
      totals: number[];
    };
  }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/bleu.json', import.meta.url), 'utf8'),
) as Fixture;

describe('13a tokenizer matches the sacreBLEU re-implementation', () => {
  for (const { line, tokens } of fixture.tokenize13a) {
    it(`tokenises ${JSON.stringify(line)}`, () => {
      expect(tokenize13a(line)).toEqual(tokens);
    });
  }
});

describe('corpusBleu matches the sacreBLEU re-implementation (gen_bleu.py)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const r = corpusBleu(c.hyps, c.refs, c.options);
      expect(r.score).toBeCloseTo(c.expected.score, 10);
      expect(r.bp).toBeCloseTo(c.expected.bp, 12);
      r.precisions.forEach((p, i) => {
        expect(p).toBeCloseTo(c.expected.precisions[i] as number, 10);
      });
      expect(r.counts).toEqual(c.expected.counts);
      expect(r.totals).toEqual(c.expected.totals);
      expect([r.sysLen, r.refLen]).toEqual([c.expected.sysLen, c.expected.refLen]);
    });
  }
});

describe('corpusBleu', () => {
  it('gives 100 for a perfect corpus and states the tokenisation in the signature', () => {
    const r = corpusBleu(['The cat sat on the mat.'], ['The cat sat on the mat.']);
    expect(r.score).toBeCloseTo(100, 10);
    expect(r.signature).toBe('nrefs:1|case:mixed|eff:no|tok:13a|smooth:none');
    expect(
      corpusBleu(['가나다라마'], ['가나다라마'], { tokenize: 'char', lowercase: true }).signature,
    ).toBe('nrefs:1|case:lc|eff:no|tok:char|smooth:none');
  });

  it('scores 0 without smoothing when an order has no match', () => {
    expect(corpusBleu(['a b c d e'], ['a b c x e']).score).toBe(0);
  });

  it('splits Korean into non-space characters with the char tokenizer', () => {
    expect(tokenizeChar('안녕, 세상!')).toEqual(['안', '녕', ',', '세', '상', '!']);
  });

  it('rejects mismatched counts with a config error', () => {
    expect(() => corpusBleu(['a'], ['a', 'b'])).toThrow(
      'corpusBleu: references must have one entry per hypothesis (1), got 2.',
    );
  });

  it('rejects an unknown tokenizer', () => {
    expect(() => corpusBleu(['a'], ['a'], { tokenize: 'intl' as never })).toThrow(
      "corpusBleu: tokenize must be '13a' or 'char', got 'intl'.",
    );
  });
});

describe('exactMatch', () => {
  it('counts hypotheses equal to a reference after trimming', () => {
    expect(exactMatch(['a b', 'c ', 'd'], ['a b', ['x', 'c'], 'e'])).toBeCloseTo(2 / 3, 12);
  });
});
