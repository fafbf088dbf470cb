/** The native menu in the UI's language, with the desktop items (Show Logs, Check for Updates…) added to Help: menu.ts builds it in English; this translates every label and spells out role menus so their items are translated too. */
import type { MenuItemConstructorOptions } from 'electron';
import type { UiLanguage } from './strings.ts';

/** Korean for every label menu.ts and {@link withDesktopItems} use. */
export const MENU_LABELS_KO: Readonly<Record<string, string>> = {
  '&File': '파일(&F)',
  'New Project': '새 프로젝트',
  'Open Project…': '프로젝트 열기…',
  'Open Recent': '최근 프로젝트',
  'No Recent Projects': '최근 프로젝트 없음',
  'Save Project': '프로젝트 저장',
  'Save Project As…': '다른 이름으로 프로젝트 저장…',
  'Open Dataset…': '데이터셋 열기…',
  '&Edit': '편집(&E)',
  '&View': '보기(&V)',
  'RNN Studio Documentation': 'RNN Studio 문서',
  'Show Logs': '로그 보기',
  'Check for Updates…': '업데이트 확인…',
};

/** Korean labels for the roles the menu uses (Electron's own labels are English). */
const ROLE_LABELS_KO: Readonly<Record<string, string>> = {
  undo: '실행 취소',
  redo: '다시 실행',
  cut: '잘라내기',
  copy: '복사',
  paste: '붙여넣기',
  selectAll: '모두 선택',
  reload: '새로 고침',
  toggleDevTools: '개발자 도구',
  resetZoom: '실제 크기',
  zoomIn: '확대',
  zoomOut: '축소',
  togglefullscreen: '전체 화면',
  minimize: '최소화',
  zoom: '확대/축소',
  close: '창 닫기',
  quit: '종료',
  about: 'RNN Studio 정보',
  services: '서비스',
  hide: 'RNN Studio 가리기',
  hideOthers: '기타 가리기',
  unhide: '모두 보기',
  front: '모두 앞으로 가져오기',
  help: '도움말',
  windowMenu: '창',
  editMenu: '편집(&E)',
};

/** The items of the role menus, spelled out so each gets a label. */
function roleSubmenu(role: string, mac: boolean): MenuItemConstructorOptions[] | null {
  const sep = { type: 'separator' } as const;
  if (role === 'editMenu') {
    return [
      { role: 'undo' },
      { role: 'redo' },
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ];
  }
  if (role === 'windowMenu') {
    return mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }];
  }
  if (role === 'appMenu') {
    return [
      { role: 'about' },
      sep,
      { role: 'services' },
      sep,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      sep,
      { role: 'quit' },
    ];
  }
  return null;
}

function translate(item: MenuItemConstructorOptions, mac: boolean): MenuItemConstructorOptions {
  if (item.type === 'separator') return item;
  const role = item.role as string | undefined;
  const spelled = role === undefined || Array.isArray(item.submenu) ? null : roleSubmenu(role, mac);
  const submenu = spelled ?? item.submenu;
  const label =
    item.label !== undefined
      ? (MENU_LABELS_KO[item.label] ?? item.label)
      : ROLE_LABELS_KO[role ?? ''];
  const out: MenuItemConstructorOptions = { ...item };
  if (label !== undefined) out.label = label;
  if (spelled !== null) {
    // NOTE: a role menu's own items cannot be relabelled, so it becomes a plain submenu of roles
    // (the macOS app menu keeps its role so it stays first and named after the app).
    if (role !== 'appMenu') delete out.role;
  }
  if (Array.isArray(submenu)) out.submenu = submenu.map((sub) => translate(sub, mac));
  return out;
}

/** The template in `language`: English as menu.ts wrote it, or every label in Korean. */
export function localizeMenu(
  template: readonly MenuItemConstructorOptions[],
  language: UiLanguage,
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  if (language === 'en') return [...template];
  return template.map((item) => translate(item, platform === 'darwin'));
}

/** The desktop items of the Help menu. */
export interface DesktopMenuItems {
  showLogs: () => void;
  /** Check for Updates…: enabled only when updates can be installed; else the reason is shown. */
  updates: { enabled: true; check: () => void } | { enabled: false; reason: string };
}

/** Adds Show Logs and Check for Updates… to the Help menu (the item with role 'help'). */
export function withDesktopItems(
  template: readonly MenuItemConstructorOptions[],
  items: DesktopMenuItems,
): MenuItemConstructorOptions[] {
  const { updates } = items;
  const extra: MenuItemConstructorOptions[] = [
    { type: 'separator' },
    { label: 'Show Logs', click: () => items.showLogs() },
    updates.enabled
      ? { label: 'Check for Updates…', click: () => updates.check() }
      : { label: 'Check for Updates…', enabled: false, toolTip: updates.reason },
    // NOTE: tooltips show only on macOS, so the reason is also a disabled line of its own.
    ...(updates.enabled ? [] : [{ label: updates.reason, enabled: false }]),
  ];
  return template.map((item) =>
    item.role === 'help' && Array.isArray(item.submenu)
      ? { ...item, submenu: [...item.submenu, ...extra] }
      : item,
  );
}
