/** The app's training runs: a store over the pure runs reducer that talks to the trainer (and, in the desktop app, main's run queue) and keeps the runs across a window reload. */
import { useSyncExternalStore } from 'react';
import type {
  AutoTuneRequest,
  DataFile,
  TrainingData,
  TrainingEvent,
} from '../../core/protocol/messages.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import type { RunEvent, RunRecord, StudioApi } from '../../electron/common/ipc/api.ts';
import {
  newRun,
  nextLabel,
  type RunError,
  type RunsAction,
  type RunsState,
  type RunView,
  reduceRuns,
} from './runsReducer.ts';
import { browserStorage, loadRuns, type RunsStorage, saveRuns } from './runsStorage.ts';
import { type WriteFailureStore, writeFailures } from './writeFailures.ts';

export {
  datasetLabel,
  type EpochEvent,
  type FinishedEvent,
  isActive,
  modelLabel,
  type ProgressEvent,
  type RunError,
  type RunsState,
  type RunView,
  type StepSeries,
} from './runsReducer.ts';
export type { RunsStorage } from './runsStorage.ts';

/**
 * The part of StudioApi the store uses (tests pass a fake). With `desktop` (Electron), runs start
 * and resume through main's run queue; without it (web mode), through trainer requests.
 */
export type RunsStudio = Pick<StudioApi, 'request' | 'onEvent'> & {
  readonly desktop?: Pick<
    NonNullable<StudioApi['desktop']>,
    'startRun' | 'resumeRun' | 'runs' | 'onRunEvent'
  > &
    Partial<Pick<NonNullable<StudioApi['desktop']>, 'saveDataset' | 'addDroppedFile'>>;
};

/** Thrown by `start` in the desktop app for data with no file on disk (a bundled sample, a download). */
export class NoDatasetPathError extends Error {
  override readonly name = 'NoDatasetPathError';
  constructor(fileName: string) {
    super(
      `Runs: the desktop app trains on a file on disk, got '${fileName}' which exists only in the app; save it and choose the saved file.`,
    );
  }
}

/** What a run trains on besides its spec: a table file, or (caption) an image folder or zip. */
export interface StartOptions {
  spec: RunSpec;
  /** The data file (every task but caption). */
  file?: File;
  /** caption: the image folder's File handles or the zip File, as start-training carries them. */
  images?: TrainingData;
  /** caption: the resnet18 state dict (`.safetensors`) `spec.model.image.weights` names. */
  backboneWeights?: File;
  grantedPath?: string;
  /** The language model `spec.train.initFrom` names (its `.rnnmodel` bytes; desktop: its granted file, if any). */
  initFrom?: DataFile & { grantedPath?: string };
  /** The backward language model `spec.train.initFromBackward` names (as `initFrom`). */
  initFromBackward?: DataFile & { grantedPath?: string };
  /** Search settings first within a budget; the best becomes the run. */
  auto?: AutoTuneRequest;
  /** The word-vector file `spec.model.wordVectors` names. */
  wordVectors?: File;
}

/** The data a run names: its image folder or zip, else its file. */
function dataOf(o: StartOptions): TrainingData {
  if (o.images !== undefined) return o.images;
  if (o.file === undefined) {
    throw new Error('Runs: start needs a data file or an image folder, got neither.');
  }
  return { fileName: o.file.name, file: o.file };
}

/**
 * The file the desktop app saves to train on when the data has no granted path: the data file, or
 * a zip of images picked in the page.
 * @throws Error for a folder picked in the page (the desktop opens folders through its dialog);
 *   NoDatasetPathError when there is no file at all.
 */
function fileToSave(o: StartOptions): File {
  const data = dataOf(o);
  if ('files' in data) {
    throw new Error(
      `Runs: the desktop app trains a captioner on a folder chosen with its Open Folder dialog or a zip, got the folder '${data.fileName}' picked in the page.`,
    );
  }
  const file = o.file ?? ('file' in data && data.file instanceof File ? data.file : undefined);
  if (file === undefined) throw new NoDatasetPathError(data.fileName);
  return file;
}

/** The data file of each run this window started (not stored: a File cannot outlive the page). */
const runFiles = new Map<string, File>();

