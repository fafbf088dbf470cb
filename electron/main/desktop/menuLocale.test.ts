/** The native menu follows the UI language: every item of every platform's menu is labelled in Korean, and Help gains Show Logs and Check for Updates…. */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, test } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../menu.ts';
import { localizeMenu, withDesktopItems } from './menuLocale.ts';

const actions = new Proxy({} as MenuActions, { get: () => () => {} });
const HANGUL = /[\uac00-\ud7a3]/;

function labels(items: readonly MenuItemConstructorOptions[]): (string | undefined)[] {
  return items.flatMap((item) =>
    item.type === 'separator'
      ? []
      : [
          // NOTE: macOS names the app menu after the app itself.
          ...(item.role === 'appMenu' ? [] : [item.label]),
          ...(Array.isArray(item.submenu) ? labels(item.submenu) : []),
        ],
  );
}

function template(platform: NodeJS.Platform) {
  return withDesktopItems(buildMenuTemplate({ platform, isDev: true, recent: [], actions }), {
    showLogs: () => {},
    updates: { enabled: true, check: () => {} },
  });
}

describe('localizeMenu', () => {
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    test(`labels every item in Korean on ${platform}`, () => {
      const all = labels(localizeMenu(template(platform), 'ko', platform));
      expect(all.length).toBeGreaterThan(15);
      expect(all.filter((label) => label === undefined || !HANGUL.test(label))).toEqual([]);
    });
  }

  test('keeps English as menu.ts wrote it, and recent project names as they are', () => {
    const english = template('linux');
    expect(localizeMenu(english, 'en', 'linux')).toEqual(english);
    const recent = buildMenuTemplate({
      platform: 'linux',
      isDev: false,
      recent: [{ name: 'Sales', path: '/p/sales.rnnproj' } as never],
      actions,
    });
    expect(labels(localizeMenu(recent, 'ko', 'linux'))).toContain('Sales — /p/sales.rnnproj');
  });

  test('keeps the roles so the items still work', () => {
    const edit = localizeMenu(template('win32'), 'ko', 'win32').find((i) => i.label === '편집(&E)');
    const roles = ((edit?.submenu ?? []) as MenuItemConstructorOptions[]).map(
      (i) => i.role ?? i.type,
    );
    expect(roles).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'selectAll']);
  });
});

describe('withDesktopItems', () => {
  const help = (t: MenuItemConstructorOptions[]) =>
    t.find((i) => i.role === 'help')?.submenu as MenuItemConstructorOptions[];

  test('adds Show Logs and an enabled Check for Updates… that run their actions', () => {
    const calls: string[] = [];
    const items = help(
      withDesktopItems(
        buildMenuTemplate({ platform: 'linux', isDev: false, recent: [], actions }),
        {
          showLogs: () => calls.push('logs'),
          updates: { enabled: true, check: () => calls.push('check') },
        },
      ),
    );
    for (const item of items) (item.click as (() => void) | undefined)?.();
    expect(items.map((i) => i.label ?? i.type)).toEqual([
      'RNN Studio Documentation',
      'separator',
      'Show Logs',
      'Check for Updates…',
    ]);
    expect(calls).toEqual(['logs', 'check']);
  });

  test('disables Check for Updates… and says why', () => {
    const items = help(
      withDesktopItems(
        buildMenuTemplate({ platform: 'linux', isDev: false, recent: [], actions }),
        {
          showLogs: () => {},
          updates: { enabled: false, reason: 'Updates need a signed, installed copy.' },
        },
      ),
    );
    expect(items.slice(-2)).toEqual([
      {
        label: 'Check for Updates…',
        enabled: false,
        toolTip: 'Updates need a signed, installed copy.',
      },
      { label: 'Updates need a signed, installed copy.', enabled: false },
    ]);
  });
});
