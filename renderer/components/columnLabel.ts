/** Shows a column's name in the UI's language when it is the importer's stand-in: `column 3` for a blank header cell, `text` for a plain-text file's lines. */
import type { TFunction } from 'i18next';
import type { DataFormat } from '../../core/data/index.ts';

/** The name core gives a column without a header cell (see headerNames in core/data/header.ts). */
const PLACEHOLDER = /^column (\d+)$/;

/** The name core gives a plain-text file's one column of lines (see inspectPlainText in core/data/inspect.ts). */
const TEXT_LINES = 'text';

/**
 * `column 3` as `열 3` in Korean, a plain-text file's `text` column as `텍스트` (`format` is the
 * file's, when known); any other name as it is in the file.
 */
export function columnLabel(name: string, t: TFunction, format?: DataFormat): string {
  if (format === 'text' && name === TEXT_LINES) return t('data.textLines');
  const m = PLACEHOLDER.exec(name);
  return m === null ? name : t('data.columnPlaceholder', { n: Number(m[1]) });
}
