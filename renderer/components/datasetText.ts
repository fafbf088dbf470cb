/** Words a dataset's title, licence and language in the UI's language (the catalogue in core is English), falling back to core's English. */
import type { TFunction } from 'i18next';

/** The gallery dataset's title (`data.gallery.titles.<id>`), or its English title for an unknown id. */
export function datasetTitle(entry: { id: string; title: string }, t: TFunction): string {
  return t(`data.gallery.titles.${entry.id}` as 'data.gallery.titles.nsmc-sample', {
    defaultValue: entry.title,
  });
}

/** A licence's name (`licences.<id>`), or its English name for an unknown id. */
export function licenceName(licence: { id: string; name: string }, t: TFunction): string {
  return t(`licences.${licence.id}` as 'licences.none', { defaultValue: licence.name });
}

/** The gallery's language codes ('ko/en', '—' for none) as language names. */
export function languageNames(codes: string, t: TFunction): string {
  return codes
    .split('/')
    .map((c) =>
      c === 'en' || c === 'ko'
        ? t(`data.gallery.languages.${c}` as 'data.gallery.languages.en')
        : c,
    )
    .join('/');
}
