/** The web build's test-only entry: mode 'e2e' loads the hooks before the app; any other mode leaves the page as written; a page that no longer loads the app as expected stops the build. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexHtmlTransformContext, IndexHtmlTransformHook } from 'vite';
import { describe, expect, it } from 'vitest';
import { E2E_MODE, e2eHooksPlugin } from './e2eHooksPlugin.ts';

const page = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');

function transform(mode: string, html: string): string {
  const hook = e2eHooksPlugin(mode).transformIndexHtml as { handler: IndexHtmlTransformHook };
  return hook.handler.call({} as never, html, {
    path: '/index.html',
    filename: 'index.html',
  } as IndexHtmlTransformContext) as string;
}

describe('e2eHooksPlugin', () => {
  it('puts the hooks script right before the app script in the e2e build of the real page', () => {
    const html = transform(E2E_MODE, page);
    const hooks = html.indexOf('<script type="module" src="./app/testHooks.ts"></script>');
    const app = html.indexOf('<script type="module" src="./main.tsx"></script>');
    expect(hooks).toBeGreaterThan(0);
    expect(hooks).toBeLessThan(app);
  });

  it('leaves the page unchanged in a production build', () => {
    expect(transform('production', page)).toBe(page);
  });

  it('stops an e2e build whose page no longer loads ./main.tsx', () => {
    expect(() => transform(E2E_MODE, '<body><script src="./app.js"></script></body>')).toThrow(
      'e2e hooks: index.html must load the app with',
    );
  });
});
