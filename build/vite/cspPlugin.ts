/** A Vite plugin keeping the renderer's meta CSP in step with csp.ts: relaxed for the dev server, verified in builds. */
import type { Plugin } from 'vite';
import {
  contentSecurityPolicy,
  galleryOrigins,
  parsePolicy,
  withConnectSources,
} from '../../electron/main/csp.ts';

const META_CSP = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;

/**
 * The meta tag carries the production policy. In dev the page also needs Vite's inline
 * React Refresh preamble and HMR socket, so the served HTML gets the dev policy; a build fails
 * when the meta tag and csp.ts disagree, so the header and the meta tag never drift apart.
 * @throws Error (a build error) naming the differing directives.
 */
export function rendererCspPlugin(): Plugin {
  return {
    name: 'rnn-studio:renderer-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        const match = META_CSP.exec(html);
        if (match === null) {
          throw new Error(
            'Renderer CSP: index.html must carry <meta http-equiv="Content-Security-Policy" content="…">, got none.',
          );
        }
        const server = context.server;
        if (server !== undefined) {
          const local =
            server.resolvedUrls?.local[0] ?? `http://localhost:${server.config.server.port}`;
          const policy = contentSecurityPolicy({
            devServerOrigin: new URL(local).origin,
            forMeta: true,
          });
          return html.replace(META_CSP, `$1${policy}$3`);
        }
        const expected = parsePolicy(contentSecurityPolicy({ forMeta: true }));
        const actual = parsePolicy(match[2] ?? '');
        const names = new Set([...expected.keys(), ...actual.keys()]);
        const differing = [...names].filter((n) => expected.get(n) !== actual.get(n));
        if (differing.length > 0) {
          throw new Error(
            `Renderer CSP: index.html's policy must match electron/main/csp.ts, got different ${differing.map((d) => `'${d}'`).join(', ')}.`,
          );
        }
        return html;
      },
    },
  };
}

/**
 * Web mode's build of index.html: the browser downloads gallery files itself, so its
 * `connect-src` also allows the gallery's origins (derived from the catalogue's URLs). Only the
 * web bundle gets this; the Electron build keeps csp.ts's policy (checked by
 * {@link rendererCspPlugin}).
 * @throws Error (a build error) when index.html has no CSP meta tag.
 */
export function webCspPlugin(origins: readonly string[] = galleryOrigins()): Plugin {
  return {
    name: 'rnn-studio:web-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const match = META_CSP.exec(html);
        if (match === null) {
          throw new Error(
            'Web CSP: index.html must carry <meta http-equiv="Content-Security-Policy" content="…">, got none.',
          );
        }
        return html.replace(META_CSP, `$1${withConnectSources(match[2] ?? '', origins)}$3`);
      },
    },
  };
}
