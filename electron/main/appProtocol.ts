/** The packaged renderer's origin: a privileged `app://rnn-studio/` scheme whose handler serves files from out/renderer and nothing else, cross-origin isolated and under the app's CSP. */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** The scheme the packaged page loads from (instead of `file:`). */
export const APP_SCHEME = 'app';
/** The one host of the scheme; any other host is refused. */
export const APP_HOST = 'rnn-studio';
/** The page's origin, as `new URL(...).origin` gives it for the standard scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page main loads and the IPC guard accepts. */
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * What the page needs from its scheme, passed to `protocol.registerSchemesAsPrivileged` before
 * `ready`: `standard` (relative URLs, an origin, localStorage), `secure` (a secure context:
 * SharedArrayBuffer and crypto.subtle), `supportFetchAPI` (fetch of its own assets), `corsEnabled`
 * (module scripts and module workers load in CORS mode) and `codeCache`. Not `bypassCSP`,
 * `allowServiceWorkers` or `stream`: the page needs none of them.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  codeCache: true,
} as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The path segments of an app URL's path, decoded, or null when one could name something
 * outside the folder: `.`/`..` (also percent-encoded), an empty segment (`//etc`), or a segment
 * carrying `/`, `\`, `:` or NUL once decoded (`%2F`, `C:`). `/` is the page.
 */
function safeSegments(pathname: string): string[] | null {
  const raw = pathname === '/' ? ['index.html'] : pathname.slice(1).split('/');
  const segments: string[] = [];
  for (const part of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return null; // NOTE: malformed percent-encoding is simply not a file of ours.
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || /[/\\:\0]/.test(decoded)) {
      return null;
    }
    segments.push(decoded);
  }
  return segments;
}

/**
 * Maps an `app://rnn-studio/…` URL to a regular file under `root`, or null when it names
 * anything else: another scheme or host, a path that would leave `root`, a path through a symbolic
 * link (even one pointing back inside), a folder, or a missing file.
 */
export async function resolveAppFile(root: string, rawUrl: string): Promise<string | null> {
  if (!URL.canParse(rawUrl)) return null;
  const url = new URL(rawUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  const segments = safeSegments(url.pathname);
  if (segments === null) return null;
  try {
    const realRoot = await realpath(root);
    const candidate = join(realRoot, ...segments);
    // NOTE: the real path equals the joined one only when no segment is a link.
    if ((await realpath(candidate)) !== candidate) return null;
    return (await stat(candidate)).isFile() ? candidate : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Options of {@link createAppProtocolHandler}. */
export interface AppProtocolOptions {
  /** The built renderer folder (out/renderer). */
  root: string;
  /** The Content-Security-Policy header (csp.ts contentSecurityPolicy()). */
  csp: string;
}

/** Headers on every answer: the CSP, cross-origin isolation (the page's workers share memory), no sniffing. */
function headers(csp: string, contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': csp,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
  });
}

/**
 * The `protocol.handle(APP_SCHEME, …)` handler: GET and HEAD of files under `root` (see
 * {@link resolveAppFile}); 404 for everything else, 405 for other methods.
 */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const plain = 'text/plain; charset=utf-8';
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed\n', {
        status: 405,
        headers: headers(options.csp, plain),
      });
    }
    const file = await resolveAppFile(options.root, request.url);
    if (file === null) {
      return new Response('Not found\n', { status: 404, headers: headers(options.csp, plain) });
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return new Response(body, { status: 200, headers: headers(options.csp, type) });
  };
}
