/** The app's training runs: their live progress, epochs, results and errors from trainer events, kept across a window reload. */
import { useSyncExternalStore } from 'react';
import type { RunState, RunStatus, TrainingEvent } from '../../core/protocol/messages.ts';
import type { RunSpec, TaskKind } from '../../core/tasks/spec.ts';
import type { RunEvent, RunRecord, StudioApi } from '../../electron/common/ipc/api.ts';
import { type WriteFailureStore, writeFailures } from './writeFailures.ts';

type EventOf<T extends TrainingEvent['type']> = Extract<TrainingEvent, { type: T }>;
export type ProgressEvent = EventOf<'training-progress'>;
export type EpochEvent = EventOf<'training-epoch'>;
export type FinishedEvent = EventOf<'training-finished'>;

/** Per-step values of a run, one array per series (index i is one progress event). */
export interface StepSeries {
  step: number[];
  loss: number[];
  smoothed: number[];
  lr: number[];
  gradNorm: number[];
}

/** A training error as the trainer reported it. */
export interface RunError {
  name: string;
  message: string;
  suggestion?: string;
}

/** What the UI knows about one run. */
export interface RunView {
  runId: string;
  task: TaskKind;
  /** The spec it was started with; absent for a run this window did not start and never saw. */
  spec?: RunSpec;
  fileName?: string;
  /** A short name for lists and legends, e.g. 'Run 2 · GRU 32'. */
  label: string;
  startedAt: number;
  /**
   * `interrupted`: the trainer no longer holds the run (it was restarted, e.g. a web-mode reload
   * or a crash of the desktop trainer); `queued`: the desktop app's queue holds it.
   */
  state: RunState | 'interrupted' | 'queued';
  /** Desktop app: why the run was interrupted and whether `resume` can continue it from a checkpoint. */
  interruption?: { reason: string; hasCheckpoint: boolean };
  /** Desktop app: while queued, why the run waits (main's note) and its place (0 = next). */
  queue?: { position: number; note: string | null };
  /** Desktop app: main could not write this run's last (or best) checkpoint, and why. */
  checkpointError?: { kind: 'best' | 'last'; message: string };
  progress: ProgressEvent | null;
  steps: StepSeries;
  epochs: EpochEvent[];
  finished: FinishedEvent | null;
  error: RunError | null;
  logs: { level: string; message: string }[];
  /** Held-out metrics from the `evaluate` request. */
  evaluation: Record<string, number> | null;
  /** Bumped on every change, so views can memoise on it. */
  version: number;
}

/** What the runs store holds. */
export interface RunsState {
  runs: RunView[];
  /** The run the Train, Evaluate and Try sections show. */
  selected: string | null;
  /** Runs drawn together on the comparison chart. */
  compared: string[];
}

/**
 * The part of StudioApi the store uses (tests pass a fake). With `desktop` (Electron), runs start
 * and resume through main's run queue; without it (web mode), through trainer requests.
 */
