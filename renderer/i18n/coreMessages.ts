/** Words core's messages (a key and parameters, core/errors.ts MessageDetail) in the UI's language; the English wording matches core's own message. */
import type { TFunction } from 'i18next';
import type { MessageDetail } from '../../core/errors.ts';

const numbers = (v: unknown): readonly number[] => (Array.isArray(v) ? (v as number[]) : []);

/** `'|'` for a delimiter character, the word for tab. */
function delimiterWord(t: TFunction, d: unknown): string {
  return d === '\t' ? t('coreMessages.tab') : `'${String(d)}'`;
}

/** The ragged-rows message: the first offending lines, listed in the UI's language. */
function ragged(t: TFunction, p: MessageDetail['params']): string {
  const got = numbers(p.got);
  const lines = numbers(p.lines)
    .map((line, i) => t('coreMessages.raggedLine', { line, got: got[i] }))
    .join(', ');
  const more = Number(p.more) > 0 ? t('coreMessages.raggedMore', { more: p.more }) : '';
  return t('coreMessages.ragged', {
    ...p,
    count: Number(p.count),
    lines,
    more,
    reference: t(`coreMessages.reference.${p.reference === 'header' ? 'header' : 'first-row'}`),
    delimiter: delimiterWord(t, p.delimiter),
  });
}

/** Core's message worded from its key and parameters in the language `t` speaks. */
export function wordCoreMessage(t: TFunction, detail: MessageDetail): string {
  const { key, params } = detail;
  switch (key) {
    case 'ragged':
      return ragged(t, params);
    case 'conll-fields':
      return t('coreMessages.conll-fields', {
        ...params,
        separator: t(`coreMessages.${params.separator === 'tab' ? 'tab' : 'space'}`),
      });
    default:
      return t(`coreMessages.${key}`, params);
  }
}
