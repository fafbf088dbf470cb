/** Types i18next's `t()` keys from the English message file, so a misspelt key fails to compile. */
import 'i18next';
import type en from './en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
