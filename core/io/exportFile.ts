/** One file of an export folder (PyTorch or ONNX): what every exporter returns and the hosts write. */
export interface ExportFile {
  /** A plain file name inside the folder (no directories), e.g. 'model.py'. */
  readonly name: string;
  /** UTF-8 text or bytes. */
  readonly content: string | Uint8Array;
}

/** A plain file name: letters, digits, '.', '_' and '-', not '.' or '..' (so never a path). */
export const PLAIN_FILE_NAME = /^(?!\.\.?$)[A-Za-z0-9._-]+$/;
