/** Writes a PyTorch export (core/io/export) as a new folder, all at once: files go to a temporary folder beside it, which is then renamed into place. */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ExportFile } from '../../core/io/export/pytorch.ts';

/** Raised when the chosen folder already holds files. */
export class ExportTargetError extends Error {
  override readonly name = 'ExportTargetError';
}

async function isEmptyOrMissing(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/**
 * Writes `files` into the new folder `target`. A crash leaves either no folder (only a hidden
 * temporary one beside it) or the complete one.
 * @throws ExportTargetError `Export: '<target>' must be a new or empty folder, got one with files in it.`
 */
export async function writeExportFolder(
  target: string,
  files: readonly ExportFile[],
): Promise<void> {
  if (!(await isEmptyOrMissing(target))) {
    throw new ExportTargetError(
      `Export: '${target}' must be a new or empty folder, got one with files in it.`,
    );
  }
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  await mkdir(temporary);
  try {
    for (const file of files) {
      await writeFile(join(temporary, basename(file.name)), file.content);
    }
    await rmdir(target).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { recursive: true, force: true });
    throw err;
  }
}
