/** What a trainer hands a task to prepare from a run's data: the file as a checked byte source read in pieces, or for captioning the image folder (a chosen folder's file handles or a zip) with the host's decoder and the backbone's weights; and the fingerprint a checkpoint is matched by. */
import type { FileBytes } from '../data/byteSource.ts';
import { zipImageFolder } from '../data/captions/imageFolder.ts';
import type { SeriesRanges } from '../data/seriesRanges.ts';
import { ConfigError, DatasetError } from '../errors.ts';
import { readSafetensors } from '../io/safetensors.ts';
import type { FolderFile, TrainingData } from '../protocol/messages.ts';
import type { RunSpec } from '../tasks/spec.ts';
import type { ImageSource, NamedTensors } from '../tasks/task.ts';
import { CheckedByteSource } from './checkedSource.ts';
import { fingerprintBytes, fingerprintMatches } from './fingerprint.ts';
import { type TrainingFileHost, trainingBytes, trainingSource } from './trainingFile.ts';

/** The largest single file of a chosen folder (as an entry of a captioning zip). */
export const MAX_FOLDER_FILE_BYTES = 256 * 1024 * 1024;

/** What `TaskDefinition.prepare` gets besides the spec. */
export interface TaskInputs {
  /**
   * The data file: a source whose passes are checked against each other (a file that changes
   * between them is refused); a captioning zip's bytes; empty for a chosen folder, whose files are
   * read one at a time.
   */
  readonly bytes: FileBytes;
  /**
   * The data's fingerprint: of the file's bytes (from the first whole pass over them, made now
   * when preparation has made none), or of a folder's paths and sizes.
   */
  fingerprint(): Promise<string>;
  /**
   * Whether a checkpoint's fingerprint is this data's: the current one, or the kind builds before
   * XXH32 wrote (FNV-1a), computed for it.
   */
  matchesFingerprint(stored: string): Promise<boolean>;
  readonly images?: ImageSource;
  readonly backboneWeights?: NamedTensors;
  /** The second thread the host offers for reading the data file (its handle's). */
  readonly seriesRanges?: SeriesRanges;
}

/** How a host reads what a run names. */
export interface TaskInputHost {
  /** Whose training-file limit applies to one data file (none in the CLI and tests). */
  readonly fileLimit?: TrainingFileHost;
  /** Decodes JPEG and PNG (caption); a host without one cannot train captioners. */
  readonly imageDecoder?: ImageSource['decoder'];
}

/**
 * A chosen folder's files as core's image folder: nothing is read until an image is, one file at
 * a time, so the trainer holds one image's bytes however large the folder.
 * @throws DatasetError (on read) naming the file when it is too large or changed while read.
 */
export function handleImageFolder(
  name: string,
  files: readonly FolderFile[],
): ImageSource['folder'] {
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  return {
    name,
    paths: [...byPath.keys()],
    async read(path: string): Promise<Uint8Array> {
      const file = byPath.get(path);
      if (file === undefined) {
        throw new DatasetError(`'${name}': the folder has no file '${path}'.`, 'format');
      }
      if (file.size > MAX_FOLDER_FILE_BYTES) {
        throw new DatasetError(
          `'${path}' in '${name}' must be at most 256 MiB, got ${Math.round(file.size / 2 ** 20)} MiB; remove it or make it smaller.`,
          'too-large',
        );
      }
      const bytes = new Uint8Array(await file.slice(0, file.size).arrayBuffer());
      if (bytes.length !== file.size) {
        throw new DatasetError(
          `'${path}' in '${name}' changed while it was read; choose the folder again once it is saved.`,
          'format',
        );
      }
      return bytes;
    },
  };
}

/** A fingerprint of a folder: its sorted paths with their sizes (the bytes are not read). */
export function folderFingerprint(files: readonly FolderFile[]): string {
  return fingerprintBytes(folderListing(files));
}

