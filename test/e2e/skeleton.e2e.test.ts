/** End-to-end: the web-mode build in Chromium reaches the trainer's Web Worker, speaks Korean and English, and is keyboard navigable. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CORE_VERSION } from '../../core/version.ts';
import type { StudioApi } from '../../electron/common/ipc/api.ts';
import { galleryOrigins, withConnectSources } from '../../electron/main/csp.ts';
import {
  type E2eEnvironment,
  openApp as openAppIn,
  screenshotDir,
  startE2e,
  waitForTrainer,
} from './helpers.ts';

/**
 * The web build's Content-Security-Policy: the renderer's own (index.html, equal to Electron's)
 * with the dataset gallery's hosts added to connect-src, so recipes can download their data.
 */
const CSP = withConnectSources(
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; " +
    "base-uri 'none'; form-action 'none'",
  galleryOrigins(),
);

const SECTIONS_EN = ['Data', 'Model', 'Train', 'Evaluate', 'Try'];
const SECTIONS_KO = ['데이터', '모델', '학습', '평가', '체험'];

let env: E2eEnvironment;
let server: E2eEnvironment['server'];

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
  server = env.server;
});

afterAll(async () => {
  await env?.close();
});

/** Opens the app in a fresh context and collects every console error and uncaught page error. */
function openApp(options: { colorScheme: 'light' | 'dark'; locale: string }) {
  return openAppIn(env, options);
}

/** How many faces of the bundled font have loaded, once the page's fonts have settled. */
async function bundledFontFacesLoaded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.family === 'Noto Sans KR' && f.status === 'loaded')
      .length;
  });
}

async function tabNames(page: Page): Promise<string[]> {
  return page.getByRole('tab').allTextContents();
}

