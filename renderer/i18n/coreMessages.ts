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

/** A task, field, quantity or value parameter in the UI's language (English keeps core's spelling). */
function named(
  t: TFunction,
  group: 'taskNames' | 'fields' | 'values' | 'quantities',
  value: unknown,
): string {
  const key = String(value);
  return t(`coreMessages.${group}.${key}` as 'coreMessages.tab', { defaultValue: key });
}

/** A refusal's parameters with its task, field, quantity and true/false or NaN values worded. */
function configParams(t: TFunction, p: MessageDetail['params']): MessageDetail['params'] {
  const out: Record<string, MessageDetail['params'][string]> = { ...p };
  if (p.task !== undefined) out.task = named(t, 'taskNames', p.task);
  if (p.field !== undefined) out.field = named(t, 'fields', p.field);
  if (p.what !== undefined) out.what = named(t, 'quantities', p.what);
  if (p.value !== undefined) out.value = named(t, 'values', p.value);
  for (const side of ['theirs', 'ours'] as const) {
    if (p[side] === 'true' || p[side] === 'false') out[side] = named(t, 'values', p[side]);
  }
  return out;
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
    case 'image-missing': {
      const line = /^line (\d+)$/.exec(String(params.where))?.[1];
      const where = line === undefined ? params.where : t('coreMessages.captionLine', { line });
      return t('coreMessages.image-missing', { ...params, where });
    }
    case 'no-column':
    case 'train-part-empty':
    case 'init-from-not-read':
    case 'init-from-not-lm':
    case 'init-from-mismatch':
    case 'init-from-backward-not-read':
    case 'init-from-backward-not-lm':
    case 'init-from-backward-tokens':
    case 'init-from-backward-fine-tune':
    case 'vectors-not-read':
    case 'vectors-with-init-from':
    case 'diverged-step':
    case 'diverged-epoch':
      return t(`coreMessages.${key}`, configParams(t, params));
    default:
      return t(`coreMessages.${key}`, params);
  }
}
