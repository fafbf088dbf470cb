/** A small static file server for the web-mode bundle, cross-origin isolated (COOP/COEP), on loopback only. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, normalize, resolve, sep } from 'node:path';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers on every response: cross-origin isolation (SharedArrayBuffer needs it) and no sniffing. */
const SECURITY_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * Maps a request path to a file under `root`, or null when it would escape `root`.
 * `/` and paths ending in `/` map to `index.html`.
 */
export function resolveRequestPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(decoded.endsWith('/') ? `${decoded}index.html` : decoded);
  const absolute = resolve(root, `.${sep}${relative}`);
  const base = resolve(root);
  return absolute === base || absolute.startsWith(base + sep) ? absolute : null;
}

/**
 * Serves the files under `root` on `host:port` (port 0 picks a free one).
 * Only GET and HEAD; anything else is 405. Resolves once listening.
 * @param {{ root: string, host?: string, port?: number }} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 * @throws {Error} when the port cannot be bound.
 */
export async function startStaticServer({ root, host = '127.0.0.1', port = 0 }) {
  const server = createServer(async (req, res) => {
    const send = (status, text) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed.');
    const file = resolveRequestPath(root, req.url ?? '/');
    if (file === null) return send(400, 'Bad path.');
    const info = await stat(file).catch(() => null);
    if (info === null || !info.isFile()) return send(404, 'Not found.');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', (err) => res.destroy(err))
      .pipe(res);
  });

  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host}:${boundPort}/`,
    port: boundPort,
    close: () =>
      new Promise((resolveClose, rejectClose) => {
        server.closeAllConnections();
        server.close((err) => (err ? rejectClose(err) : resolveClose()));
      }),
  };
}
