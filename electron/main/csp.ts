/** The renderer's Content-Security-Policy: one definition used by main's response header and the Vite config. */
import { GALLERY } from '../../core/data/gallery/catalogue.ts';
import type { GalleryEntry } from '../../core/data/gallery/types.ts';

/** The production policy, directive by directive; the renderer's meta tag carries the same text. */
export const PRODUCTION_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** Directives browsers ignore in a `<meta>` policy; they are sent only as a response header. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** Options for {@link contentSecurityPolicy}. */
export interface CspOptions {
  /**
   * The Vite dev server's origin (e.g. `http://localhost:5173`) when running `electron-vite dev`;
   * omitted for the packaged app.
   */
  devServerOrigin?: string;
  /** The text for the renderer's `<meta http-equiv>` tag: header-only directives left out. */
  forMeta?: boolean;
}

/**
 * Splits a policy text into directive name → sorted values, for comparing two policies.
 */
export function parsePolicy(text: string): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of text.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values.sort().join(' '));
  }
  return directives;
}

/**
 * The policy text for the renderer. In dev it additionally allows what Vite's dev server needs:
 * the inline React Refresh preamble (`script-src 'unsafe-inline'`) and the HMR WebSocket.
 * @throws TypeError when `devServerOrigin` is not a parseable http(s) URL.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives = new Map(Object.entries(PRODUCTION_CSP).map(([k, v]) => [k, [...v]]));
  if (options.devServerOrigin !== undefined) {
    const origin = new URL(options.devServerOrigin);
    if (origin.protocol !== 'http:' && origin.protocol !== 'https:') {
      throw new TypeError(
        `CSP: devServerOrigin must be an http(s) URL, got '${options.devServerOrigin}'.`,
      );
    }
    const ws = `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}`;
    // NOTE: @vitejs/plugin-react injects its Fast Refresh preamble as an inline module script
    // in dev only; the production bundle has no inline script.
    directives.get('script-src')?.push("'unsafe-inline'");
    directives.get('connect-src')?.push(ws);
  }
  if (options.forMeta === true) for (const name of HEADER_ONLY) directives.delete(name);
  return [...directives].map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/**
 * The origins the gallery's files download from (sorted, each once): what web mode's
 * `connect-src` adds. The desktop app downloads in main, so its policy stays `'self'`.
 */
export function galleryOrigins(entries: readonly GalleryEntry[] = GALLERY): string[] {
  const origins = new Set<string>();
  for (const entry of entries) {
    for (const file of entry.files) if (file.url !== null) origins.add(new URL(file.url).origin);
  }
  return [...origins].sort();
}

/**
 * `policy` with `sources` added to its `connect-src` (created when absent).
 */
export function withConnectSources(policy: string, sources: readonly string[]): string {
  const directives = [...parsePolicy(policy)].map(([name, values]) => [
    name,
    values === '' ? [] : values.split(' '),
  ]) as [string, string[]][];
  const connect = directives.find(([name]) => name === 'connect-src');
  if (connect === undefined) directives.push(['connect-src', ["'self'", ...sources]]);
  else for (const s of sources) if (!connect[1].includes(s)) connect[1].push(s);
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}
