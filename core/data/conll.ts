/** CoNLL-U (Universal Dependencies) and CoNLL/IOB token-per-line readers producing tagged sentences. */
import { DatasetError } from '../errors.ts';
import { detectTagScheme, isChunkTag, type TagScheme } from './tagScheme.ts';

/** One sentence: parallel tokens and tags, with the line its first token is on. */
export interface TaggedSentence {
  tokens: string[];
  tags: string[];
  line: number;
  /** `# sent_id` when the file gives one. */
  id?: string;
}

/** Which CoNLL-U column holds the tag to learn. */
export type ConlluTagField = 'upos' | 'xpos';

/** Lines of `text` without their line ends (LF, CRLF or CR). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

const CONLLU_ID_RE = /^(\d+|\d+-\d+|\d+\.\d+)$/;

/**
 * True when the first token lines look like CoNLL-U: 10 tab-separated fields starting with an ID.
 * @param lines a sample of the file's lines
 */
export function looksLikeConllu(lines: readonly string[]): boolean {
  let tokens = 0;
  let ids = 0;
  let tenFields = 0;
  for (const line of lines) {
    if (line === '' || line.startsWith('#')) continue;
    tokens++;
    const fields = line.split('\t');
    if (fields.length > 1 && CONLLU_ID_RE.test(fields[0] as string)) ids++;
    if (fields.length === 10) tenFields++;
    if (tokens >= 200) break;
  }
  // NOTE: lenient on field counts so that a broken line is reported by parseConllu, not misread as TSV.
  return tokens > 0 && ids / tokens >= 0.9 && tenFields / tokens >= 0.5;
}

/**
 * Reads CoNLL-U: `#` comments before a sentence, one word per line, a blank line after each
 * sentence. Multi-word token ranges (`4-5`) and empty nodes (`8.1`) are skipped, as a POS
 * tagger learns on syntactic words (https://universaldependencies.org/format.html).
 * @throws DatasetError ('conll-fields') for a token line without 10 tab-separated fields;
 *   ('empty') when there is no sentence.
 */
export function parseConllu(
  text: string,
  options: { fileName: string; tagField: ConlluTagField },
): TaggedSentence[] {
  const tagIndex = options.tagField === 'upos' ? 3 : 4;
  const sentences: TaggedSentence[] = [];
  let current: TaggedSentence | null = null;
  let id: string | undefined;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      if (current !== null) sentences.push(current);
      current = null;
      id = undefined;
      continue;
    }
    if (current === null && line.startsWith('#')) {
      const m = /^#\s*sent_id\s*=\s*(.*)$/.exec(line);
      if (m !== null) id = (m[1] as string).trim();
      continue;
    }
    const fields = line.split('\t');
    if (fields.length !== 10) {
      throw new DatasetError(
        `'${options.fileName}' line ${i + 1}: a CoNLL-U word line must have 10 tab-separated fields, got ${fields.length}. Separate the fields with tabs and write '_' for an empty one.`,
        'conll-fields',
        {
          key: 'conllu-fields',
          params: { file: options.fileName, line: i + 1, got: fields.length },
        },
      );
    }
    const wordId = fields[0] as string;
    if (!CONLLU_ID_RE.test(wordId)) {
      throw new DatasetError(
        `'${options.fileName}' line ${i + 1}: the ID field must be a number, a range like '4-5' or an empty node like '8.1', got '${wordId}'. Fix the first field of this line.`,
        'conll-fields',
        { key: 'conllu-id', params: { file: options.fileName, line: i + 1, id: wordId } },
      );
    }
    current ??= { tokens: [], tags: [], line: i + 1, ...(id !== undefined ? { id } : {}) };
    if (wordId.includes('-') || wordId.includes('.')) continue;
    current.tokens.push(fields[1] as string);
    current.tags.push(fields[tagIndex] as string);
  }
  if (current !== null) sentences.push(current);
  if (sentences.length === 0) {
    throw new DatasetError(
      `'${options.fileName}': the CoNLL-U file has no sentences. Check that it has word lines with 10 tab-separated fields.`,
      'empty',
      { key: 'conllu-no-sentences', params: { file: options.fileName } },
    );
  }
  return sentences;
}

/** Where tokens and tags sit in a token-per-line NER file. */
export interface ConllLayout {
  /** Field separator: a tab when lines have tabs, else runs of spaces. */
  separator: 'tab' | 'space';
  fieldCount: number;
  tokenField: number;
  tagField: number;
  /** Lines starting with this before a sentence are comments (default `#`). */
  commentPrefix?: string;
}

