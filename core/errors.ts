/** Domain error classes: each has a stable `name` and a `code` the UI and CLI can switch on. */

export type ShapeErrorCode = 'shape';
export type ConfigErrorCode = 'config' | 'state-dict' | 'init-from' | 'word-vectors';
export type DatasetErrorCode =
  | 'empty'
  | 'header-only'
  | 'ragged'
  | 'not-numeric'
  | 'one-class'
  | 'all-missing'
  | 'conll-fields'
  | 'binary'
  | 'too-large'
  | 'format'
  | 'encoding'
  | 'aborted'
  | 'checksum'
  | 'download'
  | 'missing-image'
  | 'unreadable-image';
export type ProtocolErrorCode = 'malformed' | 'unsupported' | 'unknown-request' | 'closed';

/** The messages core can hand over as a key and parameters, for the UI to word in its language. */
export const DATASET_MESSAGE_KEYS = [
  'empty-file',
  'header-only',
  'ragged',
  'conllu-fields',
  'conllu-id',
  'conllu-no-sentences',
  'conll-fields',
  'conll-no-sentences',
  'not-conll',
  'binary',
  'encoding-invalid',
  'too-large-unstreamable',
  'too-large-for-browser',
  'too-large-for-desktop',
  'format-unsupported',
  'yaml-not-dialog',
  'unreadable-workbook',
  'unreadable-parquet',
  'all-missing',
  'not-numeric',
  'one-class',
  'vectors-line-too-long',
  'vectors-empty',
  'vectors-cut-short',
  'vectors-dimension',
  'vectors-dimension-cap',
  'vectors-not-numeric',
  'vectors-binary',
  'vectors-not-finite',
  'vectors-word-encoding',
  'image-missing',
  'image-unreadable',
  'captions-file-missing',
] as const;
export type DatasetMessageKey = (typeof DATASET_MESSAGE_KEYS)[number];

/** The spec refusals a user can reach from the app (a column role, the splits, a language model). */
export const CONFIG_MESSAGE_KEYS = [
  'no-column',
  'split-sum',
  'train-part-empty',
  'forecast-train-too-short',
  'generate-bidirectional',
  'init-from-not-read',
  'init-from-not-lm',
  'init-from-mismatch',
  'init-from-backward-as-forward',
  'init-from-backward-not-read',
  'init-from-backward-fine-tune',
  'init-from-backward-forward',
  'init-from-backward-not-lm',
  'init-from-backward-tokens',
  'vectors-not-read',
  'vectors-with-init-from',
  'init-from-char-encoder',
  'init-from-seq2seq-features',
  'init-from-source-unknown',
  'checkpoint-other-data',
  'diverged-step',
  'diverged-epoch',
  'diverged-lower-clip',
  'diverged-lower-no-clip',
] as const;
export type ConfigMessageKey = (typeof CONFIG_MESSAGE_KEYS)[number];

/** Every key a MessageDetail may carry. */
export const MESSAGE_KEYS = [...DATASET_MESSAGE_KEYS, ...CONFIG_MESSAGE_KEYS] as const;

/** Values a message's wording needs: file names, line numbers, counts, lists of numbers. */
export type MessageParams = Readonly<Record<string, string | number | readonly number[]>>;

/** A message as a key and parameters (structured-clone data), beside its English `message`. */
export interface MessageDetail {
  readonly key: DatasetMessageKey | ConfigMessageKey;
  readonly params: MessageParams;
}

/** A tensor had the wrong shape for an operation or module. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
  readonly code: ShapeErrorCode = 'shape';
}

/**
 * A module, optimizer or task was configured with a value it cannot use. `detail`, when given, is
 * the same message as a key and parameters, so the UI can word it in its language.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly code: ConfigErrorCode = 'config',
    readonly detail?: MessageDetail,
  ) {
    super(message);
  }
}

/**
 * A user's data file cannot be used; the message names the file, line and what to do. `detail`,
 * when given, is the same message as a key and parameters, so the UI can word it in its language.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  constructor(
    message: string,
    readonly code: DatasetErrorCode,
    readonly detail?: MessageDetail,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A message crossing a process boundary was malformed or of an unknown type. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    message: string,
    readonly code: ProtocolErrorCode,
  ) {
    super(message);
  }
}

/** Exhaustiveness guard for `switch (msg.type)`; throws at runtime on an unknown type. */
export function assertNever(value: never): never {
  const type = (value as { type?: unknown } | null)?.type;
  throw new ProtocolError(`Unsupported message type '${String(type)}'.`, 'unsupported');
}
