/** The user's work in main: the open project (autosaved), the run registry, and the app's data folders under userData, cleaned of interrupted writes. */
import { join } from 'node:path';
import { EVENT_CHANNELS } from '../../common/ipc/channels.ts';
import { removeStaleTemporaries } from '../atomicFile.ts';
import { type FileGrants, isInside } from '../fileGrants.ts';
import { ProjectSession } from '../projects/projectSession.ts';
import { RunFiles } from '../runs/runFiles.ts';
import { RunRegistry } from '../runs/runRegistry.ts';
import { sendToWindows } from './windows.ts';

/** The folders main writes under userData. */
export interface AppFolders {
  userData: string;
  /** Bytes saved for training (a bundled sample, a dropped file without a path). */
  datasets: string;
  /** Downloaded gallery entries. */
  gallery: string;
  /** One folder per run, holding its checkpoints. */
  runs: string;
}

export function appFolders(userData: string): AppFolders {
  return {
    userData,
    datasets: join(userData, 'datasets'),
    gallery: join(userData, 'gallery'),
    runs: join(userData, 'runs'),
  };
}

/** The open project and the runs, kept in step. */
export interface Workspace {
  session: ProjectSession;
  runs: RunRegistry;
}

/** Creates the project session and the run registry; their events go to every window. */
export function createWorkspace(options: {
  folders: AppFolders;
  grants: FileGrants;
  log: (line: string) => void;
}): Workspace {
  const { folders, grants, log } = options;
  const session = new ProjectSession({
    userDataDir: folders.userData,
    autosaveMs: 1500,
    log,
    onAutosaved: (view) => sendToWindows(EVENT_CHANNELS.projectChanged, view),
    onAutosaveFailed: (failure) => sendToWindows(EVENT_CHANNELS.writeFailed, failure),
  });
  const appData = [folders.datasets, folders.gallery];
  const runs = new RunRegistry({
    files: new RunFiles(folders.runs),
    notify: (event) => sendToWindows(EVENT_CHANNELS.runEvent, event),
    log,
    // NOTE: a run read from a project may resume only on a granted file or the app's own data.
    isDatasetTrusted: (path) =>
      grants.allows(path) || appData.some((folder) => isInside(folder, path)),
    onWriteFailed: (failure) => sendToWindows(EVENT_CHANNELS.writeFailed, failure),
  });
  runs.onChange(() => session.setRuns(runs.list()));
  return { session, runs };
}

/**
 * Removes temporary files that atomic writes left when the app was killed mid-write (crash, power
 * loss) in the folders the app writes under userData; the files they were replacing are intact.
 */
export function cleanUpInterruptedWrites(userData: string, log: (line: string) => void): void {
  // NOTE: only files older than a minute: a second instance's write may be in flight.
  const olderThanMs = 60_000;
  Promise.all([
    removeStaleTemporaries(userData, { olderThanMs }),
    ...['runs', 'autosave', 'datasets', 'gallery'].map((folder) =>
      removeStaleTemporaries(join(userData, folder), { olderThanMs, depth: 2 }),
    ),
  ])
    .then((removed) => {
      const count = removed.flat().length;
      if (count > 0) log(`Files: removed ${count} temporary files left by interrupted writes.`);
    })
    .catch((err: unknown) =>
      log(`Files: cleaning up interrupted writes failed: ${(err as Error).message}`),
    );
}
