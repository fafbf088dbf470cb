/** Shows a column's name in the UI's language when it is the importer's stand-in for a blank header (`column 3`). */
import type { TFunction } from 'i18next';

/** The name core gives a column without a header cell (see headerNames in core/data/header.ts). */
const PLACEHOLDER = /^column (\d+)$/;

/** `column 3` as `열 3` in Korean; any other name as it is in the file. */
export function columnLabel(name: string, t: TFunction): string {
  const m = PLACEHOLDER.exec(name);
  return m === null ? name : t('data.columnPlaceholder', { n: Number(m[1]) });
}
