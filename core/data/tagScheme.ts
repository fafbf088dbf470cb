/** Named-entity tag schemes (IOB1, IOB2/BIO, BIOES): detection, conversion to IOB2 and entity spans. */

/** The chunk-tag conventions in use for NER files. */
export type TagScheme = 'iob1' | 'iob2' | 'bioes';

const TAG_RE = /^([BIESL])[-_](.+)$/;

/** True when `tag` looks like a chunk tag (`O`, `B-PER`, `I_LOC`, `S-ORG`, …). */
export function isChunkTag(tag: string): boolean {
  return tag === 'O' || TAG_RE.test(tag);
}

/** A chunk tag's prefix (B, I, E, S, L) and entity type; null for `O` and any other tag. */
export function chunkTagParts(tag: string): { prefix: string; type: string } | null {
  const m = TAG_RE.exec(tag);
  return m === null ? null : { prefix: m[1] as string, type: m[2] as string };
}

/**
 * Detects the scheme of tagged sentences: any `S-`/`E-` means BIOES; an entity that opens with
 * `I-` (after `O`, another type, or at the start) means IOB1; otherwise IOB2.
 */
export function detectTagScheme(sentences: readonly (readonly string[])[]): TagScheme {
  let iob1 = false;
  for (const tags of sentences) {
    let prevType: string | null = null;
    for (const tag of tags) {
      const t = chunkTagParts(tag);
      if (t === null) {
        prevType = null;
        continue;
      }
      if (t.prefix === 'S' || t.prefix === 'E' || t.prefix === 'L') return 'bioes';
      if (t.prefix === 'I' && prevType !== t.type) iob1 = true;
      prevType = t.type;
    }
  }
  return iob1 ? 'iob1' : 'iob2';
}

/** Rewrites one sentence's tags from `scheme` to IOB2 (BIO), the form the tagger trains on. */
export function toIob2(tags: readonly string[], scheme: TagScheme): string[] {
  const out: string[] = [];
  let prevType: string | null = null;
  for (const tag of tags) {
    const t = chunkTagParts(tag);
    if (t === null) {
      out.push(tag);
      prevType = null;
      continue;
    }
    let prefix = t.prefix;
    if (scheme === 'bioes')
      prefix = prefix === 'S' ? 'B' : prefix === 'E' || prefix === 'L' ? 'I' : prefix;
    if (scheme === 'iob1' && prefix === 'I' && prevType !== t.type) prefix = 'B';
    out.push(`${prefix}-${t.type}`);
    prevType = t.type;
  }
  return out;
}

/** An entity: token range [start, end) and its type. */
export interface EntitySpan {
  start: number;
  end: number;
  type: string;
}

/** Entity spans of an IOB2 sentence; a stray `I-` opens a span (conlleval's lenient reading). */
export function entitySpans(tags: readonly string[]): EntitySpan[] {
  const spans: EntitySpan[] = [];
  let open: EntitySpan | null = null;
  tags.forEach((tag, i) => {
    const t = chunkTagParts(tag);
    const continues = t !== null && t.prefix === 'I' && open !== null && open.type === t.type;
    if (continues && open !== null) {
      open.end = i + 1;
      return;
    }
    if (open !== null) spans.push(open);
    open = t === null ? null : { start: i, end: i + 1, type: t.type };
  });
  if (open !== null) spans.push(open);
  return spans;
}
