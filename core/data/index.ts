/**
 * The data-import surface: inspection, readers, preprocessing and splits. The gallery
 * (core/data/gallery/index.ts) and the bundled samples (core/data/samples/index.ts) build on it
 * and have their own entries, so this folder never imports them back.
 */
export {
  batchIndices,
  encodeLabels,
  fitLabels,
  type LabelEncoding,
  type PaddedBatch,
  padSequences,
} from './batching.ts';
export {
  type ColumnType,
  isBlank,
  isMissing,
  labelOf,
  parseDate,
  parseNumber,
} from './columnTypes.ts';
export {
  type ConllLayout,
  type ConlluTagField,
  parseConllTagged,
  parseConllu,
  type TaggedSentence,
} from './conll.ts';
export { type DateOrder, type DateReading, parseDateAs } from './dates.ts';
export {
  DELIMITERS,
  type Delimiter,
  parseDelimited,
  type Quoting,
  sniffDelimiter,
} from './delimited.ts';
export {
  DERIVED_SYMBOLS,
  derivedFormula,
  parseDerivedColumns,
  withDerivedColumns,
} from './derived.ts';
export { type DialogCorpus, parseDialogYaml } from './dialogYaml.ts';
export {
  decodeBytes,
  detectEncoding,
  KNOWN_ENCODINGS,
  parseEncodingName,
  type TextEncodingName,
} from './encoding.ts';
export {
  type ColumnInfo,
  type DataFormat,
  DEFAULT_MAX_WHOLE_FILE_BYTES,
  type Inspection,
  type InspectionNote,
  type InspectStreamOptions,
  inspectBytes,
  inspectStream,
} from './inspect.ts';
export {
  type JsonPathChoice,
  type JsonRecords,
  jsonRecordPaths,
  MAX_JSON_DEPTH,
  parseJsonRecords,
} from './jsonArray.ts';
export type {
  InspectionReading,
  ReadingDecision,
  ReadingEvidence,
} from './readingReport.ts';
export { AUTO_READ_OPTIONS, type ReadOptions, readOptionsSchema } from './readOptions.ts';
export { inspectForReading, streamRecords } from './recordStream.ts';
export { type ColumnRoles, suggestForTable, type TaskKind } from './roles.ts';
export { applyScaler, fitScaler, invertScaler, type ScalerState } from './scaler.ts';
export {
  chronologicalSplit,
  randomSplit,
  type Split,
  type SplitOptions,
  stratifiedSplit,
} from './splits.ts';
export { type NumericColumns, streamNumericColumns } from './streamColumns.ts';
export {
  columnIndex,
  dateOrdersOf,
  numericColumn,
  readTable,
  type Table,
  textColumn,
} from './table.ts';
export {
  detectTagScheme,
  type EntitySpan,
  entitySpans,
  type TagScheme,
  toIob2,
} from './tagScheme.ts';
export type { AbortSignalLike, ImportProgress, StreamOptions } from './textSource.ts';
export { buildSeries, type Series, type SeriesReport } from './timeSeries.ts';
export {
  charTokens,
  detokenize,
  END_OF_WORD,
  learnBpe,
  type TokenizerConfig,
  tokenize,
  wordTokens,
} from './tokenizers.ts';
export {
  BOS,
  BOS_ID,
  buildVocab,
  EOS,
  EOS_ID,
  PAD,
  PAD_ID,
  SPECIAL_TOKENS,
  UNK,
  UNK_ID,
  Vocab,
  type VocabJson,
  vocabSizeFromCounts,
} from './vocab.ts';
export {
  type GatherScaling,
  gatherWindows,
  type WindowView,
  windowLast,
  windowStart,
  windowTarget,
  windowView,
} from './windows.ts';
export { loadSheetReader, readSheetRows, type SheetRows } from './xlsx.ts';
