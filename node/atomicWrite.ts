/** Atomic file writes for every Node host (the desktop's main process and the CLI): a temporary file beside the target, flushed, renamed over it, and the folder flushed. */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file operations an atomic write needs; tests swap in one that fails half-way. */
export interface AtomicWriteFs {
  /** Writes `data` to a new file at `path` (never an existing one, never through a link) and flushes it to disk before resolving. */
  writeAndFlush(path: string, data: Uint8Array): Promise<void>;
  /** Replaces `to` with `from` in one step. */
  rename(from: string, to: string): Promise<void>;
  /** Flushes a folder's entries (the rename) to disk. */
  syncFolder(path: string): Promise<void>;
  /** Removes a file if it exists. */
  remove(path: string): Promise<void>;
}

// NOTE: O_EXCL ('wx') refuses an existing file at the temporary name, and with O_CREAT it does not
// follow a symlink planted there either; O_NOFOLLOW says so explicitly where the platform has it.
const CREATE_NEW =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** The real file system. */
export const nodeAtomicWriteFs: AtomicWriteFs = {
  async writeAndFlush(path, data) {
    const handle = await open(path, CREATE_NEW, 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
  async syncFolder(path) {
    // NOTE: Windows cannot open a folder for flushing; NTFS journals the rename itself.
    if (process.platform === 'win32') return;
    const handle = await open(path, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  remove: (path) => rm(path, { force: true }),
};

/** Options for {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File operations; the real file system unless a test injects a failing one. */
  fs?: AtomicWriteFs;
}

/** The temporary name beside `target`: `.<name>.<12 random hex digits>.tmp` (unguessable, so nobody can plant a file there first). */
export function temporaryNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `data` to `target` so that readers see either the old file or the complete new one, even
 * after a crash or power loss: the bytes go to a new temporary file beside it (random name, created
 * exclusively, never through a symlink), are flushed, renamed over the target (a symlink at the
 * target is replaced, not followed), and the folder is flushed. A failure at any point removes the
 * temporary file and leaves `target` untouched.
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
  const temporary = temporaryNameFor(target);
  try {
    await fs.writeAndFlush(temporary, bytes);
    await fs.rename(temporary, target);
  } catch (err) {
    await fs.remove(temporary);
    throw err;
  }
  await fs.syncFolder(dirname(target));
}

/** The temporary names {@link writeFileAtomic} writes beside a target. */
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
