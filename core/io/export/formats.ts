/** The export formats of a model bundle (a folder of files each): PyTorch and ONNX. */

import { ConfigError } from '../../errors.ts';
import type { ModelBundle } from '../bundle.ts';
import { exportOnnx } from './onnx/index.ts';
import {
  checkVocabularyNames,
  type ExportFile,
  exportPytorch,
  onnxPythonFiles,
  PLAIN_FILE_NAME,
} from './pytorch.ts';

/** What `export --format` and the app's export buttons offer. */
export const EXPORT_FORMATS = ['pytorch', 'onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The files of a bundle's export folder in `format`; every name is a plain file name (vocabulary
 * names included), so writing them into a folder or under a zip's folder never leaves it.
 * @throws ConfigError when the format cannot express the bundle's task or weights, or a name is not
 *   a plain file name.
 */
export function exportFolderFiles(bundle: ModelBundle, format: ExportFormat): ExportFile[] {
  checkVocabularyNames(bundle, 'exportFolderFiles');
  const files =
    format === 'onnx'
      ? [...exportOnnx(bundle), ...onnxPythonFiles(bundle.spec.task)]
      : exportPytorch(bundle);
  for (const file of files) {
    if (!PLAIN_FILE_NAME.test(file.name)) {
      throw new ConfigError(
        `exportFolderFiles: an export file name must be a plain name, got '${file.name}'.`,
      );
    }
  }
  return files;
}
