/** Tells the desktop app the UI language, so its native menus, dialogs and notifications follow the renderer's (no-op in web mode). */
import { useEffect } from 'react';
import type { Language } from '../i18n/language.ts';
import { desktopApi } from './bridge.ts';

export function useDesktopLanguage(language: Language): void {
  useEffect(() => {
    desktopApi()
      ?.setLanguage(language)
      .catch((err: unknown) => console.error('Telling the desktop app the language failed.', err));
  }, [language]);
}
