/** The web build's test-only entry: in mode 'e2e' (the end-to-end suite's build) the page also loads renderer/app/testHooks.ts, before the app; every other build leaves it out. */
import type { Plugin } from 'vite';

/** The Vite mode the end-to-end suite builds the web edition in (`npm run web` builds 'production'). */
export const E2E_MODE = 'e2e';

const APP_ENTRY = /<script type="module" src="\.\/main\.tsx"><\/script>/;
const HOOKS_ENTRY = '<script type="module" src="./app/testHooks.ts"></script>';

/**
 * Adds the test hooks' script before the app's in index.html when `mode` is {@link E2E_MODE};
 * Vite bundles the two scripts into one entry in that order, so the hooks are in place before the
 * app's first line runs. In any other mode the plugin does nothing.
 * @throws Error (a build error) when index.html no longer loads ./main.tsx as written here.
 */
export function e2eHooksPlugin(mode: string): Plugin {
  return {
    name: 'rnn-studio:e2e-hooks',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (mode !== E2E_MODE) return html;
        if (!APP_ENTRY.test(html)) {
          throw new Error(
            `e2e hooks: index.html must load the app with ${APP_ENTRY.source}, got none.`,
          );
        }
        return html.replace(APP_ENTRY, (entry) => `${HOOKS_ENTRY}\n    ${entry}`);
      },
    },
  };
}
