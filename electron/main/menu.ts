/** The application menu per platform: macOS app menu and ⌘ shortcuts, File (projects, datasets)/Edit/View/Window/Help elsewhere. */
import type { MenuItemConstructorOptions } from 'electron';
import type { RecentProject } from '../common/projectSchema.ts';

/** What the menu's own items do; wiring/appMenu.ts wires them to the renderer, ProjectSession, dialogs and the system browser. */
export interface MenuActions {
  newProject: () => void;
  openProject: () => void;
  /** Opens a project from the recent list (its path is on that list). */
  openRecentProject: (path: string) => void;
  saveProject: () => void;
  saveProjectAs: () => void;
  openDataset: () => void;
  openHelp: () => void;
}

/** Options for {@link buildMenuTemplate}. */
export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Adds developer tools to the View menu. */
  isDev: boolean;
  /** The recent projects, newest first (File › Open Recent). */
  recent: readonly RecentProject[];
  actions: MenuActions;
}

/**
 * The menu template. Standard items use Electron roles, so labels, shortcuts and behaviour follow
 * each platform's conventions (⌘Q vs. Ctrl+Q, Preferences under the app menu on macOS). The File
 * menu's own shortcuts are spelled per platform (Cmd+… on macOS, Ctrl+… elsewhere).
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { platform, isDev, recent, actions } = options;
  const mac = platform === 'darwin';
  const mod = mac ? 'Cmd' : 'Ctrl';
  const openRecent: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'No Recent Projects', enabled: false }]
      : recent.map((entry) => ({
          // NOTE: '&' would mark a mnemonic on Windows and Linux; doubled, it shows as itself.
          label: `${entry.name.replaceAll('&', '&&')} — ${entry.path.replaceAll('&', '&&')}`,
          click: () => actions.openRecentProject(entry.path),
        }));
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Project', accelerator: `${mod}+N`, click: () => actions.newProject() },
      { label: 'Open Project…', accelerator: `${mod}+O`, click: () => actions.openProject() },
      { label: 'Open Recent', submenu: openRecent },
      { type: 'separator' },
      { label: 'Save Project', accelerator: `${mod}+S`, click: () => actions.saveProject() },
      {
        label: 'Save Project As…',
        accelerator: `${mod}+Shift+S`,
        click: () => actions.saveProjectAs(),
      },
      { type: 'separator' },
      {
        label: 'Open Dataset…',
        accelerator: `${mod}+Shift+O`,
        click: () => actions.openDataset(),
      },
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
