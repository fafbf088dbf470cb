/** The sizes RNN Studio reads from a model bundle or checkpoint, checked before anything is inflated or allocated. */

const MIB = 2 ** 20;

/** The largest model RNN Studio opens: 64 Mi parameters (256 MiB of float32 weights). */
export const MAX_MODEL_PARAMETERS = 64 * MIB;

/** The longest safetensors header read (names, shapes and offsets of every tensor). */
export const MAX_SAFETENSORS_HEADER_BYTES = 16 * MIB;

/** The largest weights entry: the header and float32 data of the largest model. */
export const MAX_WEIGHTS_ENTRY_BYTES = 8 + MAX_SAFETENSORS_HEADER_BYTES + 4 * MAX_MODEL_PARAMETERS;

/** The largest JSON entry (config, a vocabulary, the history, a checkpoint's state). */
export const MAX_JSON_ENTRY_BYTES = 64 * MIB;

/** The most JSON bytes all entries of one file may declare together. */
export const MAX_JSON_TOTAL_BYTES = 128 * MIB;

/** The most vocabularies a bundle may hold (tasks write one or two). */
export const MAX_VOCABULARIES = 16;

/** `12.5 MiB`: a byte count for messages. */
export function formatMiB(bytes: number): string {
  return `${Math.round((bytes / MIB) * 10) / 10} MiB`;
}

/** `67,108,864`: a count for messages. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
