/** The open project in the renderer (desktop app only): its view from main, the recent list, the File menu commands, datasets read back from disk, and the run spec saved as the user edits it. */

import type { ReadOptions } from '../../core/data/readOptions.ts';
import type {
  DesktopApi,
  MenuCommand,
  ProjectView,
  ReadProgress,
  RecentProject,
  SavedSpec,
} from '../../electron/common/ipc/api.ts';
import type { StudioState, StudioStore } from './store.ts';

/** The desktop functions the project store uses (tests pass a fake; the app passes the preload's). */
export type ProjectDesktop = Pick<
  DesktopApi,
  | 'project'
  | 'newProject'
  | 'openProjectDialog'
  | 'openRecentProject'
  | 'recentProjects'
  | 'saveProject'
  | 'saveProjectAs'
  | 'addDatasetToProject'
  | 'locateDataset'
  | 'setProjectSpecs'
  | 'openGrantedFile'
  | 'onMenuCommand'
  | 'onProjectChanged'
>;

/** A failed project action, shown until dismissed. */
export interface ProjectError {
  message: string;
  /** Set when main refused a located file as different: choosing it anyway is offered. */
  acceptChangedFor?: string;
}

export interface ProjectState {
  /** The open project; null until main answered. */
  view: ProjectView | null;
  recent: RecentProject[];
  /** The project dataset loaded in Data (matched by its path), or null. */
  activeDatasetId: string | null;
  /** The project dataset being read back from disk, or null. */
  loadingDatasetId: string | null;
  /** How far that read has come (bytes), or null before its first slice and when none runs. */
  loadingProgress: ReadProgress | null;
  error: ProjectError | null;
}

/** Options of {@link createProjectStore}. */
export interface ProjectStoreOptions {
  desktop: ProjectDesktop;
  studio: StudioStore;
  /** Inspects a file read back from the project into `studio` (importDataset.ts importFile). */
  importDataset(
    file: File,
    options: { grantedPath: string; reading?: ReadOptions | undefined },
  ): Promise<void>;
  /** Quiet time after the last spec change before it is sent to main. */
  specDelayMs: number;
}

export interface ProjectStore {
  getState(): ProjectState;
  subscribe(listener: () => void): () => void;
  /**
   * Reads the open project and the recent list, then follows File menu commands, projects main
   * opened itself, and the studio store (a loaded file joins the project; spec edits are saved).
   * Returns the unsubscribe.
   */
  connect(): Promise<() => void>;
  /** Starts an empty project: Data and the settings start over. */
  newProject(): Promise<void>;
  /** Shows the open dialog; the chosen project's last dataset and settings come back. */
  open(): Promise<void>;
  openRecent(path: string): Promise<void>;
  /** Saves to the project's file, or asks where (Save As) when it has none. */
  save(): Promise<void>;
  saveAs(): Promise<void>;
  /** Reads a project dataset from disk into Data, with the settings saved for it. */
  openDataset(datasetId: string): Promise<void>;
  /** Asks main to locate a moved dataset; `acceptChanged` takes a different file anyway. */
  locate(datasetId: string, options: { acceptChanged: boolean }): Promise<void>;
  dismissError(): void;
  /** Sends a pending spec change now (before saving, and in tests). */
  flushSpecs(): Promise<void>;
}

/** The saved spec's id for a dataset: one spec per dataset, the latest edited first. */
export const specIdFor = (datasetId: string): string => `spec-${datasetId}`;

/**
 * The saved specs after editing `spec` for `datasetId`: that dataset's entry replaced and moved
 * to the front (so the front entry is what the project was last used with).
 */
