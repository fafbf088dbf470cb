/** Reads CoNLL/IOB text, a piece at a time, straight into a tag corpus: lines found and fields cut by character code, words and tags interned from ranges of the text, so no line, field array or token string is made per token (the same sentences, errors and line numbers as ConllTaggedReader over LineSplitter). */
import {
  type ConllLayout,
  conllEmptyError,
  conllFieldsError,
  DOC_START,
} from '../../data/conll.ts';
import { HASH_START, hashStep } from '../../data/tokenInterner.ts';
import type { TagCorpusBuilder } from './corpus.ts';

/** True for the characters `String.prototype.trim` and the regular expression `\s` take as white space. */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function startsWithAt(text: string, start: number, end: number, prefix: string): boolean {
  if (end - start < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) {
    if (text.charCodeAt(start + k) !== prefix.charCodeAt(k)) return false;
  }
  return true;
}

/** Feeds a {@link TagCorpusBuilder} from CoNLL text in `layout`; `push` each piece, then `end`. */
export class ConllCorpusReader {
  private carry = '';
  private number = 0;
  private inSentence = false;
  private ended = 0;
  private readonly prefix: string;
  /** The token's and the tag's field in the line being read: start, end and hash of each. */
  private readonly bounds = new Int32Array(6);

  constructor(
    private readonly builder: TagCorpusBuilder,
    private readonly options: { fileName: string; layout: ConllLayout },
  ) {
    this.prefix = options.layout.commentPrefix ?? '#';
  }

  /**
   * Takes the next piece of text; its complete lines are read, the unfinished tail kept.
   * @throws DatasetError ('conll-fields') for a token line of another field count.
   */
  push(text: string): void {
    // NOTE: the piece is scanned as it came (a flat string), the carried line completed apart.
    const from = this.carry === '' ? 0 : this.completeCarry(text);
    if (from === -1) return;
    const rest =
      this.options.layout.separator === 'tab' ? this.scanTab(text, from) : this.scan(text, from);
    this.carry = text.slice(rest);
  }

  /**
   * Ends the carried line with the start of `text`; returns where the rest of `text` starts, or −1
   * when `text` has no line end (it joined the carried line).
   */
  private completeCarry(text: string): number {
    const carry = this.carry;
    if (text === '') return -1;
    this.carry = '';
    if (carry.endsWith('\r')) {
      this.line(carry, 0, carry.length - 1);
      return text.charCodeAt(0) === 10 ? 1 : 0;
    }
    let e = 0;
    while (e < text.length && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
    if (e === text.length || (e === text.length - 1 && text.charCodeAt(e) === 13)) {
      this.carry = carry + text;
      return -1;
    }
    const line = carry + text.slice(0, e);
    this.line(line, 0, line.length);
    return text.charCodeAt(e) === 13 && text.charCodeAt(e + 1) === 10 ? e + 2 : e + 1;
  }

  /** Reads the complete lines of `text` from `from`; returns where its unfinished tail starts. */
  private scan(text: string, from: number): number {
    let start = from;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // NOTE: a '\r' at the end of a piece may be the first half of '\r\n': wait for the next one.
      if (c === 13 && i === text.length - 1) break;
      this.line(text, start, i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    return start;
  }

  /**
   * {@link scan} for tab-separated lines in one pass: fields are cut and the token's and tag's
   * hashes taken as the line end is looked for.
   */
  private scanTab(text: string, from: number): number {
    const { tokenField, tagField } = this.options.layout;
    const b = this.bounds;
    let start = from;
    let field = 0;
    let fieldStart = from;
    let h = HASH_START;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 9 && c !== 10 && c !== 13) {
        h = hashStep(h, c);
        continue;
      }
      if (c === 13 && i === text.length - 1) break;
      const at = field === tokenField ? 0 : field === tagField ? 3 : -1;
      if (at !== -1) {
        b[at] = fieldStart;
        b[at + 1] = i;
        b[at + 2] = h | 0;
      }
      field++;
      fieldStart = i + 1;
      h = HASH_START;
      if (c === 9) continue;
      this.tabLine(text, start, i, field);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
      fieldStart = start;
      field = 0;
    }
    return start;
  }

