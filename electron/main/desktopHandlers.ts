/** The IPC handlers for projects, runs and model export: dialogs and grants around ProjectSession and RunRegistry. */

import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { readBundle } from '../../core/io/bundle.ts';
import { exportFolderFiles } from '../../core/io/export/formats.ts';
import { INVOKE_CHANNELS } from '../common/ipc/channels.ts';
import type { ProjectView } from '../common/projectSchema.ts';
import { writeFileAtomic } from './atomicFile.ts';
import { writeExportFolder } from './exportFolder.ts';
import type { FileGrants } from './fileGrants.ts';
import { describeFile } from './handlers.ts';
import { listImageFolder } from './imageFolders.ts';
import type { InvokeEventLike, InvokeHandlers } from './ipc.ts';
import { ProjectRequestError, type ProjectSession } from './projects/projectSession.ts';
import type { RunRegistry } from './runs/runRegistry.ts';

/** The system dialogs these handlers show; wiring/dialogs.ts makes Electron's, tests answer directly. */
export interface DesktopDialogs<E> {
  /** Open a project file; resolves with its path or null when cancelled. */
  openProject(event: E): Promise<string | null>;
  /** Where to save the project (suggested file name given). */
  saveProject(event: E, suggestedName: string): Promise<string | null>;
  /** Locate a dataset (its display name, and the path the project remembers, given). */
  locateDataset(event: E, name: string, lastPath: string): Promise<string | null>;
  /** Open a model file (a language model to start from); resolves with its path or null. */
  openModel(event: E): Promise<string | null>;
  /** Where to save a model file (suggested file name given). */
  saveModel(event: E, suggestedName: string): Promise<string | null>;
  /** Where to create a PyTorch export folder (suggested folder name given). */
  saveFolder(event: E, suggestedName: string): Promise<string | null>;
  /** Open a folder of captioned images; resolves with its path or null when cancelled. */
  openImageFolder(event: E): Promise<string | null>;
}

/** What {@link createDesktopHandlers} needs. */
export interface DesktopHandlerDeps<E extends InvokeEventLike> {
  grants: FileGrants;
  session: ProjectSession;
  runs: RunRegistry;
  dialogs: DesktopDialogs<E>;
  /** Clock for saved-model timestamps; injectable for tests. */
  now?: () => Date;
  /**
   * Called after a request that may have changed the recent-projects list (open from the dialog or
   * the list, save, save as) succeeded, so File › Open Recent follows.
   */
  onRecentChanged?: () => void;
}

export type DesktopChannel =
  | typeof INVOKE_CHANNELS.projectGet
  | typeof INVOKE_CHANNELS.projectNew
  | typeof INVOKE_CHANNELS.projectOpenDialog
  | typeof INVOKE_CHANNELS.projectOpenRecent
  | typeof INVOKE_CHANNELS.projectRecent
  | typeof INVOKE_CHANNELS.projectSave
  | typeof INVOKE_CHANNELS.projectSaveAsDialog
  | typeof INVOKE_CHANNELS.projectAddDataset
  | typeof INVOKE_CHANNELS.projectLocateDataset
  | typeof INVOKE_CHANNELS.projectSetSpecs
  | typeof INVOKE_CHANNELS.runStart
  | typeof INVOKE_CHANNELS.runList
  | typeof INVOKE_CHANNELS.runResume
  | typeof INVOKE_CHANNELS.runCancel
  | typeof INVOKE_CHANNELS.modelOpenDialog
  | typeof INVOKE_CHANNELS.openImageFolder
  | typeof INVOKE_CHANNELS.exportBundle
  | typeof INVOKE_CHANNELS.exportFolder;