export function upsertSpec(
  specs: readonly SavedSpec[],
  entry: { datasetId: string; name: string; spec: SavedSpec['spec'] },
): SavedSpec[] {
  const id = specIdFor(entry.datasetId);
  const saved: SavedSpec = {
    id,
    name: entry.name,
    datasetId: entry.datasetId,
    spec: structuredClone(entry.spec),
  };
  return [saved, ...specs.filter((s) => s.id !== id)];
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Creates the project store over `options.desktop` and the app's studio store. */
export function createProjectStore(options: ProjectStoreOptions): ProjectStore {
  const { desktop, studio } = options;
  let state: ProjectState = {
    view: null,
    recent: [],
    activeDatasetId: null,
    loadingDatasetId: null,
    loadingProgress: null,
    error: null,
  };
  const listeners = new Set<() => void>();
  const set = (next: Partial<ProjectState>): void => {
    state = { ...state, ...next };
    for (const l of listeners) l();
  };
  let specTimer: ReturnType<typeof setTimeout> | null = null;
  let sending: Promise<void> = Promise.resolve();
  /** While a project or dataset is being restored, studio changes are not saved back. */
  let restoring = 0;

  const fail = (err: unknown, extra: Partial<ProjectError> = {}): void => {
    set({ error: { message: messageOf(err), ...extra } });
  };

  const refreshRecent = async (): Promise<void> => {
    set({ recent: await desktop.recentProjects() });
  };

  /** Takes main's view; a different project than the open one brings back its data and settings. */
  function adopt(view: ProjectView, o: { restore: boolean }): Promise<void> {
    const replaced = o.restore || state.view?.project.id !== view.project.id;
    // NOTE: main sends the view again when its autosave lands, so "saved" shows without polling.
    set({ view });
    if (!replaced) return Promise.resolve();
    return restoreProject(view);
  }

  async function restoreProject(view: ProjectView): Promise<void> {
    cancelSpecTimer();
    restoring += 1;
    try {
      set({ activeDatasetId: null, loadingDatasetId: null, loadingProgress: null });
      studio.reset();
      const last = view.project.specs[0];
      if (last === undefined) return;
      const ref = view.project.datasets.find((d) => d.id === last.datasetId);
      if (ref !== undefined && view.datasets[ref.id]?.status === 'ok') {
        await loadDataset(ref.id);
      } else {
        // NOTE: the file is missing or changed: the settings come back now, the data once the
        // user locates or opens it.
        studio.applySavedSpec(last.spec);
      }
    } finally {
      restoring -= 1;
    }
    await refreshRecent();
  }

  async function loadDataset(datasetId: string): Promise<void> {
    const view = state.view;
    const ref = view?.project.datasets.find((d) => d.id === datasetId);
    if (view === null || ref === undefined) {
      throw new Error(`Project: datasetId must name a dataset of the project, got '${datasetId}'.`);
    }
    set({ loadingDatasetId: datasetId, loadingProgress: null });
    restoring += 1;
    try {
      // NOTE: read in slices, so a dataset above one IPC message's 64 MiB reopens too; a file
      // that changes size meanwhile is refused with a message naming it (shown as the error).
      const opened = await desktop.openGrantedFile(ref.path, ref.name, {
        onProgress: (progress) => {
          if (state.loadingDatasetId === datasetId) set({ loadingProgress: progress });
        },
      });
      // NOTE: contextBridge promises Blobs, not File names; naming it again copies no bytes.
      const file =
        opened instanceof File && opened.name === ref.name ? opened : new File([opened], ref.name);
      const saved = view.project.specs.find((s) => s.datasetId === datasetId);
      // NOTE: the file is read again as it was saved (the saved run's reading is never redone).
      await options.importDataset(file, {
        grantedPath: ref.path,
        reading: saved?.spec.data.reading,
      });
      if (studio.getState().dataset?.grantedPath !== ref.path) return;
      if (saved !== undefined) studio.applySavedSpec(saved.spec);
      set({ activeDatasetId: datasetId });
    } finally {
      restoring -= 1;
      set({ loadingDatasetId: null, loadingProgress: null });
    }
  }

  function cancelSpecTimer(): void {
    if (specTimer !== null) clearTimeout(specTimer);
    specTimer = null;
  }

  /** Sends the current spec for the active dataset when it differs from the saved one. */
  function sendSpec(): Promise<void> {
    cancelSpecTimer();
    const send = async (): Promise<void> => {
      const view = state.view;
      const datasetId = state.activeDatasetId;
      if (view === null || datasetId === null) return;
      const ref = view.project.datasets.find((d) => d.id === datasetId);
      if (ref === undefined) return;
      const next = upsertSpec(view.project.specs, {
        datasetId,
        name: ref.name,
        spec: studio.getState().spec,
      });
      if (sameJson(next, view.project.specs)) return;
      await adopt(await desktop.setProjectSpecs(next), { restore: false });
    };
    sending = sending.then(send).catch((err: unknown) => fail(err));
    return sending;
  }

  const scheduleSpec = (): void => {
    cancelSpecTimer();
    specTimer = setTimeout(() => {
      void sendSpec();
    }, options.specDelayMs);
  };

  /** A file loaded in Data joins the project (desktop files have a granted path). */
  async function joinProject(path: string): Promise<void> {
    const view = state.view;
    if (view === null) return;
    let ref = view.project.datasets.find((d) => d.path === path);
    if (ref === undefined) {
      const next = await desktop.addDatasetToProject(path);
      await adopt(next, { restore: false });
      ref = next.project.datasets.find((d) => d.path === path);
    }
    if (ref === undefined) return;
    set({ activeDatasetId: ref.id });
    scheduleSpec();
  }

  function onStudioChange(previous: StudioState, current: StudioState): void {
    if (restoring > 0) return;
    if (current.dataset !== previous.dataset) {
      const path = current.dataset?.grantedPath;
      if (path === undefined) {
        set({ activeDatasetId: null });
        return;
      }
      joinProject(path).catch((err: unknown) => fail(err));
      return;
    }
    if (current.spec !== previous.spec && state.activeDatasetId !== null) scheduleSpec();
  }

  /** Runs a user action: a pending spec goes first; a failure is shown, not thrown. */
  const action =
    <A extends unknown[]>(run: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        set({ error: null });
        await sendSpec();
        await run(...args);
      } catch (err) {
        fail(err);
      }
    };

  const store: ProjectStore = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async connect() {
      const offMenu = desktop.onMenuCommand((command) => {
        void runMenuCommand(store, command);
      });
      const offChanged = desktop.onProjectChanged((view) => {
        adopt(view, { restore: false })
          .then(refreshRecent)
          .catch((err: unknown) => fail(err));
      });
      let previous = studio.getState();
      const offStudio = studio.subscribe(() => {
        const current = studio.getState();
        const before = previous;
        previous = current;
        onStudioChange(before, current);
      });
      try {
        const [view, recent] = await Promise.all([desktop.project(), desktop.recentProjects()]);
        set({ view, recent });
        const path = studio.getState().dataset?.grantedPath;
        if (path !== undefined) await joinProject(path);
        // NOTE: a project main opened before the window listened (a double-clicked .rnnproj)
        // brings its data and settings back as if opened here.
        else if (studio.getState().dataset === null && view.project.specs.length > 0) {
          await restoreProject(view);
        }
      } catch (err) {
        fail(err);
      }
      return () => {
        offMenu();
        offChanged();
        offStudio();
        cancelSpecTimer();
      };
    },
    newProject: action(async () => {
      await adopt(await desktop.newProject('Untitled'), { restore: true });
    }),
    open: action(async () => {
      const view = await desktop.openProjectDialog();
      if (view !== null) await adopt(view, { restore: true });
    }),
    openRecent: action(async (path: string) => {
      await adopt(await desktop.openRecentProject(path), { restore: true });
    }),
    save: action(async () => {
      const view =
        state.view?.path === null ? await desktop.saveProjectAs() : await desktop.saveProject();
      if (view !== null) await adopt(view, { restore: false });
      await refreshRecent();
    }),
    saveAs: action(async () => {
      const view = await desktop.saveProjectAs();
      if (view !== null) await adopt(view, { restore: false });
      await refreshRecent();
    }),
    openDataset: action(async (datasetId: string) => {
      await loadDataset(datasetId);
    }),
    async locate(datasetId, o) {
      try {
        set({ error: null });
        const view = await desktop.locateDataset(datasetId, o);
        if (view === null) return;
        await adopt(view, { restore: false });
        await loadDataset(datasetId);
      } catch (err) {
        // NOTE: main refuses a different file unless accepted (ProjectSession.locateDataset's
        // message); then the panel offers to take it anyway. IPC keeps only the message.
        const different = !o.acceptChanged && messageOf(err).includes('is not the same file as');
        fail(err, different ? { acceptChangedFor: datasetId } : {});
      }
    },
    dismissError() {
      set({ error: null });
    },
    flushSpecs: () => sendSpec(),
  };
  return store;
}

/** Carries out a File menu command with the matching project action. */
export function runMenuCommand(store: ProjectStore, command: MenuCommand): Promise<void> {
  switch (command.command) {
    case 'new-project':
      return store.newProject();
    case 'open-project':
      return store.open();
    case 'save-project-as':
      return store.saveAs();
    case 'open-recent-project':
      return store.openRecent(command.path);
    default:
      // NOTE: the preload validates commands; one it let through unknown is a programming error.
      throw new Error(
        `Project: a menu command must be one of the File menu commands, got '${(command as { command: string }).command}'.`,
      );
  }
}
