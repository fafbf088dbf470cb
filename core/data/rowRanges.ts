/** What the host's second thread is asked and gives back when it reads classify's rows from a big file's second half (core/tasks/classify/rowRanges.ts reads them; core/data/fileHalves.ts splits the file): structured-clone data both ways. */

import type { RangeOutcome } from './fileHalves.ts';
import type { Inspection } from './inspect.ts';
import type { TokenizerConfig } from './tokenizers.ts';
import type { IdArray } from './tokenStore.ts';

/**
 * Files smaller than this are read on one thread: the main thread saved under 5 % of its time to
 * the first step at 16 and 26 MiB and about a tenth from 32 MiB (docs/benchmarks.md, "Big files"),
 * while the process spends 0.35–0.8 s more CPU (the thread's start, its cold scanners,
 * the hashes).
 */
export const ROW_RANGE_MIN_BYTES = 32 * 1024 * 1024;

/** What the second thread reads: classify's rows in bytes `from` to `to` of the file. */
export interface RowRangeRequest {
  kind: 'rows';
  /** The midpoint: the range starts after the first line feed at or after it. */
  from: number;
  /** The file's size when opened: the range ends there. */
  to: number;
  inspection: Inspection;
  fileName: string;
  /** The text's and the label's indexes in the inspection's columns. */
  fields: [number, number];
  tokenizer: TokenizerConfig;
  /** Tokens kept per text (the first ones). */
  maxLength: number;
  /** Names read in place of the label codes (spec.data.labelNames). */
  labelNames?: Readonly<Record<string, string>> | undefined;
}

/** The rows read and their counts, for the checks after the whole read. */
export interface RowCounts {
  rows: number;
  used: number;
  anyText: boolean;
  anyLabel: boolean;
}

/**
 * The range's usable rows in file order: each one's token ids (the range's own, into `tokens`,
 * first met first) and label (into `labels`, first met first), and the counts of all its rows.
 */
export type RowRangeResult = RangeOutcome<{
  /** The distinct tokens by the range's ids. */
  tokens: string[];
  /** Every row's ids one after another. */
  ids: IdArray;
  /** `[rows]`: each row's count of ids. */
  lengths: Int32Array;
  /** The distinct labels, first met first. */
  labels: string[];
  /** `[rows]`: each row's label, into `labels`. */
  labelOf: Uint8Array | Int32Array;
  counts: RowCounts;
}>;
