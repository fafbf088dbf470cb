/** Atomic file writes (temporary file, flush, rename) and schema-checked JSON reads under userData. */
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';

/** The file operations an atomic write needs; tests swap in one that fails half-way. */
export interface AtomicWriteFs {
  /** Writes `data` to a new file at `path` and flushes it to disk before resolving. */
  writeAndFlush(path: string, data: Uint8Array): Promise<void>;
  /** Replaces `to` with `from` in one step. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file if it exists. */
  remove(path: string): Promise<void>;
}

/** The real file system. */
export const nodeAtomicWriteFs: AtomicWriteFs = {
  async writeAndFlush(path, data) {
    // NOTE: 'wx' refuses to follow or reuse an existing file at the temporary name.
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { force: true }),
};

/** Options for {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File operations; the real file system unless a test injects a failing one. */
  fs?: AtomicWriteFs;
}

/**
 * Writes `data` to `target` so that readers see either the old file or the complete new one:
 * the bytes go to a temporary file beside it, are flushed, then renamed over the target.
 * A failure at any point removes the temporary file and leaves `target` untouched.
 * @throws the underlying file-system error (after cleaning up).
 */
export async function writeFileAtomic(
  target: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeAtomicWriteFs;
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  // NOTE: same folder as the target, so the rename never crosses file systems.
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await fs.writeAndFlush(temporary, bytes);
    await fs.rename(temporary, target);
  } catch (err) {
    await fs.remove(temporary);
    throw err;
  }
}

/** The temporary names {@link writeFileAtomic} writes beside a target: `.<name>.<12 hex digits>.tmp`. */
const TEMPORARY_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temporary files that atomic writes interrupted by a crash or power loss left in
 * `dir` (and its subfolders down to `depth`), if older than `olderThanMs` — a younger one may
 * belong to a write in progress. Returns the removed paths. A missing `dir` removes nothing.
 * @throws the underlying file-system error for anything but a missing folder.
 */
export async function removeStaleTemporaries(
  dir: string,
  options: { olderThanMs: number; depth?: number; now?: number },
): Promise<string[]> {
  const now = options.now ?? Date.now();
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && (options.depth ?? 0) > 0) {
      removed.push(
        ...(await removeStaleTemporaries(path, {
          ...options,
          now,
          depth: (options.depth ?? 0) - 1,
        })),
      );
    } else if (entry.isFile() && TEMPORARY_NAME.test(entry.name)) {
      if (now - (await stat(path)).mtimeMs >= options.olderThanMs) {
        await rm(path, { force: true });
        removed.push(path);
      }
    }
  }
  return removed;
}

/** Writes `value` as pretty JSON, atomically. */
export function writeJsonAtomic(
  target: string,
  value: unknown,
  options: AtomicWriteOptions = {},
): Promise<void> {
  return writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`, options);
}

/** The outcome of {@link readJsonFile}: a value, or why there is none. */
export type JsonReadResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'missing' | 'invalid'; message: string };

/**
 * Reads and validates a JSON file. A missing, unparsable or schema-violating file is reported,
 * not thrown, because callers (window state, recent list) fall back to defaults.
 * @throws the underlying error for anything but a missing file (e.g. permission denied).
 */
export async function readJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
): Promise<JsonReadResult<z.infer<S>>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ok: false, reason: 'missing', message: `'${path}' does not exist.` };
    }
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'invalid', message: `'${path}': ${(err as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return { ok: false, reason: 'invalid', message: `'${path}': ${issues.join('; ')}` };
  }
  return { ok: true, value: parsed.data };
}
