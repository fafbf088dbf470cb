/** Reads and writes project files (`*.rnnproj`, JSON) on disk; the schema is projectSchema.ts. */
import { readFile } from 'node:fs/promises';
import { type AtomicWriteOptions, writeJsonAtomic } from '../atomicFile.ts';
import { type Project, parseProject, projectSchema } from './projectSchema.ts';

/**
 * Reads and parses a project file.
 * @throws ProjectFormatError (see {@link parseProject}); the file-system error when unreadable.
 */
export async function readProject(path: string): Promise<Project> {
  return parseProject(await readFile(path, 'utf8'), path);
}

/** Writes a project atomically: readers (and a crash) see the old file or the whole new one. */
export function writeProject(
  path: string,
  project: Project,
  options: AtomicWriteOptions = {},
): Promise<void> {
  return writeJsonAtomic(path, projectSchema.parse(project), options);
}
