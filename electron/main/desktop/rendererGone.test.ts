/** A dead renderer: the project is saved before the user is asked, then the window reloads or the app quits. */
import { expect, test } from 'vitest';
import { handleRendererGone, type RendererGoneDeps } from './rendererGone.ts';
import { DESKTOP_STRINGS } from './strings.ts';

function deps(choice: number, saveFails = false) {
  const events: string[] = [];
  const d: RendererGoneDeps = {
    saveProject: async () => {
      events.push('save');
      if (saveFails) throw new Error('disk full');
    },
    ask: async (box) => {
      events.push(`ask ${box.message} [${box.buttons.join('|')}]`);
      return choice;
    },
    reload: () => events.push('reload'),
    quit: () => events.push('quit'),
    strings: () => DESKTOP_STRINGS.ko,
    log: (line) => events.push(`log ${line}`),
  };
  return { d, events };
}

test('saves the project, then reloads the window when the user picks Reload', async () => {
  const { d, events } = deps(0);
  expect(await handleRendererGone({ reason: 'crashed', exitCode: 139 }, d)).toBe('reload');
  expect(events.filter((e) => !e.startsWith('log'))).toEqual([
    'save',
    'ask 창이 예기치 않게 멈췄습니다 (crashed). [다시 불러오기|종료]',
    'reload',
  ]);
});

test('quits when the user picks Quit, and still asks when saving failed', async () => {
  const { d, events } = deps(1, true);
  expect(await handleRendererGone({ reason: 'oom', exitCode: 1 }, d)).toBe('quit');
  expect(events).toContain(
    'log Window: saving the project after the renderer died failed: disk full',
  );
  expect(events.at(-1)).toBe('quit');
});

test('ignores a clean exit', async () => {
  const { d, events } = deps(0);
  expect(await handleRendererGone({ reason: 'clean-exit', exitCode: 0 }, d)).toBe('ignored');
  expect(events).toEqual([]);
});