describe('web mode in Chromium', () => {
  it('serves the bundle cross-origin isolated and refuses paths outside it', async () => {
    const index = await fetch(server.url);
    expect(index.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(index.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const outside = await fetch(`${server.url}%2e%2e/%2e%2e/etc/passwd`);
    expect(outside.status).toBe(404);
  });

  it('reaches the trainer, switches to Korean and back, and navigates by keyboard', async () => {
    const { context, page, problems } = await openApp({ colorScheme: 'light', locale: 'en-US' });

    await waitForTrainer(page, {
      ready: 'Trainer ready',
      detail: `core ${CORE_VERSION} · Web Worker`,
    });
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
    // The trainer's Web Worker, and the wasm kernels' helper thread it starts (a nested worker).
    await expect
      .poll(() =>
        page
          .workers()
          .map((worker) => new URL(worker.url()).pathname)
          .sort(),
      )
      .toEqual([
        expect.stringMatching(/\/assets\/kernelHelperWorker-[\w-]+\.js$/),
        expect.stringMatching(/\/assets\/trainerWorker-[\w-]+\.js$/),
      ]);
    expect(await tabNames(page)).toEqual(SECTIONS_EN.map((name, i) => `${i + 1}${name}`));
    expect(await bundledFontFacesLoaded(page)).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, 'skeleton-en.png'), animations: 'disabled' });

    await page.getByRole('button', { name: '한국어', exact: true }).click();
    await expect
      .poll(() => tabNames(page))
      .toEqual(SECTIONS_KO.map((name, i) => `${i + 1}${name}`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('데이터');
    expect(await page.getByTestId('trainer-status').textContent()).toBe('트레이너 준비 완료');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    await page.evaluate(() => document.fonts.ready);
    // Every bundled face that covers the Korean section names has loaded: Hangul is not drawn
    // with a fallback font (or as empty boxes).
    expect(
      await page.evaluate(() => document.fonts.check('600 24px "Noto Sans KR"', '데이터')),
    ).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'skeleton-ko.png'), animations: 'disabled' });

    // The choice is remembered across a reload.
    await page.reload();
    await waitForTrainer(page, {
      ready: '트레이너 준비 완료',
      detail: `코어 ${CORE_VERSION} · 웹 워커`,
    });
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expect
      .poll(() => tabNames(page))
      .toEqual(SECTIONS_EN.map((name, i) => `${i + 1}${name}`));

    // Keyboard: the selected tab takes focus; arrows, End and Home move the selection.
    await page.getByRole('tab', { name: 'Data' }).focus();
    for (const name of SECTIONS_EN.slice(1)) {
      await page.keyboard.press('ArrowDown');
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      expect(focused).toBe(`${SECTIONS_EN.indexOf(name) + 1}${name}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
      expect(await page.getByRole('tab', { selected: true }).textContent()).toContain(name);
    }
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Data');
    await page.keyboard.press('End');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Try');
    await page.keyboard.press('Home');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Data');
    // Tab leaves the tab list (one stop), passes the language switch, then reaches the panel.
    const focusOrder: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      focusOrder.push(
        await page.evaluate(() => {
          const el = document.activeElement;
          return el?.getAttribute('role') ?? el?.getAttribute('aria-label') ?? '';
        }),
      );
    }
    expect(focusOrder).toEqual(['English', '한국어', 'tabpanel']);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('trains on two threads: the trainer worker starts the wasm kernels helper as a nested worker', async () => {
    const { context, page, problems } = await openApp({ colorScheme: 'light', locale: 'en-US' });
    await waitForTrainer(page, {
      ready: 'Trainer ready',
      detail: `core ${CORE_VERSION} · Web Worker`,
    });
    // The helper reports ready once the nested worker has instantiated the shared-memory kernels.
    await expect
      .poll(
        () =>
          page.evaluate(
            async () => (await (window as unknown as { studio: StudioApi }).studio.hello()).kernels,
          ),
        {
          timeout: 15_000,
        },
      )
      .toEqual({ backend: 'wasm', threads: 2 });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('runs under the Content-Security-Policy, which refuses inline scripts', async () => {
    const { context, page, problems } = await openApp({ colorScheme: 'light', locale: 'en-US' });
    await waitForTrainer(page, {
      ready: 'Trainer ready',
      detail: `core ${CORE_VERSION} · Web Worker`,
    });
    const meta = page.locator('meta[http-equiv="Content-Security-Policy"]');
    expect(await meta.getAttribute('content')).toBe(CSP);
    expect(problems).toEqual([]);

    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineScriptRan = true;';
      document.head.append(script);
    });
    expect(await page.evaluate(() => 'inlineScriptRan' in window)).toBe(false);
    await expect.poll(() => problems.join('\n')).toContain('Content Security Policy');
    await context.close();
  });

  it('renders the dark theme when the OS prefers dark', async () => {
    const { context, page, problems } = await openApp({ colorScheme: 'dark', locale: 'ko-KR' });
    await waitForTrainer(page, {
      ready: '트레이너 준비 완료',
      detail: `코어 ${CORE_VERSION} · 웹 워커`,
    });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(14, 16, 20)');
    await page.getByRole('tab', { name: '학습' }).click();
    await page.mouse.move(600, 700);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({
      path: join(screenshotDir, 'skeleton-ko-dark.png'),
      animations: 'disabled',
    });
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('tab', { name: 'Model' }).click();
    await page.mouse.move(600, 700);
    await page.screenshot({
      path: join(screenshotDir, 'skeleton-en-dark.png'),
      animations: 'disabled',
    });

    // A narrow window keeps every control inside its box: icons-only navigation, short labels.
    await page.setViewportSize({ width: 640, height: 600 });
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll('nav *, .status-bar, .app__main')]
        .filter(
          (el) =>
            el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'hidden',
        )
        .map((el) => el.className),
    );
    expect(overflowing).toEqual([]);
    expect(await page.getByRole('tab', { name: 'Model' }).isVisible()).toBe(true);
    await page.screenshot({
      path: join(screenshotDir, 'skeleton-narrow-dark.png'),
      animations: 'disabled',
    });
    expect(problems).toEqual([]);
    await context.close();
  });
});
