/** Tests the per-platform menu template: order, shortcuts and actions of the File menu. */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions } from './menu.ts';

const noop = (): void => {};
const actions: MenuActions = {
  newProject: noop,
  openProject: noop,
  openRecentProject: noop,
  saveProject: noop,
  saveProjectAs: noop,
  openDataset: noop,
  openHelp: noop,
};
const labels = (t: ReturnType<typeof buildMenuTemplate>) => t.map((m) => m.role ?? m.label);
const fileMenu = (
  platform: NodeJS.Platform,
  recent: Parameters<typeof buildMenuTemplate>[0]['recent'] = [],
) => {
  const template = buildMenuTemplate({ platform, isDev: false, recent, actions });
  const file = template.find((m) => m.label === '&File');
  return file!.submenu as MenuItemConstructorOptions[];
};
const summary = (items: MenuItemConstructorOptions[]) =>
  items.map(
    (i) => i.role ?? (i.type === 'separator' ? '---' : `${i.label} ${i.accelerator ?? ''}`.trim()),
  );

describe('buildMenuTemplate', () => {
  it('starts with the app menu on macOS and closes windows from File', () => {
    const template = buildMenuTemplate({ platform: 'darwin', isDev: false, recent: [], actions });
    expect(labels(template)).toEqual([
      'appMenu',
      '&File',
      'editMenu',
      '&View',
      'windowMenu',
      'help',
    ]);
    expect(fileMenu('darwin').at(-1)).toEqual({ role: 'close' });
  });

  it('quits from File on Windows and Linux', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const template = buildMenuTemplate({ platform, isDev: false, recent: [], actions });
      expect(labels(template)[0]).toBe('&File');
      expect(fileMenu(platform).at(-1)).toEqual({ role: 'quit' });
    }
  });

  it('lists the File menu items in order with ⌘ shortcuts on macOS', () => {
    expect(summary(fileMenu('darwin'))).toEqual([
      'New Project Cmd+N',
      'Open Project… Cmd+O',
      'Open Recent',
      '---',
      'Save Project Cmd+S',
      'Save Project As… Cmd+Shift+S',
      '---',
      'Open Dataset… Cmd+Shift+O',
      '---',
      'close',
    ]);
  });

  it('lists the File menu items in order with Ctrl shortcuts on Windows and Linux', () => {
    for (const platform of ['win32', 'linux'] as const) {
      expect(summary(fileMenu(platform))).toEqual([
        'New Project Ctrl+N',
        'Open Project… Ctrl+O',
        'Open Recent',
        '---',
        'Save Project Ctrl+S',
        'Save Project As… Ctrl+Shift+S',
        '---',
        'Open Dataset… Ctrl+Shift+O',
        '---',
        'quit',
      ]);
    }
  });

  it('gives no two File items the same shortcut', () => {
    const accelerators = fileMenu('linux').flatMap((i) => (i.accelerator ? [i.accelerator] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('offers developer tools only in dev', () => {
    const roles = (isDev: boolean) =>
      (
        buildMenuTemplate({ platform: 'linux', isDev, recent: [], actions })[2]!
          .submenu as MenuItemConstructorOptions[]
      ).map((i) => i.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('runs each File action from its item', () => {
    const calls: string[] = [];
    const template = buildMenuTemplate({
      platform: 'linux',
      isDev: false,
      recent: [],
      actions: {
        newProject: () => calls.push('new'),
        openProject: () => calls.push('open'),
        openRecentProject: (path) => calls.push(`recent ${path}`),
        saveProject: () => calls.push('save'),
        saveProjectAs: () => calls.push('save-as'),
        openDataset: () => calls.push('dataset'),
        openHelp: () => calls.push('help'),
      },
    });
    const items = template[0]!.submenu as MenuItemConstructorOptions[];
    for (const item of items) item.click?.(undefined as never, undefined, undefined as never);
    expect(calls).toEqual(['new', 'open', 'save', 'save-as', 'dataset']);
  });

  it('lists recent projects newest first under Open Recent, each opening its path', () => {
    const opened: string[] = [];
    const template = buildMenuTemplate({
      platform: 'win32',
      isDev: false,
      recent: [
        { path: 'C:\\work\\R&D.rnnproj', name: 'R&D', openedAt: '2026-01-02T00:00:00.000Z' },
        { path: 'C:\\work\\Churn.rnnproj', name: 'Churn', openedAt: '2026-01-01T00:00:00.000Z' },
      ],
      actions: { ...actions, openRecentProject: (path) => opened.push(path) },
    });
    const recent = (template[0]!.submenu as MenuItemConstructorOptions[])[2]!;
    const entries = recent.submenu as MenuItemConstructorOptions[];
    expect(entries.map((e) => e.label)).toEqual([
      'R&&D — C:\\work\\R&&D.rnnproj',
      'Churn — C:\\work\\Churn.rnnproj',
    ]);
    for (const entry of entries) entry.click?.(undefined as never, undefined, undefined as never);
    expect(opened).toEqual(['C:\\work\\R&D.rnnproj', 'C:\\work\\Churn.rnnproj']);
  });

  it('shows a disabled placeholder when there are no recent projects', () => {
    const recent = fileMenu('darwin')[2]!;
    expect(recent.submenu).toEqual([{ label: 'No Recent Projects', enabled: false }]);
  });
});