/** The file run `runId` was trained on, if this window started it. */
export function runFile(runId: string): File | undefined {
  return runFiles.get(runId);
}

const runImages = new Map<string, TrainingData>();

/** The image folder or zip a caption run `runId` was trained on, if this window started it. */
export function runImageData(runId: string): TrainingData | undefined {
  return runImages.get(runId);
}

/** The store of runs with the actions the sections call. */
export interface RunsStore {
  getState(): RunsState;
  subscribe(listener: () => void): () => void;
  /**
   * Subscribes to the trainer's events and asks `list-runs`, so a reloaded window finds runs
   * still training and marks runs the trainer no longer holds as interrupted.
   * @returns the unsubscribe function.
   */
  attach(studio: RunsStudio): Promise<() => void>;
  /**
   * Starts a run on `file` with `spec` and selects it. In the desktop app it is queued in main
   * with `desktop.startRun(spec, grantedPath)` (main reads the file; the trainer refuses a
   * window's `start-training`, the utility process opens it); in web mode the File itself goes
   * with `start-training` and the worker reads it (refused above the browser limit first).
   * Without `grantedPath` the desktop app first saves the file's bytes with
   * `desktop.saveDataset` (a bundled sample or a download has no file on disk).
   * @throws NoDatasetPathError in the desktop app when `grantedPath` is missing and the desktop
   *   cannot save data; the desktop's IpcSizeError for data above 64 MiB.
   * @throws the trainer's or main's error (ConfigError, DatasetError) when it refuses the run.
   */
  start(options: StartOptions): Promise<string>;
  pause(runId: string): Promise<void>;
  /**
   * Resumes a paused run; in the desktop app an interrupted or failed run with a checkpoint is
   * queued again from it (`desktop.resumeRun`).
   */
  resume(runId: string): Promise<void>;
  stop(runId: string): Promise<void>;
  /** Asks the trainer for the held-out metrics of the run's best model and keeps them. */
  evaluate(runId: string): Promise<Record<string, number>>;
  select(runId: string | null): void;
  setCompared(runIds: string[]): void;
  /** Forgets a run that is not training. */
  remove(runId: string): void;
  /**
   * Adds a run the trainer does not hold (or replaces the one with its id) and selects it: its
   * history only, e.g. a long synthetic history from the end-to-end tests' hook.
   */
  importRun(run: RunView): void;
}

/** Progress events re-render at most this often (ms); other changes re-render at once. */
const PROGRESS_NOTIFY_MS = 250;

/** How an action reaches the views: progress (a search trial's too) is neither stored nor shown at once; choices of view are not stored. */
function effectOf(action: RunsAction): { persist: boolean; soon: boolean } {
  if (
    action.type === 'training-progress' ||
    action.type === 'evaluation-progress' ||
    action.type === 'tune-progress'
  ) {
    return { persist: false, soon: true };
  }
  if (action.type === 'selected' || action.type === 'compared') {
    return { persist: false, soon: false };
  }
  return { persist: true, soon: false };
}

function errorOf(err: unknown): RunError {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message };
}

const defaultRunId = (): string =>
  `run-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${Math.random()
    .toString(36)
    .slice(2, 6)}`;

