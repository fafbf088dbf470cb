/** What inspection shows of a tagged (CoNLL) file, gathered a sentence at a time: counts, the tag set, distinct tokens (capped), the first sentences and the chunk-tag scheme — no other sentence kept. */
import { DISTINCT_CAP } from './columnTypes.ts';
import { splitLines, type TaggedSentence } from './conll.ts';
import type { ColumnInfo } from './inspect.ts';
import { detectTagScheme, type TagScheme } from './tagScheme.ts';

/** Sentences kept for the examples. */
const EXAMPLES = 5;

/** Calls `onLine` with every line of `text` (split at LF, CRLF or CR, as `splitLines`) and its 1-based number. */
export function forEachLine(text: string, onLine: (line: string, number: number) => void): void {
  let start = 0;
  let number = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    onLine(text.slice(start, i), ++number);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
  onLine(text.slice(start), ++number);
}

/** The first `count` lines of `text` (fewer when it has fewer), as `splitLines(text).slice(0, count)` without splitting the rest. */
export function firstLines(text: string, count: number): string[] {
  let ends = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (++ends === count) return splitLines(text.slice(0, i));
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
  }
  return splitLines(text);
}

/** Accumulates tagged sentences into the inspection's counts, columns and examples. */
export class TaggedSummary {
  rows = 0;
  tokens = 0;
  private readonly tagSet = new Set<string>();
  private readonly tokenSet = new Set<string>();
  private readonly first: TaggedSentence[] = [];
  private bioes = false;
  private iob1 = false;

  /** Takes one sentence. */
  add(sentence: TaggedSentence): void {
    this.rows++;
    this.tokens += sentence.tokens.length;
    for (const t of sentence.tags) this.tagSet.add(t);
    for (const t of sentence.tokens) if (this.tokenSet.size <= DISTINCT_CAP) this.tokenSet.add(t);
    if (this.first.length < EXAMPLES) this.first.push(sentence);
    const scheme = detectTagScheme([sentence.tags]);
    this.bioes ||= scheme === 'bioes';
    this.iob1 ||= scheme === 'iob1';
  }

  /** The chunk-tag scheme of all sentences taken (as `detectTagScheme` over them all). */
  get scheme(): TagScheme {
    return this.bioes ? 'bioes' : this.iob1 ? 'iob1' : 'iob2';
  }

  /** The first sentences as [tokens, tags] rows, each joined with spaces. */
  exampleRows(): string[][] {
    return this.first.map((s) => [s.tokens.join(' '), s.tags.join(' ')]);
  }

  /** The token column (text) and the tag column (category) named `names`. */
  columns(names: [string, string]): ColumnInfo[] {
    const { tokenSet, tagSet } = this;
    return [
      {
        name: names[0],
        type: 'text',
        missing: 0,
        distinct: Math.min(tokenSet.size, DISTINCT_CAP),
        distinctCapped: tokenSet.size > DISTINCT_CAP,
        invalid: 0,
        examples: this.first[0]?.tokens.slice(0, 5) ?? [],
      },
      {
        name: names[1],
        type: 'category',
        missing: 0,
        distinct: tagSet.size,
        distinctCapped: false,
        invalid: 0,
        examples: [...tagSet].slice(0, 5),
      },
    ];
  }
}