/** A layout the user chose: which 0-based columns hold the token and the tag, and the comment prefix. */
export interface ConllChoice {
  tokenColumn: number;
  tagColumn: number;
  commentPrefix?: string | undefined;
}

/**
 * The layout of a token-per-line file read as the user chose (any tag set, not only chunk tags):
 * the separator and field count come from the lines, the columns from `choice`.
 * @throws DatasetError ('format') when a chosen column is not in the lines.
 */
export function conllLayoutFrom(
  lines: readonly string[],
  choice: ConllChoice,
  fileName: string,
): ConllLayout {
  const prefix = choice.commentPrefix ?? '#';
  const tokenLines = lines
    .filter((l) => l.trim() !== '' && !isDocStart(l) && (prefix === '' || !l.startsWith(prefix)))
    .slice(0, 2000);
  const separator =
    tokenLines.length > 0 && tokenLines.every((l) => l.includes('\t')) ? 'tab' : 'space';
  const fieldCount = splitFields(tokenLines[0] ?? '', separator).length;
  const highest = Math.max(choice.tokenColumn, choice.tagColumn);
  if (highest >= fieldCount || choice.tokenColumn === choice.tagColumn) {
    throw new DatasetError(
      `'${fileName}': the token and tag columns must be two different columns below ${fieldCount} (the lines have ${fieldCount} fields), got ${choice.tokenColumn} and ${choice.tagColumn}. Choose columns the file has.`,
      'format',
    );
  }
  return {
    separator,
    fieldCount,
    tokenField: choice.tokenColumn,
    tagField: choice.tagColumn,
    commentPrefix: prefix,
  };
}

/**
 * The token in the first column and the tag in the last, for a token-per-line file whose tags
 * detection does not know (part-of-speech tags, any tag set): the field count is the most common
 * one, and lines of another count that open sentences and share a first character other than a
 * letter or digit (`%`, `;`) are comments. Null for lines of one field.
 */
export function firstAndLastColumns(lines: readonly string[]): ConllChoice | null {
  const separator = lines.some((l) => l.includes('\t')) ? 'tab' : 'space';
  const counts = new Map<number, number>();
  const opening: string[] = [];
  let inSentence = false;
  for (const line of lines) {
    if (line.trim() === '') {
      inSentence = false;
      continue;
    }
    if (!inSentence) opening.push(line);
    inSentence = true;
    const n = splitFields(line, separator).length;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const fieldCount = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0])[0];
  if (fieldCount < 2) return null;
  const odd = opening.filter((l) => splitFields(l, separator).length !== fieldCount);
  const first = odd[0]?.charAt(0);
  const prefix =
    first !== undefined && /[^\p{L}\p{N}\s]/u.test(first) && odd.every((l) => l.startsWith(first))
      ? first
      : undefined;
  return {
    tokenColumn: 0,
    tagColumn: fieldCount - 1,
    ...(prefix !== undefined ? { commentPrefix: prefix } : {}),
  };
}

function splitFields(line: string, separator: 'tab' | 'space'): string[] {
  return separator === 'tab' ? line.split('\t') : line.trim().split(/\s+/);
}

/** The marker line of a new document in CoNLL-2003 files, skipped. */
export const DOC_START = '-DOCSTART-';

function isDocStart(line: string): boolean {
  return line.startsWith(DOC_START);
}

/** The error for token line `number` with `got` fields where `layout` has another count. */
export function conllFieldsError(
  fileName: string,
  number: number,
  layout: ConllLayout,
  got: number,
): DatasetError {
  return new DatasetError(
    `'${fileName}' line ${number}: every token line must have ${layout.fieldCount} ${layout.separator === 'tab' ? 'tab' : 'space'}-separated fields (token … tag), got ${got}. Fix this line or put a blank line between sentences.`,
    'conll-fields',
    {
      key: 'conll-fields',
      params: {
        file: fileName,
        line: number,
        expected: layout.fieldCount,
        separator: layout.separator === 'tab' ? 'tab' : 'space',
        got,
      },
    },
  );
}

/** The error for a CoNLL file without a tagged sentence. */
export function conllEmptyError(fileName: string): DatasetError {
  return new DatasetError(
    `'${fileName}': the file has no tagged sentences. Write one token and its tag per line, with a blank line between sentences.`,
    'empty',
    { key: 'conll-no-sentences', params: { file: fileName } },
  );
}

