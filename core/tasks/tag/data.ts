/** Tag data: tagged sentences from CoNLL-U (UPOS/XPOS) or CoNLL/IOB NER files, NER tags rewritten to IOB2. */

import { type FileBytes, piecesOf, sizeOfBytes, wholeBytes } from '../../data/byteSource.ts';
import {
  type ConllLayout,
  ConllTaggedReader,
  parseConllu,
  type TaggedSentence,
} from '../../data/conll.ts';
import { decodeBytes } from '../../data/encoding.ts';
import type { Inspection } from '../../data/inspect.ts';
import type { ReadOptions } from '../../data/readOptions.ts';
import { inspectForReading, streamLines } from '../../data/recordStream.ts';
import { detectTagScheme, type TagScheme, toIob2 } from '../../data/tagScheme.ts';
import { openText } from '../../data/textSource.ts';
import { DatasetError } from '../../errors.ts';
import { ConllByteReader } from './conllByteReader.ts';
import { ConllCorpusReader } from './conllCorpusReader.ts';
import { corpusTagScheme, corpusToIob2, type TagCorpus, TagCorpusBuilder } from './corpus.ts';

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

/** How `readTagFile` and `readTagCorpus` are asked to read a file. */
interface TagReadOptions {
  fileName: string;
  /** How to read the file (spec.data.reading); a saved layout's format wins over its format. */
  reading?: ReadOptions | undefined;
  tagField?: 'upos' | 'xpos';
  known?: TagFileLayout;
  /** The host's inspection of these bytes with these reading options (the CLI's): not made again. */
  inspection?: Inspection | undefined;
}

/** Where each sentence read goes, and what the reading found out. */
interface SentenceSink {
  add(sentence: TaggedSentence): void;
}

/** How a tag file is read: its encoding and layout, from the host's inspection or a new one. */
async function resolveTagFile(
  bytes: FileBytes,
  options: TagReadOptions,
): Promise<{ encoding: Inspection['encoding']; layout: TagFileLayout }> {
  const { fileName } = options;
  const reading: ReadOptions = {
    ...options.reading,
    ...(options.known !== undefined ? { format: options.known.format } : {}),
  };
  const inspection =
    (options.known === undefined ? options.inspection : undefined) ??
    (await inspectForReading(bytes, { fileName, reading, forReading: true }));
  const { encoding } = inspection;
  if (inspection.format === 'conllu') {
    const tagField = options.known?.tagField ?? options.tagField ?? 'upos';
    return { encoding, layout: { format: 'conllu', tagField, layout: null } };
  }
  const layout = options.known?.layout ?? inspection.conllLayout;
  if (inspection.format !== 'conll' || layout === undefined || layout === null) {
    throw new DatasetError(
      `'${fileName}': a tagging file must be CoNLL-U or CoNLL (one token and its tag per line), got ${inspection.format}. Choose a .conllu or IOB file.`,
      'format',
    );
  }
  return { encoding, layout: { format: 'conll', tagField: null, layout } };
}

/**
 * Reads a tag file into `sink` a sentence at a time (tags as in the file).
 * @returns the layout (its format 'conll' for NER files, whose tags have a chunk-tag scheme)
 */
async function readTagSentences(
  bytes: FileBytes,
  options: TagReadOptions,
  sink: SentenceSink,
): Promise<TagFileLayout> {
  const { fileName } = options;
  const { encoding, layout } = await resolveTagFile(bytes, options);
  if (layout.layout === null) {
    const { text } = decodeBytes(await wholeBytes(bytes), { fileName, encoding });
    for (const s of parseConllu(text, { fileName, tagField: layout.tagField ?? 'upos' })) {
      sink.add(s);
    }
    return layout;
  }
  // NOTE: streamed a line at a time: each sentence goes to the sink, not the text or its lines.
  const reader = new ConllTaggedReader({
    fileName,
    layout: layout.layout,
    onSentence: (s) => sink.add(s),
  });
  await streamLines(bytes, {
    fileName,
    encoding,
    onLine: (line, number) => reader.line(line, number),
  });
  reader.finish();
  return layout;
}