  /**
   * Reads the last line and ends the last sentence.
   * @throws DatasetError ('empty') when the text had no tagged sentence; ('conll-fields') as `push`.
   */
  end(): void {
    const s = this.carry;
    const hadCr = s.endsWith('\r');
    this.line(s, 0, hadCr ? s.length - 1 : s.length);
    if (hadCr) this.line('', 0, 0);
    this.carry = '';
    this.endSentence();
    if (this.ended === 0) throw conllEmptyError(this.options.fileName);
  }

  private endSentence(): void {
    if (!this.inSentence) return;
    this.builder.endSentence();
    this.inSentence = false;
    this.ended++;
  }

  /** True when line `text[start, end)` ends a sentence or is skipped; counts it. */
  private skipped(text: string, start: number, end: number): boolean {
    this.number++;
    if (this.blank(text, start, end, this.options.layout.separator === 'tab')) {
      this.endSentence();
      return true;
    }
    return (
      (!this.inSentence && this.prefix !== '' && startsWithAt(text, start, end, this.prefix)) ||
      startsWithAt(text, start, end, DOC_START)
    );
  }

  /** Line `text[start, end)`. @throws DatasetError ('conll-fields') for a line of another field count. */
  private line(text: string, start: number, end: number): void {
    if (this.skipped(text, start, end)) return;
    const tab = this.options.layout.separator === 'tab';
    const fields = tab ? this.tabFields(text, start, end) : this.spaceFields(text, start, end);
    this.token(text, fields);
  }

  /** A tab-separated line of `fields` fields whose bounds and hashes `scanTab` noted. */
  private tabLine(text: string, start: number, end: number, fields: number): void {
    if (this.skipped(text, start, end)) return;
    if (fields !== this.options.layout.fieldCount) {
      throw conllFieldsError(this.options.fileName, this.number, this.options.layout, fields);
    }
    this.builder.tokenOfHashedRanges(text, this.bounds);
    this.inSentence = true;
  }

  private token(text: string, fields: number): void {
    if (fields !== this.options.layout.fieldCount) {
      throw conllFieldsError(this.options.fileName, this.number, this.options.layout, fields);
    }
    const b = this.bounds;
    this.builder.tokenOfRanges(
      text,
      b[0] as number,
      b[1] as number,
      b[3] as number,
      b[4] as number,
    );
    this.inSentence = true;
  }

  /** True when the line is white space only (and, with tabs as separators, has no tab). */
  private blank(text: string, start: number, end: number, tab: boolean): boolean {
    let hasTab = false;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (!isJsSpace(c)) return false;
      if (c === 9) hasTab = true;
    }
    return !(tab && hasTab);
  }

  /** Notes where field `f` spans `[from, to)` when it is the token's or the tag's. */
  private field(f: number, from: number, to: number): void {
    const { tokenField, tagField } = this.options.layout;
    const at = f === tokenField ? 0 : f === tagField ? 3 : -1;
    if (at === -1) return;
    this.bounds[at] = from;
    this.bounds[at + 1] = to;
  }

  /** The line's tab-separated fields (as `split('\t')`); returns their count. */
  private tabFields(text: string, start: number, end: number): number {
    let f = 0;
    let from = start;
    for (let i = start; i < end; i++) {
      if (text.charCodeAt(i) !== 9) continue;
      this.field(f++, from, i);
      from = i + 1;
    }
    this.field(f++, from, end);
    return f;
  }

  /** The line's runs of non-space characters (as `trim().split(/\s+/)` on a line that is not blank); returns their count. */
  private spaceFields(text: string, start: number, end: number): number {
    let f = 0;
    let i = start;
    while (i < end) {
      while (i < end && isJsSpace(text.charCodeAt(i))) i++;
      if (i === end) break;
      const from = i;
      while (i < end && !isJsSpace(text.charCodeAt(i))) i++;
      this.field(f++, from, i);
    }
    return f;
  }
}
