/** End-to-end: the first minute in English and Korean — the drop zone comes first, a file chosen by keyboard closes the picker, is confirmed and takes focus, and the page never scrolls past the app. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type E2eEnvironment,
  openApp,
  screenshot,
  screenshotDir,
  sharedDataDir,
  startE2e,
} from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

const NSMC = join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt');
const SEATTLE = join(sharedDataDir, 'seattle-weather', 'seattle-weather.csv');

/** The test id (or tag) of the focused element. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('data-testid') ?? el?.id ?? el?.tagName ?? '';
  });
}

/**
 * Presses Tab from the top of the page until "Choose a file…" has focus; returns the test ids
 * focused on the way. Fails after 40 presses.
 */
async function tabToChooseFile(page: Page): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const passed: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const id = await focused(page);
    if (id === 'choose-file') return passed;
    passed.push(id);
  }
  throw new Error(`tabToChooseFile: "Choose a file…" must take focus by Tab, got ${passed}.`);
}

/** Chooses `path` in the file dialog that Enter on the focused "Choose a file…" opens. */
async function chooseByKeyboard(page: Page, path: string): Promise<void> {
  expect(await focused(page)).toBe('choose-file');
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.keyboard.press('Enter'),
  ]);
  await chooser.setFiles(path);
}

/**
 * Scrolls the app's main area to its end with the mouse wheel (and then further), and checks that
 * the document itself never scrolls: the app fills the window and its status bar stays at the
 * bottom edge.
 */
async function expectNoScrollPastApp(page: Page): Promise<void> {
  const main = page.locator('.app__main');
  const box = await main.boundingBox();
  if (box === null) throw new Error('expectNoScrollPastApp: .app__main must be on screen.');
  // NOTE: at the main area's left edge, where no inner scrolling area (a table) takes the wheel.
  await page.mouse.move(box.x + 4, box.y + box.height / 2);
  const scrollHeight = await main.evaluate((el) => el.scrollHeight);
  for (let i = 0; i < Math.ceil(scrollHeight / 600) + 4; i++) await page.mouse.wheel(0, 600);
  await expect
    .poll(() => main.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1))
    .toBe(true);
  // Past the end: the wheel goes to the document, which must have nothing more to show.
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, 600);
  const frame = await page.evaluate(() => {
    const root = document.scrollingElement as HTMLElement;
    const status = document.querySelector('.status-bar')?.getBoundingClientRect();
    return {
      documentHeight: root.scrollHeight,
      windowHeight: window.innerHeight,
      scrollY: window.scrollY,
      statusBottom: status?.bottom ?? -1,
    };
  });
  expect(frame.scrollY).toBe(0);
  expect(frame.documentHeight).toBeLessThanOrEqual(frame.windowHeight);
  expect(Math.round(frame.statusBottom)).toBe(frame.windowHeight);
}

const cases = [
  {
    lang: 'en',
    locale: 'en-US',
    loaded: 'nsmc_sample_10k.txt is loaded',
    cancel: 'Cancel, go back to nsmc_sample_10k.txt',
  },
  {
    lang: 'ko',
    locale: 'ko-KR',
    loaded: 'nsmc_sample_10k.txt 파일을 불러왔습니다',
    cancel: '취소하고 nsmc_sample_10k.txt(으)로 돌아가기',
  },
] as const;

describe('First minute', () => {
  for (const c of cases) {
    it(`${c.lang}: the drop zone comes first; a file chosen by keyboard is confirmed, focused, and replaces the picker`, async () => {
      const { context, page, problems } = await openApp(env, {
        colorScheme: 'light',
        locale: c.locale,
      });
      // NOTE: Playwright intercepts file dialogs only once a listener is set (asynchronously); set
      // at once, it is in place before the first Enter opens one.
      page.on('filechooser', () => undefined);
      await page.getByTestId('recipe-gallery').waitFor();

      // The drop zone is above the recipes, in the first screen, and reached by Tab first.
      const drop = await page.locator('.drop-zone').boundingBox();
      const recipes = await page.getByTestId('recipe-gallery').boundingBox();
      expect(drop).not.toBeNull();
      expect(recipes).not.toBeNull();
      expect(drop?.y ?? 0).toBeLessThan(recipes?.y ?? 0);
      expect((drop?.y ?? 0) + (drop?.height ?? 0)).toBeLessThan(760);
      const passed = await tabToChooseFile(page);
      expect(passed.filter((id) => id.startsWith('recipe-'))).toEqual([]);
      await screenshot(page, `first-screen-${c.lang}.png`);
      await expectNoScrollPastApp(page);
      await page.screenshot({ path: join(screenshotDir, `first-screen-scrolled-${c.lang}.png`) });

      // Choose a file by keyboard: the picker closes, the file is confirmed and its heading focused.
      await page.locator('.app__main').evaluate((el) => {
        el.scrollTop = 0;
      });
      await tabToChooseFile(page);
      await chooseByKeyboard(page, NSMC);
      await page.getByTestId('dataset-name').waitFor();
      await expect.poll(() => focused(page)).toBe('dataset-name');
      expect(await page.getByTestId('file-loaded').textContent()).toContain(c.loaded);
      expect(await page.locator('.drop-zone').count()).toBe(0);
      expect(await page.getByTestId('recipe-gallery').count()).toBe(0);
      await page.screenshot({ path: join(screenshotDir, `first-file-loaded-${c.lang}.png`) });
      await expectNoScrollPastApp(page);
      await page.screenshot({ path: join(screenshotDir, `first-file-scrolled-${c.lang}.png`) });

      // "Use another file", then Cancel: back to the same file, focused; nothing was replaced.
      await page.locator('.app__main').evaluate((el) => {
        el.scrollTop = 0;
      });
      await page.locator('.file-summary__top button').click();
      await expect.poll(() => focused(page)).toBe('choose-file');
      expect(await page.getByTestId('replace-cancel').textContent()).toBe(c.cancel);
      await page.getByTestId('replace-cancel').press('Enter');
      await expect.poll(() => focused(page)).toBe('dataset-name');
      expect(await page.getByTestId('dataset-name').textContent()).toBe('nsmc_sample_10k.txt');
      expect(await page.locator('.drop-zone').count()).toBe(0);

      // "Use another file", then a new file by keyboard: the new file shows, not the picker.
      await page.locator('.file-summary__top button').click();
      await expect.poll(() => focused(page)).toBe('choose-file');
      await chooseByKeyboard(page, SEATTLE);
      await expect
        .poll(() => page.getByTestId('dataset-name').textContent())
        .toBe('seattle-weather.csv');
      await expect.poll(() => focused(page)).toBe('dataset-name');
      expect(await page.locator('.drop-zone').count()).toBe(0);
      expect(await page.getByTestId('replace-cancel').count()).toBe(0);

      // A recipe card chosen from "Use another file" closes the picker too.
      await page.locator('.file-summary__top button').click();
      await page.getByTestId('recipe-nsmc-sentiment').click();
      await page.getByTestId('recipe-loaded').waitFor();
      await expect.poll(() => focused(page)).toBe('dataset-name');
      expect(await page.locator('.drop-zone').count()).toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
