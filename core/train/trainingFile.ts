/** The largest data file each trainer host trains on, the refusal above it (checked from the size alone, before a byte is read), a run's data file as a byte source read in pieces, and the read of a file handle in slices into one byte array (captioning's zip, backbone weights). */
import {
  type ByteSource,
  changedWhileRead,
  handleByteSource,
  memoryByteSource,
} from '../data/byteSource.ts';
import { ConfigError, DatasetError, type MessageDetail } from '../errors.ts';
import type { FileHandle, TrainingData } from '../protocol/messages.ts';

const MIB = 1024 * 1024;

/** The hosts whose trainer bounds the data file: the browser edition's worker and the desktop app's utility process. */
export type TrainingFileHost = 'browser' | 'desktop';

/**
 * The largest training file per host, from docs/benchmarks.md ("Big files in the browser
 * edition"). Browser: the tab's renderer process (page, inspection and trainer workers) peaks at
 * ~0.5 GiB with a small file, and a file added ~1.6× its size (classify) to ~3.2× (forecast: the
 * bytes, the numbers while read, the series): a 200 MiB forecast file peaked at 1.16 GiB, measured
 * while the trainer still held the file whole (it now reads it in pieces, so these limits are
 * conservative until measured again). At
 * 256 MiB one tab stays under ~1.4 GiB; a 1 GB file would need ~3.7 GiB in one tab, which an
 * 8 GB laptop's browser does not give. Desktop: the utility process pays the same per byte without
 * the page, so 4 GiB needs ~13 GiB, the most a 16 GB machine spares; beyond it, the CLI on a
 * sample or a split.
 */
export const TRAINING_FILE_LIMIT_BYTES: Readonly<Record<TrainingFileHost, number>> = {
  browser: 256 * MIB,
  desktop: 4096 * MIB,
};

/** Why a host refuses a training file: a code, the numbers to word it with, and the English message. */
export interface TrainingFileRefusal {
  readonly code: 'too-large-for-browser' | 'too-large-for-desktop';
  readonly params: {
    readonly fileName: string;
    readonly fileBytes: number;
    readonly limitBytes: number;
  };
  /** The English message (CLI, logs). */
  readonly message: string;
  /** The same message as a key and parameters (`file`, `size` and `limit` in whole MiB). */
  readonly detail: MessageDetail;
}

/** A byte count in whole MiB (256 for 256 MiB): the sizes a refusal names. */
export function wholeMiB(bytes: number): number {
  return Math.round(bytes / MIB);
}

const ADVICE: Readonly<Record<TrainingFileHost, string>> = {
  browser:
    'Train it in the desktop app or with the CLI (rnn-studio train), which read big files as a stream.',
  desktop:
    'The trainer holds the data prepared from the file in memory (up to about 3.5× the file); train on a sample of its rows or split it.',
};

const WHERE: Readonly<Record<TrainingFileHost, string>> = {
  browser: 'the browser edition',
  desktop: 'the desktop app',
};

/** The refusal for a file `host` cannot train on, or null when it can. */
export function trainingFileRefusal(
  host: TrainingFileHost,
  fileName: string,
  fileBytes: number,
): TrainingFileRefusal | null {
  const limitBytes = TRAINING_FILE_LIMIT_BYTES[host];
  if (fileBytes <= limitBytes) return null;
  const code = host === 'browser' ? 'too-large-for-browser' : 'too-large-for-desktop';
  const [size, limit] = [wholeMiB(fileBytes), wholeMiB(limitBytes)];
  return {
    code,
    params: { fileName, fileBytes, limitBytes },
    message: `'${fileName}' must be at most ${limit} MiB to train in ${WHERE[host]}, got ${size} MiB. ${ADVICE[host]}`,
    detail: { key: code, params: { file: fileName, size, limit } },
  };
}

/** The refusal as the DatasetError a trainer throws ('too-large', with its detail), or null when it fits. */
export function trainingFileError(
  host: TrainingFileHost,
  fileName: string,
  fileBytes: number,
): DatasetError | null {
  const refusal = trainingFileRefusal(host, fileName, fileBytes);
  if (refusal === null) return null;
  return new DatasetError(refusal.message, 'too-large', refusal.detail);
}

/** Bytes per slice read: one slice is held beside the result at a time. */
export const SLICE_BYTES = 8 * MIB;

/**
 * Reads `file` slice by slice into one byte array of its size, refusing it first (from its size,
 * before any byte is read) when `host`'s limit is below it.
 * @throws DatasetError ('too-large') above the limit, naming the file, its size and the limit;
 *   ('format') when the file's length changed while it was read.
 */
export async function readFileHandle(
  file: FileHandle,
  options: { fileName: string; host?: TrainingFileHost },
): Promise<Uint8Array> {
  const { fileName, host } = options;
  const refused = host === undefined ? null : trainingFileError(host, fileName, file.size);
  if (refused !== null) throw refused;
  const bytes = new Uint8Array(file.size);
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    const end = Math.min(bytes.length, at + SLICE_BYTES);
    const part = new Uint8Array(await file.slice(at, end).arrayBuffer());
    if (part.length !== end - at) throw changedWhileRead(fileName);
    bytes.set(part, at);
  }
  return bytes;
}

/**
 * A run's data file as a source read a piece at a time (the file is never held whole): given
 * bytes as a source over them, a file handle as one over its slices; refused first (from its size
 * alone) when above `host`'s limit.
 * @throws DatasetError ('too-large'); ConfigError for a folder's files (captioning only).
 */
export function trainingSource(data: TrainingData, host: TrainingFileHost | undefined): ByteSource {
  if ('files' in data) {
    throw new ConfigError(
      `Trainer: data must be one file for this task, got the folder '${data.fileName}' (${data.files.length} files); choose a file, or train a captioner on a folder.`,
    );
  }
  const size = 'file' in data ? data.file.size : data.bytes.length;
  const refused = host === undefined ? null : trainingFileError(host, data.fileName, size);
  if (refused !== null) throw refused;
  return 'file' in data
    ? handleByteSource(data.fileName, data.file)
    : memoryByteSource(data.fileName, data.bytes);
}

/**
 * A run's data as bytes: given bytes as they are (refused when above `host`'s limit), a file
 * handle read by {@link readFileHandle}.
 * @throws DatasetError as readFileHandle; ConfigError for a folder's files (captioning only).
 */
export async function trainingBytes(
  data: TrainingData,
  host: TrainingFileHost | undefined,
): Promise<Uint8Array> {
  if ('files' in data) {
    throw new ConfigError(
      `Trainer: data must be one file for this task, got the folder '${data.fileName}' (${data.files.length} files); choose a file, or train a captioner on a folder.`,
    );
  }
  if ('file' in data)
    return readFileHandle(data.file, {
      fileName: data.fileName,
      ...(host === undefined ? {} : { host }),
    });
  const refused =
    host === undefined ? null : trainingFileError(host, data.fileName, data.bytes.length);
  if (refused !== null) throw refused;
  return data.bytes;
}