/** A folder's sorted `path TAB size` lines as UTF-16 code units (what its fingerprint hashes). */
function folderListing(files: readonly FolderFile[]): Uint8Array {
  const text = files
    .map((f) => `${f.path}\t${f.file.size}`)
    .sort()
    .join('\n');
  // NOTE: UTF-16 code units as bytes: core has no TextEncoder, and a fingerprint needs no UTF-8.
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 * i] = unit & 0xff;
    bytes[2 * i + 1] = unit >> 8;
  }
  return bytes;
}

/**
 * A backbone's state dict from `.safetensors` bytes (torchvision's resnet18 written with
 * `safetensors.torch.save_file`).
 * @throws DatasetError naming the file when it is not a safetensors file.
 */
export function backboneFromSafetensors(bytes: Uint8Array, fileName: string): NamedTensors {
  try {
    const file = readSafetensors(bytes);
    return new Map([...file.tensors].map(([key, t]) => [key, { shape: t.shape, data: t.data }]));
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err;
    throw new DatasetError(
      `'${fileName}' is not a usable .safetensors file (${err.message.replace(/\.$/, '')}); write it with safetensors.torch.save_file(model.state_dict(), '${fileName}').`,
      'format',
    );
  }
}

/** A caption run's images: a chosen folder's handles, or a zip read whole. */
async function captionImages(
  data: TrainingData,
  host: TaskInputHost,
): Promise<Pick<TaskInputs, 'bytes' | 'fingerprint' | 'matchesFingerprint' | 'images'>> {
  const decoder = host.imageDecoder;
  if (decoder === undefined) {
    throw new ConfigError(
      'Trainer: caption training needs an image decoder, got a host with none.',
    );
  }
  if ('files' in data) {
    const folder = handleImageFolder(data.fileName, data.files);
    const listing = folderListing(data.files);
    const fingerprint = fingerprintBytes(listing);
    return {
      bytes: new Uint8Array(0),
      fingerprint: async () => fingerprint,
      matchesFingerprint: async (stored) => fingerprintMatches(stored, listing),
      images: { folder, decoder },
    };
  }
  const bytes = await trainingBytes(data, host.fileLimit);
  const folder = zipImageFolder(bytes, data.fileName);
  const fingerprint = fingerprintBytes(bytes);
  return {
    bytes,
    fingerprint: async () => fingerprint,
    matchesFingerprint: async (stored) => fingerprintMatches(stored, bytes),
    images: { folder, decoder },
  };
}

/**
 * Opens what a run names for its task: the data file as a checked source (refused above the
 * host's limit; nothing is read until the task reads it), or
 * for caption the image folder or zip, and the backbone weights `spec.model.image.weights` names.
 * @throws ConfigError for backbone weights without a caption spec, or a folder for a task that
 *   reads one file; DatasetError for a file that is too large, damaged or changed while read.
 */
export async function readTaskInputs(
  request: { spec: RunSpec; data: TrainingData; backboneWeights?: TrainingData },
  host: TaskInputHost,
): Promise<TaskInputs> {
  if (request.spec.task !== 'caption') {
    if (request.backboneWeights !== undefined) {
      throw new ConfigError(
        `Trainer: backboneWeights must come with a caption run, got task '${request.spec.task}'.`,
      );
    }
    const source = new CheckedByteSource(trainingSource(request.data, host.fileLimit));
    const ranges = 'file' in request.data ? request.data.file.seriesRanges : undefined;
    return {
      ...(ranges === undefined ? {} : { seriesRanges: ranges }),
      bytes: source,
      fingerprint: () => source.fingerprint(),
      matchesFingerprint: (stored) => source.matches(stored),
    };
  }
  const images = await captionImages(request.data, host);
  const weights = request.backboneWeights;
  if (weights === undefined) return images;
  const bytes = await trainingBytes(weights, host.fileLimit);
  return { ...images, backboneWeights: backboneFromSafetensors(bytes, weights.fileName) };
}
