/** The native open/save dialogs in the UI's language: main.ts writes their titles and filter names in English; this translates them. */
import type { UiLanguage } from './strings.ts';

/** Korean for the dialog titles and filter names main.ts uses. */
export const DIALOG_LABELS_KO: Readonly<Record<string, string>> = {
  'Open Dataset': '데이터셋 열기',
  Datasets: '데이터셋',
  'All Files': '모든 파일',
  'Open Project': '프로젝트 열기',
  'Save Project': '프로젝트 저장',
  'RNN Studio Projects': 'RNN Studio 프로젝트',
  'Export PyTorch Folder': 'PyTorch 폴더로 내보내기',
  'Export Model': '모델 내보내기',
  'Open Language Model': '언어 모델 열기',
  'Open Image Folder': '이미지 폴더 열기',
  'RNN Studio Models': 'RNN Studio 모델',
};

function translate(text: string): string {
  const locate = /^Locate '(.*)'$/s.exec(text);
  if (locate !== null) return `'${locate[1]}' 위치 찾기`;
  return DIALOG_LABELS_KO[text] ?? text;
}

/** The options of an open or save dialog with its title and filter names in `language`. */
export function localizeDialogOptions<
  T extends { title?: string; filters?: { name: string; extensions: string[] }[] },
>(options: T, language: UiLanguage): T {
  if (language === 'en') return options;
  return {
    ...options,
    ...(options.title === undefined ? {} : { title: translate(options.title) }),
    ...(options.filters === undefined
      ? {}
      : { filters: options.filters.map((f) => ({ ...f, name: translate(f.name) })) }),
  };
}
