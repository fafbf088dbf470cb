/** Tag data: tagged sentences from CoNLL-U (UPOS/XPOS) or CoNLL/IOB NER files, NER tags rewritten to IOB2. */

import {
  type ConllLayout,
  ConllTaggedReader,
  parseConllu,
  type TaggedSentence,
} from '../../data/conll.ts';
import { decodeBytes } from '../../data/encoding.ts';
import type { ReadOptions } from '../../data/readOptions.ts';
import { inspectForReading, streamLines } from '../../data/recordStream.ts';
import { detectTagScheme, type TagScheme, toIob2 } from '../../data/tagScheme.ts';
import { DatasetError } from '../../errors.ts';

/** How a tag file is read. */
export interface TagFileLayout {
  /** 'conllu': Universal Dependencies; 'conll': token … tag per line (NER). */
  format: 'conllu' | 'conll';
  /** CoNLL-U: the tag field. */
  tagField: 'upos' | 'xpos' | null;
  /** CoNLL: where token and tag sit. */
  layout: ConllLayout | null;
}

/** Sentences of a tag file; NER tags in IOB2 whatever the file used. */
export interface TagFile {
  sentences: TaggedSentence[];
  layout: TagFileLayout;
  /** The file's own chunk-tag scheme for NER files; null for POS tags. */
  scheme: TagScheme | null;
}

/**
 * Reads a CoNLL-U or CoNLL file. `known` (from a saved model) fixes the layout; otherwise
 * inspection finds it and `tagField` picks the CoNLL-U field (default 'upos').
 * @throws DatasetError from the readers; ('format') for a file that is neither CoNLL-U nor CoNLL.
 */
export async function readTagFile(
  bytes: Uint8Array,
  options: {
    fileName: string;
    /** How to read the file (spec.data.reading); a saved layout's format wins over its format. */
    reading?: ReadOptions | undefined;
    tagField?: 'upos' | 'xpos';
    known?: TagFileLayout;
  },
): Promise<TagFile> {
  const { fileName } = options;
  const reading: ReadOptions = {
    ...options.reading,
    ...(options.known !== undefined ? { format: options.known.format } : {}),
  };
  const inspection = await inspectForReading(bytes, { fileName, reading });
  if (inspection.format === 'conllu') {
    const tagField = options.known?.tagField ?? options.tagField ?? 'upos';
    const { text } = decodeBytes(bytes, { fileName, encoding: inspection.encoding });
    return {
      sentences: parseConllu(text, { fileName, tagField }),
      layout: { format: 'conllu', tagField, layout: null },
      scheme: null,
    };
  }
  const layout = options.known?.layout ?? inspection.conllLayout;
  if (inspection.format !== 'conll' || layout === undefined || layout === null) {
    throw new DatasetError(
      `'${fileName}': a tagging file must be CoNLL-U or CoNLL (one token and its tag per line), got ${inspection.format}. Choose a .conllu or IOB file.`,
      'format',
    );
  }
  // NOTE: streamed a line at a time: the sentences are kept, not the text or its lines.
  const reader = new ConllTaggedReader({ fileName, layout });
  await streamLines(bytes, {
    fileName,
    encoding: inspection.encoding,
    onLine: (line, number) => reader.line(line, number),
  });
  const parsed = reader.finish();
  const scheme = detectTagScheme(parsed.sentences.map((s) => s.tags));
  const sentences = parsed.sentences.map((s) => ({ ...s, tags: toIob2(s.tags, scheme) }));
  return { sentences, layout: { format: 'conll', tagField: null, layout }, scheme };
}

/**
 * The most frequent tag of every training word (ties: the tag seen first), and the overall most
 * frequent tag for unknown words — the "most frequent tag per word" baseline.
 */
export function mostFrequentTags(sentences: readonly TaggedSentence[]): {
  byWord: Map<string, string>;
  fallback: string;
} {
  const perWord = new Map<string, Map<string, number>>();
  const overall = new Map<string, number>();
  for (const s of sentences) {
    s.tokens.forEach((w, i) => {
      const tag = s.tags[i] as string;
      let counts = perWord.get(w);
      if (counts === undefined) {
        counts = new Map();
        perWord.set(w, counts);
      }
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      overall.set(tag, (overall.get(tag) ?? 0) + 1);
    });
  }
  const best = (counts: Map<string, number>): string => {
    let tag = '';
    let n = -1;
    for (const [t, c] of counts) {
      if (c > n) {
        tag = t;
        n = c;
      }
    }
    return tag;
  };
  const byWord = new Map<string, string>();
  for (const [w, counts] of perWord) byWord.set(w, best(counts));
  return { byWord, fallback: best(overall) };
}
