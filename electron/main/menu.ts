/** The application menu per platform: macOS app menu and ⌘ shortcuts, File/Edit/View/Window/Help elsewhere. */
import type { MenuItemConstructorOptions } from 'electron';

/** What the menu's own items do; main.ts wires them to dialogs and the system browser. */
export interface MenuActions {
  openDataset: () => void;
  openHelp: () => void;
}

/** Options for {@link buildMenuTemplate}. */
export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Adds developer tools to the View menu. */
  isDev: boolean;
  actions: MenuActions;
}

/**
 * The menu template. Standard items use Electron roles, so labels, shortcuts and behaviour follow
 * each platform's conventions (⌘Q vs. Ctrl+Q, Preferences under the app menu on macOS).
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { platform, isDev, actions } = options;
  const mac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Dataset…', accelerator: 'CmdOrCtrl+O', click: () => actions.openDataset() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(isDev
        ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'RNN Studio Documentation', click: () => actions.openHelp() }],
  };
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu', label: '&Edit' },
    view,
    { role: 'windowMenu' },
    help,
  ];
}
