/** The web edition's model export: the export folder's files (core/io/export, PyTorch or ONNX) zipped under one folder name. */
import { strToU8, zipSync } from 'fflate';
import type { ModelBundle } from '../../../core/io/bundle.ts';
import { type ExportFormat, exportFolderFiles } from '../../../core/io/export/formats.ts';

/** The folder the zip unpacks to (its README's commands run inside it). */
export function exportZipFolder(format: ExportFormat): string {
  return `${format}-export`;
}

/**
 * A zip of the export folder's files in `format` inside {@link exportZipFolder}/.
 * @throws ConfigError from the exporter for a task it cannot export.
 */
export function exportZip(bundle: ModelBundle, format: ExportFormat): Uint8Array {
  const folder = exportZipFolder(format);
  const entries: Record<string, Uint8Array> = {};
  for (const file of exportFolderFiles(bundle, format)) {
    entries[`${folder}/${file.name}`] =
      typeof file.content === 'string' ? strToU8(file.content) : file.content;
  }
  return zipSync(entries, { level: 6 });
}
