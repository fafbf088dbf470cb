/** The IPC handlers for projects, runs and model export: dialogs and grants around ProjectSession and RunRegistry. */
import { basename } from 'node:path';
import { readBundle } from '../../core/io/bundle.ts';
import { exportFolderFiles } from '../../core/io/export/formats.ts';
import { writeFileAtomic } from './atomicFile.ts';
import { writeExportFolder } from './exportFolder.ts';
import type { FileGrants } from './fileGrants.ts';
import type { InvokeEventLike, InvokeHandlers } from './ipc.ts';
import type { ProjectView } from './projects/projectSchema.ts';
import { ProjectRequestError, type ProjectSession } from './projects/projectSession.ts';
import type { RunRegistry } from './runs/runRegistry.ts';

/** The system dialogs these handlers show; main.ts passes Electron's, tests answer directly. */
export interface DesktopDialogs<E> {
  /** Open a project file; resolves with its path or null when cancelled. */
  openProject(event: E): Promise<string | null>;
  /** Where to save the project (suggested file name given). */
  saveProject(event: E, suggestedName: string): Promise<string | null>;
  /** Locate a dataset (its display name, and the path the project remembers, given). */
  locateDataset(event: E, name: string, lastPath: string): Promise<string | null>;
  /** Where to save a model file (suggested file name given). */
  saveModel(event: E, suggestedName: string): Promise<string | null>;
  /** Where to create a PyTorch export folder (suggested folder name given). */
  saveFolder(event: E, suggestedName: string): Promise<string | null>;
}

/** What {@link createDesktopHandlers} needs. */
export interface DesktopHandlerDeps<E extends InvokeEventLike> {
  grants: FileGrants;
  session: ProjectSession;
  runs: RunRegistry;
  dialogs: DesktopDialogs<E>;
  /** Clock for saved-model timestamps; injectable for tests. */
  now?: () => Date;
}

export type DesktopChannel =
  | 'studio:project-get'
  | 'studio:project-new'
  | 'studio:project-open-dialog'
  | 'studio:project-open-recent'
  | 'studio:project-recent'
  | 'studio:project-save'
  | 'studio:project-save-as-dialog'
  | 'studio:project-add-dataset'
  | 'studio:project-locate-dataset'
  | 'studio:project-set-specs'
  | 'studio:run-start'
  | 'studio:run-list'
  | 'studio:run-resume'
  | 'studio:run-cancel'
  | 'studio:export-bundle'
  | 'studio:export-folder';

/**
 * Opens a project the user chose (dialog, recent list, or the OS: a double-clicked `.rnnproj`):
 * its datasets were chosen too, so they become readable, and its runs are loaded.
 * @throws ProjectFormatError for a file that is not a project this version opens.
 */
export async function openProjectFile(
  deps: Pick<DesktopHandlerDeps<InvokeEventLike>, 'grants' | 'session' | 'runs'>,
  path: string,
): Promise<ProjectView> {
  const { grants, session, runs } = deps;
  await session.flush();
  const view = await session.open(grants.grantFile(path));
  // NOTE: a project file names whatever paths it likes (a crafted one named /etc/shadow), so
  // only datasets the session confirmed (inside the project's folder or the app's data folders,
  // same size and first MiB) are granted; the others wait for Locate….
  for (const dataset of view.project.datasets) {
    if (view.datasets[dataset.id]?.status === 'ok') grants.grantFile(dataset.path);
  }
  runs.load(view.project.runs);
  return session.view();
}

/**
 * Builds the project, run and export handlers. Paths from dialogs become grants; paths the
 * renderer names must already be granted (or, for recent projects, be on the recent list).
 */
export function createDesktopHandlers<E extends InvokeEventLike>(
  deps: DesktopHandlerDeps<E>,
): Pick<InvokeHandlers<E>, DesktopChannel> {
  const { grants, session, runs, dialogs } = deps;
  const now = deps.now ?? (() => new Date());

  const open = (path: string): Promise<ProjectView> => openProjectFile(deps, path);

  return {
    'studio:project-get': () => session.view(),
    'studio:project-new': ({ name }) => session.newProject(name),
    'studio:project-open-dialog': async (_payload, event) => {
      const path = await dialogs.openProject(event);
      return path === null ? null : open(path);
    },
    'studio:project-open-recent': async ({ path }) => {
      if (!(await session.isRecent(path))) {
        throw new ProjectRequestError(
          `Project: '${path}' must be on the recent list to open it without a dialog.`,
        );
      }
      return open(path);
    },
    'studio:project-recent': () => session.recent(),
    'studio:project-save': () => session.save(),
    'studio:project-save-as-dialog': async (_payload, event) => {
      const view = session.view();
      const path = await dialogs.saveProject(event, `${view.project.name}.rnnproj`);
      return path === null ? null : session.saveAs(grants.grantFile(path));
    },
    'studio:project-add-dataset': async ({ path }) => {
      await session.addDataset(grants.check(path));
      return session.view();
    },
    'studio:project-locate-dataset': async ({ datasetId, acceptChanged }, event) => {
      const ref = session.view().project.datasets.find((d) => d.id === datasetId);
      if (ref === undefined) {
        throw new ProjectRequestError(
          `Project: datasetId must name a dataset of the project, got '${datasetId}'.`,
        );
      }
      const path = await dialogs.locateDataset(event, ref.name, ref.path);
      if (path === null) return null;
      const located = grants.grantFile(path);
      const view = await session.locateDataset(datasetId, located, { acceptChanged });
      runs.relocateDataset(ref.path, located);
      return view;
    },
    'studio:project-set-specs': ({ specs }) => session.setSpecs(specs),
    'studio:run-start': async ({ spec, path }) => {
      const granted = grants.check(path);
      await session.addDataset(granted);
      return runs.startRun({ spec, dataset: { path: granted, fileName: basename(granted) } });
    },
    'studio:run-list': () => runs.list(),
    'studio:run-resume': ({ runId }) => runs.resumeRun(runId),
    'studio:run-cancel': ({ runId }) => runs.cancelQueued(runId),
    'studio:export-bundle': async ({ runId, which }, event) => {
      const { bytes, fileName } = await runs.exportBundle(runId, which);
      const path = await dialogs.saveModel(event, fileName);
      if (path === null) return null;
      const target = grants.grantFile(path);
      await writeFileAtomic(target, bytes);
      runs.addModel(runId, { format: 'rnnmodel', path: target, savedAt: now().toISOString() });
      return target;
    },
    'studio:export-folder': async ({ runId, which, format }, event) => {
      const { bytes } = await runs.exportBundle(runId, which);
      // Pure core work in main: unzip the bundle and lay out the folder (no training here).
      const files = exportFolderFiles(readBundle(bytes), format);
      const path = await dialogs.saveFolder(event, `${runId}-${format}`);
      if (path === null) return null;
      const target = grants.grantFolder(path);
      await writeExportFolder(target, files);
      runs.addModel(runId, { format, path: target, savedAt: now().toISOString() });
      return target;
    },
  };
}