/** Whether `path` is a folder (a captioning run's images). */
async function isFolder(path: string): Promise<boolean> {
  return (await stat(path)).isDirectory();
}

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
  /** `handler`, then the recent-list notice once it succeeded (cancelled dialogs included). */
  const touchingRecent =
    <A extends unknown[], R>(handler: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await handler(...args);
      deps.onRecentChanged?.();
      return result;
    };

  return {
    [INVOKE_CHANNELS.projectGet]: () => session.view(),
    [INVOKE_CHANNELS.projectNew]: ({ name }) => session.newProject(name),
    [INVOKE_CHANNELS.projectOpenDialog]: touchingRecent(async (_payload: object, event: E) => {
      const path = await dialogs.openProject(event);
      return path === null ? null : open(path);
    }),
    [INVOKE_CHANNELS.projectOpenRecent]: touchingRecent(async ({ path }: { path: string }) => {
      if (!(await session.isRecent(path))) {
        throw new ProjectRequestError(
          `Project: '${path}' must be on the recent list to open it without a dialog.`,
        );
      }
      return open(path);
    }),
    [INVOKE_CHANNELS.projectRecent]: () => session.recent(),
    [INVOKE_CHANNELS.projectSave]: touchingRecent(() => session.save()),
    [INVOKE_CHANNELS.projectSaveAsDialog]: touchingRecent(async (_payload: object, event: E) => {
      const view = session.view();
      const path = await dialogs.saveProject(event, `${view.project.name}.rnnproj`);
      return path === null ? null : session.saveAs(grants.grantFile(path));
    }),
    [INVOKE_CHANNELS.projectAddDataset]: async ({ path }) => {
      await session.addDataset(grants.check(path));
      return session.view();
    },
    [INVOKE_CHANNELS.projectLocateDataset]: async ({ datasetId, acceptChanged }, event) => {
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
    [INVOKE_CHANNELS.projectSetSpecs]: ({ specs }) => session.setSpecs(specs),
    [INVOKE_CHANNELS.runStart]: async (request) => {
      const { spec, path, initFromPath, initFromBackwardPath, wordVectorsPath } = request;
      const { backboneWeightsPath, auto } = request;
      const granted = grants.check(path);
      const lm = initFromPath === undefined ? undefined : grants.check(initFromPath);
      const backwardLm =
        initFromBackwardPath === undefined ? undefined : grants.check(initFromBackwardPath);
      const vectors = wordVectorsPath === undefined ? undefined : grants.check(wordVectorsPath);
      const backbone =
        backboneWeightsPath === undefined ? undefined : grants.check(backboneWeightsPath);
      // NOTE: a project lists data files; a captioner's image folder trains without joining it.
      if (await isFolder(granted)) {
        if (spec.task !== 'caption') {
          throw new ProjectRequestError(
            `Runs: a folder must train a captioner, got task '${spec.task}' on '${granted}'; choose a data file.`,
          );
        }
      } else await session.addDataset(granted);
      return runs.startRun({
        spec,
        dataset: { path: granted, fileName: basename(granted) },
        ...(backbone === undefined
          ? {}
          : {
              backboneWeights: {
                path: backbone,
                fileName: spec.model.image?.weights ?? basename(backbone),
              },
            }),
        // NOTE: the spec names the model as the user chose it; the saved copy's name may differ.
        ...(lm === undefined
          ? {}
          : { initFrom: { path: lm, fileName: spec.train.initFrom ?? basename(lm) } }),
        ...(backwardLm === undefined
          ? {}
          : {
              initFromBackward: {
                path: backwardLm,
                fileName: spec.train.initFromBackward ?? basename(backwardLm),
              },
            }),
        ...(auto === undefined ? {} : { auto }),
        ...(vectors === undefined
          ? {}
          : {
              wordVectors: {
                path: vectors,
                fileName: spec.model.wordVectors?.file ?? basename(vectors),
              },
            }),
      });
    },
    [INVOKE_CHANNELS.modelOpenDialog]: async (_payload, event) => {
      const path = await dialogs.openModel(event);
      return path === null ? null : describeFile(grants.grantFile(path));
    },
    [INVOKE_CHANNELS.openImageFolder]: async (_payload, event) => {
      const path = await dialogs.openImageFolder(event);
      return path === null ? null : listImageFolder(grants.grantFolder(path));
    },
    [INVOKE_CHANNELS.runList]: () => runs.list(),
    [INVOKE_CHANNELS.runResume]: ({ runId }) => runs.resumeRun(runId),
    [INVOKE_CHANNELS.runCancel]: ({ runId }) => runs.cancelQueued(runId),
    [INVOKE_CHANNELS.exportBundle]: async ({ runId, which }, event) => {
      const { bytes, fileName } = await runs.exportBundle(runId, which);
      const path = await dialogs.saveModel(event, fileName);
      if (path === null) return null;
      const target = grants.grantFile(path);
      await writeFileAtomic(target, bytes);
      runs.addModel(runId, { format: 'rnnmodel', path: target, savedAt: now().toISOString() });
      return target;
    },
    [INVOKE_CHANNELS.exportFolder]: async ({ runId, which, format }, event) => {
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
