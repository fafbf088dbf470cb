/** The UI languages and how the first one is chosen: a remembered choice, else the browser's language. */

/** Languages the UI ships messages for; English is the fallback. */
export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The localStorage key that remembers the user's choice. */
export const LANGUAGE_STORAGE_KEY = 'rnn-studio.language';

/** True when `value` names one of the shipped languages exactly (`'en'` or `'ko'`). */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** What `pickInitialLanguage` looks at. */
export interface LanguageHints {
  /** The value remembered in localStorage, or null when nothing was stored. */
  stored: string | null;
  /** `navigator.languages` (BCP 47 tags such as `'ko-KR'`), most preferred first. */
  preferred: readonly string[];
}

/**
 * Picks the UI language: the stored choice if it is valid, else the first preferred
 * language whose primary subtag is shipped (`'ko-KR'` → `'ko'`), else English.
 */
export function pickInitialLanguage(hints: LanguageHints): Language {
  if (isLanguage(hints.stored)) return hints.stored;
  for (const tag of hints.preferred) {
    const primary = tag.split('-')[0]?.toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}
