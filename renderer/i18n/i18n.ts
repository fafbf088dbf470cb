/** The renderer's i18next instance: English and Korean messages, the remembered choice, `<html lang>`. */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import ko from './ko.json' with { type: 'json' };
import { LANGUAGE_STORAGE_KEY, type Language, pickInitialLanguage } from './language.ts';

/** Message resources per language, typed from the English file (see i18next.d.ts). */
export const resources = { en: { translation: en }, ko: { translation: ko } } as const;

/** Reads the remembered language; storage can be unavailable (privacy modes), which means none. */
function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch (err) {
    console.warn('i18n: the remembered language could not be read.', err);
    return null;
  }
}

/** Creates and initialises the i18next instance synchronously (resources are bundled). */
export function createI18n(): I18n {
  const lng = pickInitialLanguage({
    stored: readStoredLanguage(),
    preferred: navigator.languages ?? [navigator.language],
  });
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = lng;
  return instance;
}

/** Switches the UI language, updates `<html lang>` and remembers the choice. */
export async function setLanguage(instance: I18n, lng: Language): Promise<void> {
  await instance.changeLanguage(lng);
  document.documentElement.lang = lng;
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch (err) {
    console.warn('i18n: the language choice could not be remembered.', err);
  }
}
