/** Words a reading decision (the user's, or a guess with its evidence) in the UI's language; core gives the evidence's code and numbers. */
import type { TFunction } from 'i18next';
import type { ReadingDecision, ReadingEvidence } from '../../../core/data/index.ts';

const DELIMITER_KEYS: Record<string, 'comma' | 'tab' | 'semicolon' | 'pipe'> = {
  ',': 'comma',
  '\t': 'tab',
  ';': 'semicolon',
  '|': 'pipe',
};

/** A delimiter as the UI names it (`Tab`, `Comma ( , )`, or the character quoted). */
export function delimiterLabel(delimiter: string, t: TFunction): string {
  const key = DELIMITER_KEYS[delimiter];
  return key === undefined ? `'${delimiter}'` : t(`data.delimiters.${key}`);
}

/** The evidence in the UI's language; evidence codes this version does not know keep core's English text. */
export function evidenceText(evidence: ReadingEvidence, t: TFunction): string {
  const params = evidence.params ?? {};
  switch (evidence.code) {
    case 'format-content':
      return t('data.reading.evidence.format-content', {
        format: t(`data.formats.${String(params.format)}` as 'data.formats.csv', {
          defaultValue: String(params.format),
        }),
      });
    case 'delimiter-consistent':
    case 'delimiter-name':
      return t(`data.reading.evidence.${evidence.code}`, {
        ...params,
        delimiter: delimiterLabel(String(params.delimiter), t),
      });
    case 'quoting-sniffed':
      return t(
        params.quoting === 'none'
          ? 'data.reading.evidence.quoting-none'
          : 'data.reading.evidence.quoting-double',
      );
    case 'encoding-bom':
    case 'encoding-legacy':
      return t(`data.reading.evidence.${evidence.code}`, {
        encoding: t(`data.encodings.${String(params.encoding)}` as 'data.encodings.utf-8', {
          defaultValue: String(params.encoding),
        }),
      });
    case 'decimal-comma':
      return t('data.reading.evidence.decimal-comma', {
        example: String(params.example),
        cells: Number(params.cells),
      });
    case 'date-order-data':
      return t(
        params.order === 'dmy'
          ? 'data.reading.evidence.date-order-dmy'
          : 'data.reading.evidence.date-order-mdy',
        { column: String(params.column), example: String(params.example) },
      );
    case 'excel-serial':
      return t('data.reading.evidence.excel-serial', {
        column: String(params.column),
        example: String(params.example),
        date: String(params.date),
      });
    case 'sheet-largest':
      return t('data.reading.evidence.sheet-largest', {
        sheet: String(params.sheet),
        sheets: Number(params.sheets),
      });
    case 'json-path-most':
      return params.path === ''
        ? t('data.reading.evidence.json-path-root', { records: Number(params.records) })
        : t('data.reading.evidence.json-path-most', {
            path: String(params.path),
            records: Number(params.records),
          });
    case 'conll-chunk-tags':
    case 'conll-first-last':
      return t(`data.reading.evidence.${evidence.code}`, {
        token: Number(params.token),
        tag: Number(params.tag),
        fields: Number(params.fields),
      });
    case 'format-prose':
    case 'encoding-utf8':
    case 'encoding-korean':
    case 'delimiter-number-list':
    case 'quoting-default':
    case 'header-detected':
    case 'header-not-detected':
      return t(`data.reading.evidence.${evidence.code}`);
    default:
      return (evidence as ReadingEvidence).text;
  }
}

/** "Set by you", "Guessed: …", or '' when the option was neither (a default). */
export function decisionText(decision: ReadingDecision | undefined, t: TFunction): string {
  if (decision === undefined) return '';
  if (decision.by === 'user') return t('data.reading.byUser');
  return t('data.reading.guessed', { why: evidenceText(decision.evidence, t) });
}
