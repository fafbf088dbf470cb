/** Types of serveStatic.mjs, for the TypeScript end-to-end tests that start the server. */

/** Maps a request path to a file under `root`, or null when it would escape `root`. */
export function resolveRequestPath(root: string, urlPath: string): string | null;

/** A running static server. */
export interface StaticServer {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  port: number;
  /** Closes open connections and stops listening. */
  close(): Promise<void>;
}

/** Serves the files under `root` with COOP/COEP headers; port 0 picks a free port. */
export function startStaticServer(options: {
  root: string;
  host?: string;
  port?: number;
}): Promise<StaticServer>;
