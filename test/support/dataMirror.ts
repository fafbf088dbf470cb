/** Test helper: a local HTTP server that mirrors ../shared/data as a gallery host, for download tests without the network. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/** The shared real datasets (../shared/data beside the repository). */
export const sharedDataDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

/** A running mirror: its base URL, the paths asked for so far, and how to stop it. */
export interface DataMirror {
  base: string;
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `<base>/<path>` from ../shared/data in several chunks, and `<base>/corrupt/<path>` with
 * one byte changed (a checksum failure). Paths leaving the folder, missing files and those
 * `hidden` refuses answer 404.
 */
export async function startDataMirror(
  options: { hidden?: (path: string) => boolean } = {},
): Promise<DataMirror> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '/');
    requests.push(url);
    const corrupt = url.startsWith('/corrupt/');
    const rel = normalize(corrupt ? url.slice('/corrupt'.length) : url);
    if (rel.includes('..') || options.hidden?.(rel) === true) {
      res.writeHead(404, 'Not Found').end();
      return;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(sharedDataDir, rel));
    } catch (err) {
      res.writeHead(404, 'Not Found').end(String((err as Error).message));
      return;
    }
    if (corrupt) bytes[10] = (bytes[10] as number) ^ 1;
    res.writeHead(200, {
      'content-length': String(bytes.length),
      'content-type': 'application/octet-stream',
    });
    // Several writes so the client sees several chunks.
    for (let i = 0; i < bytes.length; i += 65536) res.write(bytes.subarray(i, i + 65536));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
