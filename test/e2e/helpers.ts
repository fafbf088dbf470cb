/** Shared end-to-end helpers: serve the web bundle, launch Debian's Chromium, open the app and collect its errors. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { type StaticServer, startStaticServer } from '../../build/scripts/serveStatic.mjs';
import { galleryEntry } from '../../core/data/gallery/catalogue.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = join(repoRoot, 'docs', 'screenshots');
/** The project's reference datasets (tests may read them; the app must not). */
export const sharedDataDir = join(repoRoot, '..', 'shared', 'data');

/** The public URL the gallery downloads file `file` of entry `galleryId` from (what a test answers). */
export function galleryUrl(galleryId: string, file: string): string {
  const url = galleryEntry(galleryId)?.files.find((f) => f.name === file)?.url;
  if (typeof url !== 'string') {
    throw new Error(`galleryUrl: '${galleryId}/${file}' must be a gallery file with a URL.`);
  }
  return url;
}

/** A served bundle and a browser, closed together. */
export interface E2eEnvironment {
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Serves `webDir` on loopback and launches headless Chromium with no network side trips. */
export async function startE2e(webDir: string): Promise<E2eEnvironment> {
  const server = await startStaticServer({ root: webDir, host: '127.0.0.1', port: 0 });
  // NOTE: Playwright refuses `--user-data-dir` in `launch()` and gives every launch a fresh
  // temporary profile instead, which it deletes on close.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** An open app page with every console error and uncaught page error it produced. */
export interface OpenedApp {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/** Opens the app in a fresh context and collects every console error and uncaught page error. */
export async function openApp(
  env: E2eEnvironment,
  options: {
    colorScheme: 'light' | 'dark';
    locale: string;
    viewport?: { width: number; height: number };
  },
): Promise<OpenedApp> {
  const context = await env.browser.newContext({
    viewport: options.viewport ?? { width: 1200, height: 760 },
    colorScheme: options.colorScheme,
    locale: options.locale,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  page.on('worker', (worker) =>
    worker.on('console', (message) => {
      if (message.type() === 'error') problems.push(`worker console: ${message.text()}`);
    }),
  );
  await page.goto(env.server.url);
  return { context, page, problems };
}

/** Waits until the trainer answered or failed, then expects its `hello` answer in the status bar. */
export async function waitForTrainer(page: Page, texts: { ready: string; detail: string }) {
  const statusBar = page.locator('.status-bar');
  await expect
    .poll(() => statusBar.getAttribute('data-tone'), { timeout: 30_000 })
    .not.toBe('pending');
  expect(await page.getByTestId('trainer-status').textContent()).toBe(texts.ready);
  expect(await page.getByTestId('trainer-detail').textContent()).toBe(texts.detail);
}

/**
 * Screenshots the whole section once fonts have loaded: the app frame is stretched to the height
 * of its scrolling main area (at most 4,000 px) for a full-page picture, then restored.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(5, 5);
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => {
    const app = document.querySelector<HTMLElement>('.app');
    const main = document.querySelector('.app__main');
    if (app === null || main === null) return;
    const extra = main.scrollHeight - main.clientHeight;
    app.style.height = `${Math.min(4000, app.clientHeight + extra)}px`;
  });
  await page.screenshot({
    path: join(screenshotDir, name),
    animations: 'disabled',
    fullPage: true,
  });
  await page.evaluate(() =>
    document.querySelector<HTMLElement>('.app')?.style.removeProperty('height'),
  );
}

/** Drops the file at `path` on the element with `testId`, as a user dragging the file in would. */
export async function dropFileOn(
  page: Page,
  testId: string,
  path: string,
  type: string,
): Promise<void> {
  const b64 = (await readFile(path)).toString('base64');
  const name = path.split('/').pop() as string;
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name, type }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      return transfer;
    },
    { b64, name, type },
  );
  await page.getByTestId(testId).dispatchEvent('drop', { dataTransfer });
}
