/** The words main shows itself (menus, dialogs, notifications) in the UI's two languages; the renderer says which one it uses. */

/** The UI languages (renderer/i18n/language.ts LANGUAGES). */
export type UiLanguage = 'en' | 'ko';

/** The language main starts with before the renderer says: Korean for a Korean system, else English. */
export function languageFromLocale(locale: string): UiLanguage {
  return locale.toLowerCase().split(/[-_]/)[0] === 'ko' ? 'ko' : 'en';
}

/** Texts with parameters, per language. */
export interface DesktopStrings {
  trainingFinishedTitle: string;
  trainingFailedTitle: string;
  /** The notification body: which run (task and data file) and, for a failure, why. */
  runBody: (run: { task: string; fileName: string; error?: string }) => string;
  rendererGoneTitle: string;
  rendererGoneMessage: (reason: string) => string;
  rendererGoneDetail: string;
  reload: string;
  quit: string;
  logsFolderFailed: (message: string) => string;
  updatesTitle: string;
  upToDate: (version: string) => string;
  updateAvailable: (version: string) => string;
  updateFailed: (message: string) => string;
  /** Why Check for Updates… is off. */
  updatesNotPackaged: string;
  updatesNoFeed: string;
  updatesUnsigned: string;
}

const TASKS: Record<UiLanguage, Record<string, string>> = {
  en: {
    classify: 'Classify',
    forecast: 'Forecast',
    tag: 'Tag',
    seq2seq: 'Translate',
    generate: 'Generate',
  },
  ko: { classify: '분류', forecast: '예측', tag: '태깅', seq2seq: '번역', generate: '생성' },
};

export const DESKTOP_STRINGS: Record<UiLanguage, DesktopStrings> = {
  en: {
    trainingFinishedTitle: 'Training finished',
    trainingFailedTitle: 'Training failed',
    runBody: ({ task, fileName, error }) =>
      `${TASKS.en[task] ?? task} on ${fileName}${error === undefined ? '' : `: ${error}`}`,
    rendererGoneTitle: 'RNN Studio',
    rendererGoneMessage: (reason) => `The window stopped unexpectedly (${reason}).`,
    rendererGoneDetail:
      'Your project was saved and training goes on. Reload the window to continue where you were.',
    reload: 'Reload',
    quit: 'Quit',
    logsFolderFailed: (message) => `The logs folder could not be opened: ${message}`,
    updatesTitle: 'Check for Updates',
    upToDate: (version) => `RNN Studio ${version} is the latest version.`,
    updateAvailable: (version) =>
      `RNN Studio ${version} is available; it is downloaded and installed when you quit.`,
    updateFailed: (message) => `Checking for updates failed: ${message}`,
    updatesNotPackaged: 'Updates are off: this copy runs from the source, not an installed app.',
    updatesNoFeed: 'Updates are off: this build names no update feed.',
    updatesUnsigned:
      'Updates are off: this build is not signed, so an update could not be verified.',
  },
  ko: {
    trainingFinishedTitle: '학습 완료',
    trainingFailedTitle: '학습 실패',
    runBody: ({ task, fileName, error }) =>
      `${fileName} ${TASKS.ko[task] ?? task}${error === undefined ? '' : `: ${error}`}`,
    rendererGoneTitle: 'RNN Studio',
    rendererGoneMessage: (reason) => `창이 예기치 않게 멈췄습니다 (${reason}).`,
    rendererGoneDetail:
      '프로젝트는 저장되었고 학습은 계속됩니다. 창을 다시 불러오면 하던 곳에서 이어집니다.',
    reload: '다시 불러오기',
    quit: '종료',
    logsFolderFailed: (message) => `로그 폴더를 열 수 없습니다: ${message}`,
    updatesTitle: '업데이트 확인',
    upToDate: (version) => `RNN Studio ${version}이(가) 최신 버전입니다.`,
    updateAvailable: (version) =>
      `RNN Studio ${version}을(를) 받을 수 있습니다. 종료할 때 내려받아 설치합니다.`,
    updateFailed: (message) => `업데이트 확인에 실패했습니다: ${message}`,
    updatesNotPackaged: '업데이트 꺼짐: 설치된 앱이 아니라 소스에서 실행 중입니다.',
    updatesNoFeed: '업데이트 꺼짐: 이 빌드에는 업데이트 주소가 없습니다.',
    updatesUnsigned: '업데이트 꺼짐: 서명되지 않은 빌드라 업데이트를 검증할 수 없습니다.',
  },
};
