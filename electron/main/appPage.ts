/** Recognises the app's own page by URL: the only frame whose IPC requests main accepts. */
import { pathToFileURL } from 'node:url';

/** Where the renderer is loaded from: the dev server in `electron-vite dev`, else the packaged file. */
export type AppPageLocation =
  | { kind: 'dev-server'; url: string }
  | { kind: 'file'; indexHtmlPath: string };

/** Decides whether a frame URL is the app's page; `null`/`undefined` (a gone frame) is refused. */
export type AppPageGuard = (frameUrl: string | null | undefined) => boolean;

function parse(url: string): URL | null {
  // NOTE: URL.canParse keeps this free of a try/catch; a malformed URL is simply not our page.
  return URL.canParse(url) ? new URL(url) : null;
}

/**
 * Builds the guard for one location. A dev-server page matches on origin (any path: Vite serves
 * modules under it); the packaged page matches its `file:` URL's exact path, ignoring hash/query.
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
  const expected = pathToFileURL(location.indexHtmlPath);
  return (frameUrl) => {
    const url = frameUrl ? parse(frameUrl) : null;
    return (
      url !== null &&
      url.protocol === 'file:' &&
      url.host === expected.host &&
      url.pathname === expected.pathname
    );
  };
}

/**
 * Parses a link the renderer wants opened in the system browser; only `https:` URLs pass.
 * @throws Error `Open link: url must be an https: URL, got '<url>'.`
 */
export function parseExternalUrl(raw: string): URL {
  const url = parse(raw);
  if (url === null || url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    throw new Error(`Open link: url must be an https: URL, got '${raw}'.`);
  }
  return url;
}

const LOCAL_SCHEMES = new Set(['file:', 'data:', 'blob:', 'devtools:']);

/**
 * Whether the session may load `url`: local schemes always; network schemes only for the dev
 * server (and its HMR socket) in dev. The app never loads remote content.
 */
export function isAllowedRequest(url: string, devServerOrigin?: string): boolean {
  const parsed = parse(url);
  if (parsed === null) return false;
  if (LOCAL_SCHEMES.has(parsed.protocol)) return true;
  if (devServerOrigin === undefined) return false;
  const dev = new URL(devServerOrigin);
  const socketProtocol = dev.protocol === 'https:' ? 'wss:' : 'ws:';
  return (
    parsed.host === dev.host &&
    (parsed.protocol === dev.protocol || parsed.protocol === socketProtocol)
  );
}
