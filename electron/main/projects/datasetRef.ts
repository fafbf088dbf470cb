/** Datasets by reference: describe a file (size, mtime, SHA-256 of its first MiB) and check later that it is still the same file. */
import { createHash } from 'node:crypto';
import { open, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { DatasetRef, DatasetStatus } from '../../common/projectSchema.ts';
import { isInside } from '../fileGrants.ts';

/** Bytes hashed from the start of a dataset. */
export const HEAD_BYTES = 1 << 20;

async function headSha256(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    let filled = 0;
    while (filled < HEAD_BYTES) {
      const { bytesRead } = await handle.read(buffer, filled, HEAD_BYTES - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return createHash('sha256').update(buffer.subarray(0, filled)).digest('hex');
  } finally {
    await handle.close();
  }
}

/**
 * Describes a data file for a project.
 * @throws the file-system error for a missing or unreadable file.
 */
export async function describeDataset(path: string, id: string): Promise<DatasetRef> {
  const info = await stat(path);
  return {
    id,
    name: basename(path),
    path,
    size: info.size,
    mtimeMs: info.mtimeMs,
    headSha256: await headSha256(path),
  };
}

/**
 * Whether the file at `ref.path` is still the one the project referenced.
 * NOTE: size and the first MiB's hash decide; a different mtime alone does not (copying or
 * syncing a file changes it). The trainer's full fingerprint still refuses to resume a run's
 * checkpoint on other bytes.
 */
export async function checkDataset(ref: DatasetRef): Promise<DatasetStatus> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(ref.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw err;
  }
  if (!info.isFile()) return { status: 'missing' };
  if (info.size !== ref.size) {
    return {
      status: 'changed',
      detail: `its size is ${info.size} bytes, was ${ref.size}`,
    };
  }
  if ((await headSha256(ref.path)) !== ref.headSha256) {
    return { status: 'changed', detail: 'its content differs' };
  }
  return { status: 'ok' };
}

/**
 * Checks a dataset of a project the user opened. Only a file inside one of `folders` (the
 * project's own folder, the app's data folders), after resolving links, is looked at: a project
 * names whatever paths it likes, so one naming `/etc/shadow` or `~/.ssh/id_rsa` must not make main
 * read them. Others are `unconfirmed` until the user locates them.
 */
export async function checkProjectDataset(
  ref: DatasetRef,
  folders: readonly string[],
): Promise<DatasetStatus> {
  if (!isAbsolute(ref.path)) return { status: 'unconfirmed' };
  const folder = folders.find((f) => isInside(f, ref.path));
  if (folder === undefined) return { status: 'unconfirmed' };
  let real: string;
  try {
    real = await realpath(ref.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw err;
  }
  if (!isInside(await realpath(folder), real)) return { status: 'unconfirmed' };
  return checkDataset(ref);
}
