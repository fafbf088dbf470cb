/** Reads and writes project files (`*.rnnproj`, JSON) on disk; the schema is projectSchema.ts. */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  type Project,
  ProjectFormatError,
  parseProject,
  projectSchema,
} from '../../common/projectSchema.ts';
import { type AtomicWriteOptions, writeJsonAtomic } from '../atomicFile.ts';

/** The largest project file read (256 MiB): a project holds references, specs and run histories. */
export const MAX_PROJECT_BYTES = 256 * 1024 * 1024;

/**
 * Reads and parses a project file. It is checked on the open handle to be a regular file of at
 * most {@link MAX_PROJECT_BYTES} first, so a folder, a pipe (which would block the read forever)
 * or a device named as a project is refused at once.
 * @throws ProjectFormatError `Project: '<path>' must be a regular file, got a folder, pipe or device.`,
 *   one for a file too large, or one from {@link parseProject}; the file-system error when unreadable.
 */
export async function readProject(path: string): Promise<Project> {
  // NOTE: O_NONBLOCK so opening a pipe returns at once; it is refused below.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new ProjectFormatError(
        `Project: '${path}' must be a regular file, got a folder, pipe or device.`,
      );
    }
    if (info.size > MAX_PROJECT_BYTES) {
      throw new ProjectFormatError(
        `Project: '${path}' must be at most ${MAX_PROJECT_BYTES / (1024 * 1024)} MiB, got ${(info.size / (1024 * 1024)).toFixed(1)} MiB.`,
      );
    }
    return parseProject(await handle.readFile('utf8'), path);
  } finally {
    await handle.close();
  }
}

/** Writes a project atomically: readers (and a crash) see the old file or the whole new one. */
export function writeProject(
  path: string,
  project: Project,
  options: AtomicWriteOptions = {},
): Promise<void> {
  return writeJsonAtomic(path, projectSchema.parse(project), options);
}
