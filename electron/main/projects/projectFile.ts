/** The project file (`*.rnnproj`, JSON): datasets by reference, run specs and runs; schema, versioned parse, atomic write. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { runSpecSchema } from '../../../core/tasks/spec.ts';
import { type AtomicWriteOptions, writeJsonAtomic } from '../atomicFile.ts';
import { runRecordSchema } from '../runs/runRecord.ts';

/** The project format this version writes, and the newest it opens. */
export const PROJECT_FORMAT = 1;

/** The file extension of projects (registered as a file association). */
export const PROJECT_EXTENSION = '.rnnproj';

/** A data file the project uses, by reference: the file stays where the user keeps it. */
export const datasetRefSchema = z
  .object({
    id: z.string().min(1).max(100),
    /** Display name (the file name when added). */
    name: z.string().min(1),
    /** Absolute path when last seen. */
    path: z.string().min(1),
    size: z.number().int().nonnegative(),
    mtimeMs: z.number().nonnegative(),
    /** SHA-256 (hex) of the first MiB: detects a different file at the same path cheaply. */
    headSha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type DatasetRef = z.infer<typeof datasetRefSchema>;

/** A run spec the user prepared (and may start again). */
export const savedSpecSchema = z
  .object({
    id: z.string().min(1).max(100),
    name: z.string(),
    /** The dataset it is meant for, or null. */
    datasetId: z.string().nullable(),
    spec: runSpecSchema,
  })
  .strict();
export type SavedSpec = z.infer<typeof savedSpecSchema>;

export const projectSchema = z
  .object({
    app: z.literal('rnn-studio'),
    kind: z.literal('project'),
    version: z.literal(PROJECT_FORMAT),
    /** Stable id; names the autosave file of a project never saved. */
    id: z.string().min(1).max(100),
    name: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    datasets: z.array(datasetRefSchema),
    specs: z.array(savedSpecSchema),
    runs: z.array(runRecordSchema),
  })
  .strict();
export type Project = z.infer<typeof projectSchema>;

/** Raised for a file that is not a project this version can open; the message says why. */
export class ProjectFormatError extends Error {
  override readonly name = 'ProjectFormatError';
}

const headerSchema = z.object({
  app: z.literal('rnn-studio'),
  kind: z.literal('project'),
  version: z.number().int().min(1),
});

/**
 * Parses a project file's text; `source` names it in errors.
 * @throws ProjectFormatError `Project: '<source>' was saved by a newer RNN Studio (project format <n>); this version opens format 1 and older. Update RNN Studio to open it.`
 *   for a newer format, and a message naming the problem for anything else that is not a valid project.
 */
export function parseProject(text: string, source: string): Project {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ProjectFormatError(
      `Project: '${source}' must be an RNN Studio project (JSON), got unreadable text: ${(err as Error).message}.`,
    );
  }
  const header = headerSchema.safeParse(json);
  if (!header.success) {
    throw new ProjectFormatError(`Project: '${source}' must be an RNN Studio project file.`);
  }
  if (header.data.version > PROJECT_FORMAT) {
    throw new ProjectFormatError(
      `Project: '${source}' was saved by a newer RNN Studio (project format ${header.data.version}); this version opens format ${PROJECT_FORMAT} and older. Update RNN Studio to open it.`,
    );
  }
  const parsed = projectSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ProjectFormatError(`Project: '${source}' is damaged: ${issues.join('; ')}.`);
  }
  return parsed.data;
}

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
