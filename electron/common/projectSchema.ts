/** The project file's contract, free of Node APIs (the renderer's types see it): schemas, the versioned parse, and the view the UI gets. */
import { z } from 'zod';
import { runSpecSchema } from '../../core/tasks/spec.ts';
import { runRecordSchema } from './runRecord.ts';

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

/** How a referenced dataset compares with what is on disk now. */
export type DatasetStatus =
  | { status: 'ok' }
  | { status: 'missing' }
  /**
   * Outside the project's own folder (or reached through a link out of it): a project file names
   * any path it likes, so such a file is not read until the user locates it (Locate…).
   */
  | { status: 'unconfirmed' }
  | { status: 'changed'; detail: string };

const datasetStatusSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok') }).strict(),
  z.object({ status: z.literal('missing') }).strict(),
  z.object({ status: z.literal('unconfirmed') }).strict(),
  z.object({ status: z.literal('changed'), detail: z.string() }).strict(),
]) satisfies z.ZodType<DatasetStatus>;

/** What the UI sees of the open project. */
export interface ProjectView {
  project: Project;
  /** The user's file, or null while the project was never saved (it autosaves under userData). */
  path: string | null;
  /** Unsaved changes since the last write. */
  dirty: boolean;
  /** Each referenced dataset's state on disk, by dataset id. */
  datasets: Record<string, DatasetStatus>;
}

/** The view main sends windows when it changed the project itself (checked in the preload). */
export const projectViewSchema = z
  .object({
    project: projectSchema,
    path: z.string().min(1).nullable(),
    dirty: z.boolean(),
    datasets: z.record(z.string(), datasetStatusSchema),
  })
  .strict() satisfies z.ZodType<ProjectView>;

/** One entry of the recent-projects list. */
export interface RecentProject {
  path: string;
  name: string;
  /** ISO timestamp. */
  openedAt: string;
}