/**
 * Guesses the layout of a CoNLL/IOB file from a sample of its lines, or null when it is not one:
 * blank lines between sentences, a constant field count, and a column of chunk tags
 * (`O`, `B-X`, `I-X`, `S-X`, `E-X`).
 */
export function detectConllLayout(lines: readonly string[]): ConllLayout | null {
  const tokenLines: string[] = [];
  let blanks = 0;
  let inSentence = false;
  for (const line of lines) {
    if (line.trim() === '') {
      if (inSentence) blanks++;
      inSentence = false;
      continue;
    }
    if ((!inSentence && line.startsWith('#')) || isDocStart(line)) continue;
    inSentence = true;
    tokenLines.push(line);
    if (tokenLines.length >= 2000) break;
  }
  if (tokenLines.length < 2 || blanks === 0) return null;
  const separator = tokenLines.every((l) => l.includes('\t')) ? 'tab' : 'space';
  const fieldCount = splitFields(tokenLines[0] as string, separator).length;
  if (fieldCount < 2) return null;
  const rows = tokenLines.map((l) => splitFields(l, separator));
  if (rows.filter((r) => r.length === fieldCount).length < rows.length * 0.8) return null;
  let tagField = -1;
  for (let f = fieldCount - 1; f >= 1; f--) {
    const tags = rows.map((r) => r[f] ?? '');
    const chunk = tags.filter(isChunkTag).length;
    if (chunk >= tags.length * 0.8 && tags.some((t) => t !== 'O')) {
      tagField = f;
      break;
    }
  }
  if (tagField === -1) return null;
  let tokenField = 0;
  while (tokenField < tagField - 1 && rows.every((r) => /^\d+$/.test(r[tokenField] ?? ''))) {
    tokenField++;
  }
  return { separator, fieldCount, tokenField, tagField };
}

/**
 * Reads a CoNLL/IOB NER file (token … tag per line, blank line between sentences; `#` comments
 * before a sentence and `-DOCSTART-` lines are skipped). A token may be a single space when
 * fields are tab-separated (KLUE's character-level files).
 * @throws DatasetError ('conll-fields') for a line with a different field count; ('empty').
 */
export function parseConllTagged(
  text: string,
  options: { fileName: string; layout: ConllLayout },
): { sentences: TaggedSentence[]; scheme: TagScheme } {
  const reader = new ConllTaggedReader(options);
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) reader.line(lines[i] as string, i + 1);
  return reader.finish();
}

/**
 * {@link parseConllTagged} a line at a time, for a file streamed as lines: only the sentences
 * are kept, never the file's text or its lines — or, with `onSentence`, each sentence is handed
 * on as it ends and none is kept.
 */
export class ConllTaggedReader {
  private readonly sentences: TaggedSentence[] = [];
  private current: TaggedSentence | null = null;
  private ended = 0;

  constructor(
    private readonly options: {
      fileName: string;
      layout: ConllLayout;
      onSentence?: (sentence: TaggedSentence) => void;
    },
  ) {}

  private end(): void {
    if (this.current === null) return;
    if (this.options.onSentence !== undefined) this.options.onSentence(this.current);
    else this.sentences.push(this.current);
    this.current = null;
    this.ended++;
  }

  /**
   * Takes line `number` (1-based, without its line end).
   * @throws DatasetError ('conll-fields') as {@link parseConllTagged}.
   */
  line(line: string, number: number): void {
    const { layout, fileName } = this.options;
    if (line.trim() === '' && !(layout.separator === 'tab' && line.includes('\t'))) {
      this.end();
      return;
    }
    const prefix = layout.commentPrefix ?? '#';
    if ((this.current === null && prefix !== '' && line.startsWith(prefix)) || isDocStart(line))
      return;
    const fields = splitFields(line, layout.separator);
    if (fields.length !== layout.fieldCount) {
      throw conllFieldsError(fileName, number, layout, fields.length);
    }
    this.current ??= { tokens: [], tags: [], line: number };
    this.current.tokens.push(fields[layout.tokenField] as string);
    this.current.tags.push(fields[layout.tagField] as string);
  }

  /**
   * The sentences read and their chunk-tag scheme (none with `onSentence`: they went there).
   * @throws DatasetError ('empty') when there is none.
   */
  finish(): { sentences: TaggedSentence[]; scheme: TagScheme } {
    const { sentences } = this;
    this.end();
    if (this.ended === 0) throw conllEmptyError(this.options.fileName);
    return { sentences, scheme: detectTagScheme(sentences.map((s) => s.tags)) };
  }
}
