/** Words a dataset licence's name in the UI's language from its id, or shows its English name for an unknown id. */
import type { TFunction } from 'i18next';

export function licenceName(licence: { id: string; name: string }, t: TFunction): string {
  return t(`licences.${licence.id}` as 'licences.none', { defaultValue: licence.name });
}
