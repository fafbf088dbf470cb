/** Tests the per-platform menu template. */
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './menu.ts';

const actions = { openDataset: () => {}, openHelp: () => {} };
const labels = (t: ReturnType<typeof buildMenuTemplate>) => t.map((m) => m.role ?? m.label);

describe('buildMenuTemplate', () => {
  it('starts with the app menu on macOS and closes windows from File', () => {
    const template = buildMenuTemplate({ platform: 'darwin', isDev: false, actions });
    expect(labels(template)).toEqual([
      'appMenu',
      '&File',
      'editMenu',
      '&View',
      'windowMenu',
      'help',
    ]);
    const fileItems = template[1]!.submenu as { role?: string }[];
    expect(fileItems.at(-1)).toEqual({ role: 'close' });
  });

  it('quits from File on Windows and Linux', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const template = buildMenuTemplate({ platform, isDev: false, actions });
      expect(labels(template)[0]).toBe('&File');
      expect((template[0]!.submenu as { role?: string }[]).at(-1)).toEqual({ role: 'quit' });
    }
  });

  it('offers developer tools only in dev', () => {
    const roles = (isDev: boolean) =>
      (
        buildMenuTemplate({ platform: 'linux', isDev, actions })[2]!.submenu as { role?: string }[]
      ).map((i) => i.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('runs the open-dataset action from File › Open Dataset…', () => {
    let opened = 0;
    const template = buildMenuTemplate({
      platform: 'linux',
      isDev: false,
      actions: { ...actions, openDataset: () => opened++ },
    });
    const item = (template[0]!.submenu as { label?: string; click?: () => void }[])[0]!;
    expect(item.label).toBe('Open Dataset…');
    item.click?.();
    expect(opened).toBe(1);
  });
});
