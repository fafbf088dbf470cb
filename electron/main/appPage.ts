/** Recognises the app's own page by URL: the only frame whose IPC requests main accepts; and which requests the page may make. */
import { APP_HOST, APP_PAGE_URL, APP_SCHEME } from './appProtocol.ts';

/**
 * Where the renderer is loaded from: the dev server in `electron-vite dev`, else the packaged
 * files served on the `app://` scheme (appProtocol.ts). The page never loads from `file:`.
 */
export type AppPageLocation = { kind: 'dev-server'; url: string } | { kind: 'app' };

/** Decides whether a frame URL is the app's page; `null`/`undefined` (a gone frame) is refused. */
export type AppPageGuard = (frameUrl: string | null | undefined) => boolean;

function parse(url: string): URL | null {
  // NOTE: URL.canParse keeps this free of a try/catch; a malformed URL is simply not our page.
  return URL.canParse(url) ? new URL(url) : null;
}

/**
 * Builds the guard for one location. A dev-server page matches on origin (any path: Vite serves
 * modules under it); the packaged page matches `app://rnn-studio/index.html` exactly, ignoring
 * hash and query. A `file:` page (any local HTML file) is never the app's page.
 * @throws TypeError when the dev-server URL is not http(s).
 */
export function createAppPageGuard(location: AppPageLocation): AppPageGuard {
  if (location.kind === 'dev-server') {
    const dev = parse(location.url);
    if (dev === null || (dev.protocol !== 'http:' && dev.protocol !== 'https:')) {
      throw new TypeError(
        `App page: dev-server url must be an http(s) URL, got '${location.url}'.`,
      );
    }
    return (frameUrl) => {
      const url = frameUrl ? parse(frameUrl) : null;
      return url !== null && url.origin === dev.origin;
    };
  }
  const expected = new URL(APP_PAGE_URL);
  return (frameUrl) => {
    const url = frameUrl ? parse(frameUrl) : null;
    return (
      url !== null &&
      url.protocol === `${APP_SCHEME}:` &&
      url.host === APP_HOST &&
      url.username === '' &&
      url.pathname === expected.pathname
    );
  };
}

/** Schemes the page may load from: its own, inline images and blobs, the developer tools. */
const LOCAL_SCHEMES = new Set([`${APP_SCHEME}:`, 'data:', 'blob:', 'devtools:']);

/**
 * Whether the session may load `url`: the app's own scheme (on its one host), `data:`, `blob:`
 * and `devtools:`; network schemes only for the dev server (and its HMR socket) in dev. The app
 * never loads remote content, nor `file:` (any file on disk).
 */
export function isAllowedRequest(url: string, devServerOrigin?: string): boolean {
  const parsed = parse(url);
  if (parsed === null) return false;
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === APP_HOST;
  if (LOCAL_SCHEMES.has(parsed.protocol)) return true;
  if (devServerOrigin === undefined) return false;
  const dev = new URL(devServerOrigin);
  const socketProtocol = dev.protocol === 'https:' ? 'wss:' : 'ws:';
  return (
    parsed.host === dev.host &&
    (parsed.protocol === dev.protocol || parsed.protocol === socketProtocol)
  );
}
