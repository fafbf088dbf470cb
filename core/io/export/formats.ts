/** The export formats of a model bundle (a folder of files each): PyTorch and ONNX. */
import type { ModelBundle } from '../bundle.ts';
import { exportOnnx } from './onnx/index.ts';
import { type ExportFile, exportPytorch } from './pytorch.ts';

/** What `export --format` and the app's export buttons offer. */
export const EXPORT_FORMATS = ['pytorch', 'onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The files of a bundle's export folder in `format`.
 * @throws ConfigError when the format cannot express the bundle's task or weights.
 */
export function exportFolderFiles(bundle: ModelBundle, format: ExportFormat): ExportFile[] {
  return format === 'onnx' ? exportOnnx(bundle) : exportPytorch(bundle);
}
