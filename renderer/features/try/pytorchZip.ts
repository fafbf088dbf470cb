/** The web edition's PyTorch export: the export folder's files (core/io/export) zipped under one folder name. */
import { strToU8, zipSync } from 'fflate';
import type { ModelBundle } from '../../../core/io/bundle.ts';
import { exportPytorch } from '../../../core/io/export/pytorch.ts';

/** The folder the zip unpacks to (its README's commands run inside it). */
export const PYTORCH_ZIP_FOLDER = 'pytorch-export';

/**
 * A zip of `exportPytorch(bundle)`'s files inside {@link PYTORCH_ZIP_FOLDER}/.
 * @throws ConfigError from the exporter for a task it cannot export.
 */
export function pytorchZip(bundle: ModelBundle): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const file of exportPytorch(bundle)) {
    entries[`${PYTORCH_ZIP_FOLDER}/${file.name}`] =
      typeof file.content === 'string' ? strToU8(file.content) : file.content;
  }
  return zipSync(entries, { level: 6 });
}
