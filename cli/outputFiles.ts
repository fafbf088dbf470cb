/** Where the CLI writes: checks made before any work starts, so a bad --out fails at once in one line, and never outside the folder the user named. */
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../core/errors.ts';
// NOTE: from the small module, not export/pytorch.ts, which brings 170 KB of Python sources.
import { PLAIN_FILE_NAME } from '../core/io/exportFile.ts';
import { temporaryNameFor } from '../node/atomicWrite.ts';

/**
 * Creates `dir` (and parents) for the export. A file in the way, or a folder that already holds
 * files (unless `force`), is a one-line user error: nothing the user keeps there is overwritten.
 */
export async function prepareExportFolder(dir: string, force: boolean): Promise<void> {
  const existing = await stat(dir).catch((err: unknown) => {
    if ((err as { code?: unknown }).code === 'ENOENT') return null;
    throw err;
  });
  if (existing !== null && !existing.isDirectory()) {
    throw new ConfigError(`Option '--out' must be a folder, got the file '${dir}'.`);
  }
  if (existing !== null && !force) {
    const entries = await readdir(dir);
    if (entries.length > 0) {
      throw new ConfigError(
        `the folder '${dir}' is not empty (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}); choose a new or empty folder, or add --force to replace files of the same names.`,
      );
    }
  }
  await mkdir(dir, { recursive: true });
}

/**
 * The path of an export file inside `dir`: a plain name (letters, digits, '.', '_', '-'; no
 * separators, no '..') that resolves to a direct child of `dir`.
 * @throws ConfigError naming the file when it would land anywhere else.
 */
export function pathInside(dir: string, name: string): string {
  const folder = resolve(dir);
  const path = resolve(folder, name);
  if (!PLAIN_FILE_NAME.test(name) || dirname(path) !== folder || basename(path) !== name) {
    throw new ConfigError(
      `the export file name '${name}' would be written outside '${dir}'; this model file is not safe to export.`,
    );
  }
  return path;
}

const WRITE_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'the folder cannot be created there',
  ENOSPC: 'the disk is full',
};

async function statOrNull(path: string) {
  return stat(path).catch((err: unknown) => {
    if ((err as { code?: unknown }).code === 'ENOENT') return null;
    throw err;
  });
}

/**
 * Checks, before training starts, that the model can be saved at `out`: it is not a folder, its
 * checkpoint folder `<out>.ckpt` is not a file, and its folder exists (created if missing) and takes
 * a new file — probed by creating and removing a temporary file there, which also catches a
 * read-only disk that permission bits would not show.
 * @throws ConfigError in one line naming the path and what to do.
 */
export async function checkModelTarget(out: string): Promise<void> {
  if ((await statOrNull(out))?.isDirectory()) {
    throw new ConfigError(
      `Option '--out' must be the model's file name, got the folder '${out}'; add a name such as '${join(out, 'model.rnnmodel')}'.`,
    );
  }
  const checkpoints = `${out}.ckpt`;
  const existing = await statOrNull(checkpoints);
  if (existing !== null && !existing.isDirectory()) {
    throw new ConfigError(
      `the checkpoint folder '${checkpoints}' is a file; move it away or choose another --out.`,
    );
  }
  try {
    await mkdir(dirname(resolve(out)), { recursive: true });
    const probe = temporaryNameFor(resolve(out));
    await (await open(probe, 'wx', 0o600)).close();
    await rm(probe, { force: true });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !Object.hasOwn(WRITE_PROBLEMS, code)) throw err;
    throw new ConfigError(
      `cannot write the model to '${out}': ${WRITE_PROBLEMS[code]}; choose a folder you can write to with --out.`,
    );
  }
}
