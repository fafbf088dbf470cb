/** End-to-end, web mode: when the browser's storage is really full, starting a run shows that the runs were not stored (in English and Korean), and leaving the page asks first. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadFile, setTraining, sliceFile, smallModel } from './flow.ts';
import { type E2eEnvironment, openApp, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

describe('a storage write the browser refuses', () => {
  it('shows the error in both languages and makes leaving the page ask', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    // NOTE: no stub: the origin's real localStorage is filled to its quota, so the app's own
    // write of its runs fails with the browser's QuotaExceededError.
    const filled = await page.evaluate(() => {
      let chunk = 'x'.repeat(1 << 20);
      let i = 0;
      let stored = 0;
      while (chunk.length > 0) {
        try {
          localStorage.setItem(`e2e-fill-${i++}`, chunk);
          stored += chunk.length;
        } catch {
          chunk = chunk.slice(0, Math.floor(chunk.length / 2));
        }
      }
      return stored;
    });
    expect(filled).toBeGreaterThan(1 << 20);

    const data = await sliceFile(
      join(sharedDataDir, 'uci-sentiment-sentences', 'yelp_labelled.txt'),
      80,
      'yelp.txt',
    );
    await loadFile(page, data);
    await smallModel(page, { hidden: '8', embedding: '8', modelTab: 'Model' });
    await setTraining(page, { epochs: '1', batchSize: '16' });
    await page.getByTestId('start-training').click();

    const notice = page.getByTestId('write-failed-storage');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await notice.locator('.notice__title').textContent()).toBe('Not saved');
    expect(await notice.locator('.notice__message').textContent()).toMatch(
      /^The browser refused to store your runs \(QuotaExceededError: .+\); its storage for this site may be full\. They will be lost when you leave or reload this page: export the models you need first\.$/,
    );

    await page.getByRole('button', { name: '한국어', exact: true }).click();
    expect(await notice.locator('.notice__title').textContent()).toBe('저장되지 않음');
    expect(await notice.locator('.notice__message').textContent()).toMatch(
      /^브라우저가 실행 기록을 저장하지 못했습니다\(QuotaExceededError: .+\)\. 이 사이트의 저장 공간이 가득 찼을 수 있습니다\./,
    );

    // Leaving asks: the browser shows its beforeunload dialog; dismissing it keeps the page.
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    expect(page.isClosed()).toBe(false);
    expect(await notice.isVisible()).toBe(true);

    // Once dismissed, nothing stands, and the page closes without asking.
    await page.getByRole('button', { name: '닫기' }).click();
    await notice.waitFor({ state: 'detached' });
    const closed = new Promise<void>((resolve) => page.once('close', () => resolve()));
    await page.close({ runBeforeUnload: true });
    await closed;
    expect(dialogs).toEqual(['beforeunload']);
    expect(problems).toEqual([]);
    await context.close();
  });
});