export type RunsStudio = Pick<StudioApi, 'request' | 'onEvent'> & {
  readonly desktop?: Pick<
    NonNullable<StudioApi['desktop']>,
    'startRun' | 'resumeRun' | 'runs' | 'onRunEvent'
  > &
    Partial<Pick<NonNullable<StudioApi['desktop']>, 'saveDataset'>>;
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

/** Where runs are kept across reloads (localStorage in the app, a Map in tests). */
export interface RunsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const STORAGE_KEY = 'rnn-studio.runs.v1';
/** At most this many runs are kept. */
const MAX_RUNS = 20;
/** Steps kept per run in storage (every k-th step beyond it); memory keeps all. */
const STORED_STEPS = 2000;
/** Progress events re-render at most this often (ms); state changes re-render at once. */
const PROGRESS_NOTIFY_MS = 250;

/** The data file of each run this window started (not stored: a File cannot outlive the page). */
const runFiles = new Map<string, File>();

/** The file run `runId` was trained on, if this window started it. */
export function runFile(runId: string): File | undefined {
  return runFiles.get(runId);
}

const emptySteps = (): StepSeries => ({ step: [], loss: [], smoothed: [], lr: [], gradNorm: [] });

/** Every k-th entry of each series so at most `limit` remain (the last one always kept). */
function thinSteps(steps: StepSeries, limit: number): StepSeries {
  const n = steps.step.length;
  if (n <= limit) return steps;
  const every = Math.ceil(n / limit);
  const keep = (a: number[]) => a.filter((_, i) => i % every === 0 || i === n - 1);
  return {
    step: keep(steps.step),
    loss: keep(steps.loss),
    smoothed: keep(steps.smoothed),
    lr: keep(steps.lr),
    gradNorm: keep(steps.gradNorm),
  };
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
   * window's `start-training`); in web mode the file's bytes go with `start-training`.
   * Without `grantedPath` the desktop app first saves the file's bytes with
   * `desktop.saveDataset` (a bundled sample or a download has no file on disk).
   * @throws NoDatasetPathError in the desktop app when `grantedPath` is missing and the desktop
   *   cannot save data; the desktop's IpcSizeError for data above 64 MiB.
   * @throws the trainer's or main's error (ConfigError, DatasetError) when it refuses the run.
   */
  start(options: { spec: RunSpec; file: File; grantedPath?: string }): Promise<string>;
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

/** A short name of a spec's model: 'GRU 32', 'BiLSTM 128 ×2'. */
export function modelLabel(spec: RunSpec): string {
  const r = spec.model.recurrent;
  const layers = r.numLayers > 1 ? ` ×${r.numLayers}` : '';
  return `${r.bidirectional ? 'Bi' : ''}${r.cell.toUpperCase()} ${r.hiddenSize}${layers}`;
}

/** A short name of the data file for run names: without its extension, at most 24 characters. */
export function datasetLabel(fileName: string): string {
  const stem = fileName.replace(/\.[^.]{1,8}$/, '');
  return stem.length > 24 ? `${stem.slice(0, 23)}…` : stem;
}

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
  let studio: RunsStudio | null = null;
  let state: RunsState = { runs: load(), selected: null, compared: [] };
  state = { ...state, selected: state.runs.at(-1)?.runId ?? null };
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function load(): RunView[] {
    if (storage === undefined) return [];
    const raw = storage.getItem(STORAGE_KEY);
    if (raw === null) return [];
    try {
      const runs = JSON.parse(raw) as RunView[];
      return Array.isArray(runs) ? runs.map((r) => ({ ...r, version: 0 })) : [];
    } catch (err) {
      console.warn('Stored runs could not be read; starting with none.', err);
      return [];
    }
  }

  function save(): void {
    if (storage === undefined) return;
    const runs = state.runs.map((r) => ({ ...r, steps: thinSteps(r.steps, STORED_STEPS) }));
    try {
      storage.setItem(STORAGE_KEY, JSON.stringify(runs));
    } catch (err) {
      // NOTE: a full quota costs the runs' history after a reload: the window says so, and in
      // web mode leaving the page asks first (writeFailures.ts).
      console.warn('Runs could not be stored for the next reload.', err);
      const e = err instanceof Error ? err : new Error(String(err));
      failures.report({ kind: 'storage', path: null, message: `${e.name}: ${e.message}` });
      return;
    }
    failures.resolved('storage');
  }

  function notify(): void {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    for (const l of listeners) l();
  }

  function notifySoon(): void {
    if (timer === null) timer = setTimeout(notify, PROGRESS_NOTIFY_MS);
  }

  function set(next: Partial<RunsState>, options: { persist: boolean } = { persist: true }): void {
    state = { ...state, ...next };
    if (options.persist) save();
    notify();
  }

  /** Applies `change` to the run (a fresh object, so views see it) and stores the list. */
  function update(runId: string, change: (run: RunView) => Partial<RunView>, persist = true): void {
    const runs = state.runs.map((r) =>
      r.runId === runId ? { ...r, ...change(r), version: r.version + 1 } : r,
    );
    state = { ...state, runs };
    if (persist) {
      save();
      notify();
    } else notifySoon();
  }

  function ensure(runId: string, task: TaskKind): void {
    if (state.runs.some((r) => r.runId === runId)) return;
    state = {
      ...state,
      runs: [...state.runs, newRun({ runId, task, label: runId, state: 'running' })],
    };
  }

  function onEvent(event: TrainingEvent): void {
    const known = state.runs.find((r) => r.runId === event.runId);
    if (known === undefined) {
      // A run this window did not start (another window): its task comes with `list-runs`.
      ensure(event.runId, 'classify');
      studio
        ?.request({ type: 'list-runs' })
        .then(({ runs }) => reconcile(runs))
        .catch((err: unknown) => console.warn('list-runs failed.', err));
    }
    switch (event.type) {
      case 'training-progress':
        update(
          event.runId,
          (r) => {
            // NOTE: the arrays grow in place (100,000 steps would make copying each event
            // quadratic); `version` tells views they changed.
            r.steps.step.push(event.step);
            r.steps.loss.push(event.loss);
            r.steps.smoothed.push(event.smoothedLoss);
            r.steps.lr.push(event.lr);
            r.steps.gradNorm.push(event.gradNorm);
            return { progress: event };
          },
          false,
        );
        break;
      case 'training-epoch':
        update(event.runId, (r) => ({ epochs: [...r.epochs, event] }));
        break;
      case 'training-finished':
        update(event.runId, () => ({ finished: event }));
        break;
      case 'training-error': {
        const error: RunError = { name: event.name, message: event.message };
        if (event.suggestion !== undefined) error.suggestion = event.suggestion;
        if (event.stack !== undefined) console.info(`Run ${event.runId} failed:`, event.stack);
        update(event.runId, () => ({ error }));
        break;
      }
      case 'training-state':
        update(event.runId, () => ({ state: event.state }));
        break;
      case 'training-log':
        update(event.runId, (r) => ({
          logs: [...r.logs.slice(-199), { level: event.level, message: event.message }],
        }));
        break;
      case 'checkpoint':
        // Checkpoints are the host's to store (Electron's run registry writes them to disk).
        break;
      default:
        break;
    }
  }

  function reconcile(listed: RunStatus[]): void {
    const byId = new Map(listed.map((s) => [s.runId, s]));
    let runs = state.runs.map((r) => {
      const s = byId.get(r.runId);
      if (s !== undefined) {
        const task = r.spec?.task ?? (s.task as TaskKind);
        return { ...r, task, state: s.state, version: r.version + 1 };
      }
      const live = r.state === 'preparing' || r.state === 'running' || r.state === 'paused';
      return live || r.state === 'stopping'
        ? { ...r, state: 'interrupted' as const, version: r.version + 1 }
        : r;
    });
    for (const s of listed) {
      if (!runs.some((r) => r.runId === s.runId)) {
        runs = [
          ...runs,
          newRun({ runId: s.runId, task: s.task as TaskKind, label: s.runId, state: s.state }),
        ];
      }
    }
    set({ runs, selected: state.selected ?? runs.at(-1)?.runId ?? null });
  }

  function labelOf(spec: RunSpec, fileName: string): string {
    return `#${state.runs.length + 1} · ${datasetLabel(fileName)} · ${modelLabel(spec)}`;
  }

  /**
   * Adds or updates a run from main's record (desktop app): spec, file, state, queue place and
   * a failure main recorded (e.g. the trainer refused the run).
   */
  function merge(record: RunRecord, queue: { position: number; note: string | null } | null) {
    const known = state.runs.find((r) => r.runId === record.runId);
    const live: RunView['state'] =
      known?.state === 'interrupted' && record.state === 'failed' ? 'interrupted' : record.state;
    const change = (r: RunView): Partial<RunView> => {
      const next: Partial<RunView> = { spec: record.spec, task: record.spec.task, state: live };
      next.fileName = record.dataset.fileName;
      if (r.label === r.runId) next.label = labelOf(record.spec, record.dataset.fileName);
      if (record.error !== null && r.error === null) next.error = record.error;
      if (queue !== null) next.queue = queue;
      else if (record.state !== 'queued') next.queue = undefined;
      if (record.state === 'queued' || record.state === 'preparing') next.interruption = undefined;
      next.checkpointError = record.checkpointError ?? undefined;
      return next;
    };
    if (known === undefined) {
      const run = newRun({
        runId: record.runId,
        task: record.spec.task,
        label: record.runId,
        state: live,
      });
      state = { ...state, runs: [...state.runs, { ...run, ...change(run) }].slice(-MAX_RUNS) };
      save();
      notify();
    } else update(record.runId, change);
  }

  function onRunEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-updated':
        merge(
          event.run,
          event.queuePosition === null ? null : { position: event.queuePosition, note: event.note },
        );
        break;
      case 'run-interrupted':
        ensure(event.runId, 'classify');
        update(event.runId, () => ({
          state: 'interrupted',
          interruption: { reason: event.reason, hasCheckpoint: event.hasCheckpoint },
        }));
        break;
      default:
        break;
    }
  }

  function requireStudio(): RunsStudio {
    if (studio === null) throw new Error('Runs: the trainer must be connected first, got none.');
    return studio;
  }

  const newRunId =
    options.newRunId ??
    (() =>
      `run-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${Math.random()
        .toString(36)
        .slice(2, 6)}`);

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async attach(s) {
      studio = s;
      const unsubscribe = s.onEvent((event) => {
        if ('runId' in event) onEvent(event);
      });
      const offDesktop = s.desktop?.onRunEvent(onRunEvent) ?? (() => undefined);
      if (s.desktop !== undefined) for (const record of await s.desktop.runs()) merge(record, null);
      const { runs } = await s.request({ type: 'list-runs' });
      reconcile(runs);
      return () => {
        unsubscribe();
        offDesktop();
      };
    },
    async start({ spec, file, grantedPath }) {
      const trainer = requireStudio();
      if (trainer.desktop !== undefined) {
        let path = grantedPath;
        if (path === undefined) {
          // NOTE: data with no file on disk (a bundled sample, a download) is saved to the app's
          // data folder first; main reads files, never bytes sent with the run.
          if (trainer.desktop.saveDataset === undefined) throw new NoDatasetPathError(file.name);
          const bytes = new Uint8Array(await file.arrayBuffer());
          path = (await trainer.desktop.saveDataset(file.name, bytes)).path;
        }
        const record = await trainer.desktop.startRun(spec, path);
        runFiles.set(record.runId, file);
        merge(record, null);
        set({ selected: record.runId });
        return record.runId;
      }
      const runId = newRunId();
      const run = newRun({
        runId,
        task: spec.task,
        label: labelOf(spec, file.name),
        state: 'preparing',
      });
      run.spec = spec;
      run.fileName = file.name;
      runFiles.set(runId, file);
      set({ runs: [...state.runs, run].slice(-MAX_RUNS), selected: runId });
      const bytes = new Uint8Array(await file.arrayBuffer());
      try {
        const status = await trainer.request({
          type: 'start-training',
          runId,
          spec,
          data: { fileName: file.name, bytes },
        });
        update(runId, (r) => (r.state === 'preparing' ? { state: status.state } : {}));
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        update(runId, (r) => ({
          state: 'failed',
          error: r.error ?? { name: e.name, message: e.message },
        }));
        throw err;
      }
      return runId;
    },
    async pause(runId) {
      const status = await requireStudio().request({ type: 'pause-training', runId });
      update(runId, () => ({ state: status.state }));
    },
    async resume(runId) {
      const s = requireStudio();
      const run = state.runs.find((r) => r.runId === runId);
      if (s.desktop !== undefined && run !== undefined && run.state !== 'paused') {
        const record = await s.desktop.resumeRun(runId);
        merge(record, null);
        return;
      }
      const status = await s.request({ type: 'resume-training', runId });
      update(runId, () => ({ state: status.state }));
    },
    async stop(runId) {
      const status = await requireStudio().request({ type: 'stop-training', runId });
      update(runId, (r) => (r.state === 'finished' ? {} : { state: status.state }));
    },
    async evaluate(runId) {
      const { metrics } = await requireStudio().request({ type: 'evaluate', model: { runId } });
      update(runId, () => ({ evaluation: metrics }));
      return metrics;
    },
    select(runId) {
      set({ selected: runId }, { persist: false });
    },
    setCompared(runIds) {
      set({ compared: runIds }, { persist: false });
    },
    importRun(run) {
      const others = state.runs.filter((r) => r.runId !== run.runId);
      const known = state.runs.find((r) => r.runId === run.runId);
      const version = (known?.version ?? -1) + 1;
      set({ runs: [...others, { ...run, version }].slice(-MAX_RUNS), selected: run.runId });
    },
    remove(runId) {
      set({
        runs: state.runs.filter((r) => r.runId !== runId),
        compared: state.compared.filter((id) => id !== runId),
        selected: state.selected === runId ? null : state.selected,
      });
    },
  };
}

function newRun(init: {
  runId: string;
  task: TaskKind;
  label: string;
  state: RunView['state'];
}): RunView {
  return {
    ...init,
    startedAt: Date.now(),
    progress: null,
    steps: emptySteps(),
    epochs: [],
    finished: null,
    error: null,
    logs: [],
    evaluation: null,
    version: 0,
  };
}

/** True while a run is queued, preparing, training, paused or stopping. */
export function isActive(run: RunView): boolean {
  return ['queued', 'preparing', 'running', 'paused', 'stopping'].includes(run.state);
}

function browserStorage(): RunsStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch (err) {
    console.warn('localStorage is unavailable; runs will not survive a reload.', err);
    return undefined;
  }
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