/** Creates a store; the app uses {@link runsStore}, tests make their own. */
export function createRunsStore(
  options: {
    storage?: RunsStorage;
    newRunId?: () => string;
    /** Where a failed storage write is reported (quota full); the app's store by default. */
    failures?: WriteFailureStore;
  } = {},
): RunsStore {
  const failures = options.failures ?? writeFailures;
  const { storage } = options;
  const newRunId = options.newRunId ?? defaultRunId;
  const stored = loadRuns(storage);
  let state: RunsState = { runs: stored, selected: stored.at(-1)?.runId ?? null, compared: [] };
  let studio: RunsStudio | null = null;
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function notify(): void {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    for (const l of listeners) l();
  }

  function dispatch(action: RunsAction): void {
    const next = reduceRuns(state, action);
    if (next === state) return;
    state = next;
    const effect = effectOf(action);
    if (effect.persist) saveRuns(storage, state.runs, failures);
    if (!effect.soon) notify();
    else if (timer === null) timer = setTimeout(notify, PROGRESS_NOTIFY_MS);
  }

  async function listRuns(s: RunsStudio): Promise<void> {
    const { runs } = await s.request({ type: 'list-runs' });
    dispatch({ type: 'runs-listed', runs, at: Date.now() });
  }

  function onTrainingEvent(event: TrainingEvent): void {
    if (studio !== null && !state.runs.some((r) => r.runId === event.runId)) {
      // NOTE: a run this window did not start (another window): list-runs names its task; until
      // then its events have no run to go to.
      listRuns(studio).catch((err: unknown) => console.warn('list-runs failed.', err));
    }
    if (event.type === 'training-error' && event.stack !== undefined) {
      console.info(`Run ${event.runId} failed:`, event.stack);
    }
    dispatch(event);
  }

  function requireStudio(): RunsStudio {
    if (studio === null) throw new Error('Runs: the trainer must be connected first, got none.');
    return studio;
  }

  const recorded = (run: RunRecord): RunsAction => ({
    type: 'run-updated',
    run,
    queuePosition: null,
    note: null,
  });

  /** Desktop app: queues the run in main on a file on disk (saving data that has none first). */
  async function startOnDesktop(
    desktop: NonNullable<RunsStudio['desktop']>,
    o: StartOptions,
  ): Promise<string> {
    // NOTE: main reads files, never bytes sent with the run. A File picked or dropped in the page
    // is on disk: granted by its own path (`addDroppedFile`), so it trains at any size. Data with
    // no file on disk (a bundled sample, a download, bytes made in the page) is saved to the app's
    // data folder first, through one IPC message (at most 64 MiB).
    const pathOf = async (f: File): Promise<string> => {
      if (desktop.addDroppedFile !== undefined) {
        const granted = await desktop.addDroppedFile(f).catch(() => null);
        if (granted !== null) return granted.path;
      }
      if (desktop.saveDataset === undefined) throw new NoDatasetPathError(f.name);
      return (await desktop.saveDataset(f.name, new Uint8Array(await f.arrayBuffer()))).path;
    };
    const path = o.grantedPath ?? (await pathOf(fileToSave(o)));
    // NOTE: main reads the language model too: its bytes (a run's export or an opened file)
    // are saved to the app's data folder like data with no file on disk.
    const lmPath = async (lm: StartOptions['initFrom']): Promise<string | undefined> => {
      if (lm === undefined || lm.grantedPath !== undefined) return lm?.grantedPath;
      if (desktop.saveDataset === undefined) throw new NoDatasetPathError(lm.fileName);
      return (await desktop.saveDataset(lm.fileName, lm.bytes)).path;
    };
    const forwardPath = await lmPath(o.initFrom);
    const backwardPath = await lmPath(o.initFromBackward);
    const vectorsPath = o.wordVectors === undefined ? undefined : await pathOf(o.wordVectors);
    const backbonePath =
      o.backboneWeights === undefined ? undefined : await pathOf(o.backboneWeights);
    const record = await desktop.startRun(o.spec, path, {
      ...(forwardPath === undefined ? {} : { initFromPath: forwardPath }),
      ...(backwardPath === undefined ? {} : { initFromBackwardPath: backwardPath }),
      ...(vectorsPath === undefined ? {} : { wordVectorsPath: vectorsPath }),
      ...(backbonePath === undefined ? {} : { backboneWeightsPath: backbonePath }),
      ...(o.auto === undefined ? {} : { auto: o.auto }),
    });
    if (o.file !== undefined) runFiles.set(record.runId, o.file);
    if (o.images !== undefined) runImages.set(record.runId, o.images);
    dispatch(recorded(record));
    dispatch({ type: 'selected', runId: record.runId });
    return record.runId;
  }

  /** Web mode: sends the File (a handle, not its bytes) with `start-training`. */
  async function startInWorker(trainer: RunsStudio, o: StartOptions): Promise<string> {
    const data = dataOf(o);
    const runId = newRunId();
    const run = newRun({
      runId,
      task: o.spec.task,
      label: nextLabel(state, o.spec, data.fileName),
      state: 'preparing',
      startedAt: Date.now(),
    });
    if (o.file !== undefined) runFiles.set(runId, o.file);
    if (o.images !== undefined) runImages.set(runId, o.images);
    dispatch({ type: 'run-started', run: { ...run, spec: o.spec, fileName: data.fileName } });
    // NOTE: the vector file crosses as a File too; the trainer streams it in slices, keeping only
    // the vocabulary's rows, so a vector file of any size trains in the browser edition.
    const vectors =
      o.wordVectors === undefined
        ? undefined
        : { fileName: o.wordVectors.name, file: o.wordVectors };
    try {
      // NOTE: the File itself crosses to the worker (structured clone passes a reference), which
      // refuses it above the browser edition's limit from its size, then reads it in slices: the
      // page never holds the file's bytes.
      const status = await trainer.request({
        type: 'start-training',
        runId,
        spec: o.spec,
        data,
        ...(o.initFrom === undefined
          ? {}
          : { initFrom: { fileName: o.initFrom.fileName, bytes: o.initFrom.bytes } }),
        ...(o.initFromBackward === undefined
          ? {}
          : {
              initFromBackward: {
                fileName: o.initFromBackward.fileName,
                bytes: o.initFromBackward.bytes,
              },
            }),
        ...(o.auto === undefined ? {} : { auto: o.auto }),
        ...(vectors === undefined ? {} : { wordVectors: vectors }),
        ...(o.backboneWeights === undefined
          ? {}
          : { backboneWeights: { fileName: o.backboneWeights.name, file: o.backboneWeights } }),
      });
      dispatch({ type: 'status-received', request: 'start', status });
    } catch (err) {
      dispatch({ type: 'start-failed', runId, error: errorOf(err) });
      throw err;
    }
    return runId;
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async attach(s) {
      studio = s;
      const unsubscribe = s.onEvent((event) => {
        if ('runId' in event) onTrainingEvent(event);
      });
      const offDesktop = s.desktop?.onRunEvent((e: RunEvent) => dispatch(e)) ?? (() => undefined);
      if (s.desktop !== undefined) for (const r of await s.desktop.runs()) dispatch(recorded(r));
      await listRuns(s);
      return () => {
        unsubscribe();
        offDesktop();
      };
    },
    start: (o) => {
      const trainer = requireStudio();
      return trainer.desktop !== undefined
        ? startOnDesktop(trainer.desktop, o)
        : startInWorker(trainer, o);
    },
    async pause(runId) {
      const status = await requireStudio().request({ type: 'pause-training', runId });
      dispatch({ type: 'status-received', request: 'pause', status });
    },
    async resume(runId) {
      const s = requireStudio();
      const run = state.runs.find((r) => r.runId === runId);
      if (s.desktop !== undefined && run !== undefined && run.state !== 'paused') {
        dispatch(recorded(await s.desktop.resumeRun(runId)));
        return;
      }
      const status = await s.request({ type: 'resume-training', runId });
      dispatch({ type: 'status-received', request: 'resume', status });
    },
    async stop(runId) {
      const status = await requireStudio().request({ type: 'stop-training', runId });
      dispatch({ type: 'status-received', request: 'stop', status });
    },
    async evaluate(runId) {
      const { metrics } = await requireStudio().request({ type: 'evaluate', model: { runId } });
      dispatch({ type: 'evaluated', runId, metrics });
      return metrics;
    },
    select: (runId) => dispatch({ type: 'selected', runId }),
    setCompared: (runIds) => dispatch({ type: 'compared', runIds }),
    importRun: (run) => dispatch({ type: 'imported', run }),
    remove: (runId) => dispatch({ type: 'removed', runId }),
  };
}

/** The app's runs. */
export const runsStore: RunsStore = createRunsStore({ storage: browserStorage() });

/** Reads a slice of the runs state and re-renders when it changes; `select` must return stored values (not new arrays or objects). */
export function useRuns<T>(select: (state: RunsState) => T): T {
  return useSyncExternalStore(runsStore.subscribe, () => select(runsStore.getState()));
}

/** The selected run, or null. */
export function useSelectedRun(): RunView | null {
  return useRuns((s) => s.runs.find((r) => r.runId === s.selected) ?? null);
}