/**
 * Reads a CoNLL-U or CoNLL file. `known` (from a saved model) fixes the layout; otherwise
 * inspection finds it and `tagField` picks the CoNLL-U field (default 'upos').
 * @throws DatasetError from the readers; ('format') for a file that is neither CoNLL-U nor CoNLL.
 */
export async function readTagFile(bytes: FileBytes, options: TagReadOptions): Promise<TagFile> {
  const read: TaggedSentence[] = [];
  const layout = await readTagSentences(bytes, options, { add: (s) => read.push(s) });
  const scheme = layout.format === 'conll' ? detectTagScheme(read.map((s) => s.tags)) : null;
  const sentences =
    scheme === null ? read : read.map((s) => ({ ...s, tags: toIob2(s.tags, scheme) }));
  return { sentences, layout, scheme };
}

/** A tag file read as a {@link TagCorpus} (NER tags in IOB2), its layout and chunk-tag scheme. */
export interface TagCorpusFile {
  corpus: TagCorpus;
  layout: TagFileLayout;
  /** The file's own chunk-tag scheme for NER files; null for POS tags. */
  scheme: TagScheme | null;
}

/**
 * {@link readTagFile} into a compact corpus: words and tags interned as they are read (CoNLL lines
 * scanned by character code, so no string is made for a word already seen), nothing kept per token
 * but its two ids (the same sentences, words and IOB2 tags).
 * @throws DatasetError as {@link readTagFile}.
 */
export async function readTagCorpus(
  bytes: FileBytes,
  options: TagReadOptions,
): Promise<TagCorpusFile> {
  const { fileName } = options;
  const { encoding, layout } = await resolveTagFile(bytes, options);
  const read =
    layout.layout === null
      ? await conlluCorpus(bytes, { fileName, encoding, tagField: layout.tagField ?? 'upos' })
      : await conllCorpus(bytes, { fileName, encoding, layout: layout.layout });
  const scheme = layout.format === 'conll' ? corpusTagScheme(read) : null;
  const corpus = scheme === null ? read : corpusToIob2(read, scheme);
  return { corpus, layout, scheme };
}

/** A CoNLL-U file's sentences in a corpus (read whole: its multiword and empty-node lines are parsed as before). */
async function conlluCorpus(
  bytes: FileBytes,
  options: { fileName: string; encoding: Inspection['encoding']; tagField: 'upos' | 'xpos' },
): Promise<TagCorpus> {
  const { fileName, encoding, tagField } = options;
  const builder = new TagCorpusBuilder();
  const { text } = decodeBytes(await wholeBytes(bytes), { fileName, encoding });
  for (const s of parseConllu(text, { fileName, tagField })) builder.add(s.tokens, s.tags);
  return builder.finish();
}

/**
 * A CoNLL file's sentences in a corpus, a piece at a time: UTF-8 read as bytes (a word decoded
 * only when first seen), other encodings decoded and read by character code; no line or token
 * string is kept.
 */
async function conllCorpus(
  bytes: FileBytes,
  options: { fileName: string; encoding: Inspection['encoding']; layout: ConllLayout },
): Promise<TagCorpus> {
  const { fileName, encoding, layout } = options;
  if (encoding === 'utf-8') {
    const reader = new ConllByteReader({ fileName, layout });
    for await (const piece of piecesOf(bytes)) reader.push(piece);
    return reader.end();
  }
  const builder = new TagCorpusBuilder();
  const reader = new ConllCorpusReader(builder, { fileName, layout });
  const opened = await openText(piecesOf(bytes), {
    fileName,
    encoding,
    totalBytes: sizeOfBytes(bytes),
  });
  reader.push(opened.head);
  for await (const text of opened.rest) reader.push(text);
  reader.end();
  return builder.finish();
}
