/** The runs the app shows, as a pure reducer: trainer events, the desktop run registry's events and the user's actions in, the next state out. */

import { assertNever, type MessageDetail } from '../../core/errors.ts';
import type { RunState, RunStatus, TrainingEvent } from '../../core/protocol/messages.ts';
import { type RunSpec, type TaskKind, taskKindSchema } from '../../core/tasks/spec.ts';
import type { TrialProgress, TrialReport, TunePlan } from '../../core/tune/report.ts';
import type { RunEvent, RunRecord } from '../../electron/common/ipc/api.ts';

type EventOf<T extends TrainingEvent['type']> = Extract<TrainingEvent, { type: T }>;
export type ProgressEvent = EventOf<'training-progress'>;
export type EpochEvent = EventOf<'training-epoch'>;
export type FinishedEvent = EventOf<'training-finished'>;
export type EvaluationProgressEvent = EventOf<'evaluation-progress'>;

/** Per-step values of a run, one array per series (index i is one progress event). */
export interface StepSeries {
  step: number[];
  loss: number[];
  smoothed: number[];
  lr: number[];
  gradNorm: number[];
}

/** One auto-tune trial's smoothed training loss by its own step, across the rounds it trains in. */
export interface TrialCurve {
  trial: number;
  step: number[];
  loss: number[];
}

/** A training error as the trainer reported it. */
export interface RunError {
  name: string;
  message: string;
  /** The message as a key and parameters, for wording it in the UI's language. */
  detail?: MessageDetail;
  suggestion?: string;
  suggestionDetail?: MessageDetail;
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
  /** The final evaluation's progress while it runs (examples of the split scored, of total); cleared when the run finishes. */
  evaluating?: { examples: number; total: number } | null;
  /** The word vectors: bytes of the file read so far, then what they covered (`report`). */
  readingVectors?: {
    fileName: string;
    bytesRead: number;
    totalBytes: number;
    report?: NonNullable<EventOf<'vectors-progress'>['report']>;
  };
  steps: StepSeries;
  epochs: EpochEvent[];
  finished: FinishedEvent | null;
  error: RunError | null;
  logs: { level: string; message: string }[];
  /**
   * Auto-tune: the search's plan, each trial's reports as they finish, the trial training now
   * (its latest `tune-progress`, null before the first and once the search is over), each
   * trial's loss curve so far (absent in runs stored before curves were kept), and the winner
   * once it is over.
   */
  tune?: {
    plan: TunePlan;
    reports: TrialReport[];
    live: TrialProgress | null;
    curves?: TrialCurve[];
    best: number | null;
  };
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

/** What changes the runs: the trainer's and main's events, the replies to requests, the user's choices. */
export type RunsAction =
  | TrainingEvent
  | RunEvent
  /** `list-runs` answered at time `at` (ms): the runs the trainer holds. */
  | { type: 'runs-listed'; runs: readonly RunStatus[]; at: number }
  /** Web mode: a run this window asked the trainer to start. */
  | { type: 'run-started'; run: RunView }
  /** The trainer's reply to a start, pause, resume or stop request. */
  | { type: 'status-received'; request: 'start' | 'pause' | 'resume' | 'stop'; status: RunStatus }
  /** The trainer refused to start the run. */
  | { type: 'start-failed'; runId: string; error: RunError }
  | { type: 'evaluated'; runId: string; metrics: Record<string, number> }
  | { type: 'selected'; runId: string | null }
  | { type: 'compared'; runIds: string[] }
  | { type: 'removed'; runId: string }
  /** A run with its history only (e.g. from the end-to-end tests' hook), selected. */
  | { type: 'imported'; run: RunView };

/** At most this many runs are kept. */
export const MAX_RUNS = 20;
/** Log lines kept per run. */
const MAX_LOGS = 200;

const emptySteps = (): StepSeries => ({ step: [], loss: [], smoothed: [], lr: [], gradNorm: [] });

/** A run with no history yet. */
export function newRun(init: {
  runId: string;
  task: TaskKind;
  label: string;
  state: RunView['state'];
  startedAt: number;
}): RunView {
  return {
    ...init,
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

/** The label of the next run of `spec` on `fileName`: '#3 · nsmc_sample_10k · GRU 32'. */
export function nextLabel(state: RunsState, spec: RunSpec, fileName: string): string {
  return `#${state.runs.length + 1} · ${datasetLabel(fileName)} · ${modelLabel(spec)}`;
}

/** True while a run is queued, preparing, training, paused or stopping. */
export function isActive(run: RunView): boolean {
  return ['queued', 'preparing', 'running', 'paused', 'stopping'].includes(run.state);
}

/** The known run `runId` changed by `change` (a fresh object with a new version); unknown ids change nothing. */
function updateRun(
  state: RunsState,
  runId: string,
  change: (run: RunView) => Partial<RunView>,
): RunsState {
  if (!state.runs.some((r) => r.runId === runId)) return state;
  const runs = state.runs.map((r) =>
    r.runId === runId ? { ...r, ...change(r), version: r.version + 1 } : r,
  );
  return { ...state, runs };
}

/** `run` added last (at most {@link MAX_RUNS} kept). */
function addRun(state: RunsState, run: RunView): RunsState {
  return { ...state, runs: [...state.runs, run].slice(-MAX_RUNS) };
}

function onProgress(state: RunsState, event: ProgressEvent): RunsState {
  return updateRun(state, event.runId, (r) => {
    // NOTE: the arrays grow in place (100,000 steps would make copying each event quadratic);
    // `version` tells views they changed.
    r.steps.step.push(event.step);
    r.steps.loss.push(event.loss);
    r.steps.smoothed.push(event.smoothedLoss);
    r.steps.lr.push(event.lr);
    r.steps.gradNorm.push(event.gradNorm);
    return { progress: event };
  });
}

/** A trial's step during the search: the live trial, and a point on its curve (grown in place, as onProgress does). */
function onTuneProgress(state: RunsState, event: EventOf<'tune-progress'>): RunsState {
  return updateRun(state, event.runId, (r) => {
    if (r.tune === undefined || r.tune.best !== null) return {};
    const { trial, step, loss } = event.progress;
    const curves = r.tune.curves ?? [];
    let curve = curves.find((c) => c.trial === trial);
    if (curve === undefined) {
      curve = { trial, step: [], loss: [] };
      curves.push(curve);
    }
    // NOTE: a trial continued from its checkpoint in a later round goes on from its last step;
    // a step at or before it (the same rung sent twice) adds nothing.
    if (step > (curve.step.at(-1) ?? -1)) {
      curve.step.push(step);
      curve.loss.push(loss);
    }
    return { tune: { ...r.tune, live: event.progress, curves } };
  });
}

function onTrainingError(state: RunsState, event: EventOf<'training-error'>): RunsState {
  const error: RunError = { name: event.name, message: event.message };
  if (event.detail !== undefined) error.detail = event.detail;
  if (event.suggestion !== undefined) error.suggestion = event.suggestion;
  if (event.suggestionDetail !== undefined) error.suggestionDetail = event.suggestionDetail;
  return updateRun(state, event.runId, () => ({ error }));
}

/**
 * The trainer's list against the runs shown: a listed run takes the trainer's state (and is added
 * if unknown, with the task the trainer names); a run the trainer no longer holds that was live is
 * interrupted. Entries naming a task this build does not know are left out.
 */
function onListed(
  state: RunsState,
  { runs: listed, at }: { runs: readonly RunStatus[]; at: number },
): RunsState {
  const byId = new Map(listed.map((s) => [s.runId, s]));
  const runs = state.runs.map((r): RunView => {
    const s = byId.get(r.runId);
    if (s !== undefined) return { ...r, state: s.state, version: r.version + 1 };
    const live = ['preparing', 'running', 'paused', 'stopping'].includes(r.state);
    return live ? { ...r, state: 'interrupted', version: r.version + 1 } : r;
  });
  for (const s of listed) {
    const task = taskKindSchema.safeParse(s.task);
    if (!task.success || runs.some((r) => r.runId === s.runId)) continue;
    runs.push(
      newRun({ runId: s.runId, task: task.data, label: s.runId, state: s.state, startedAt: at }),
    );
  }
  return { ...state, runs, selected: state.selected ?? runs.at(-1)?.runId ?? null };
}

/**
 * Main's record of a run (desktop app) added or merged: spec, file, state, queue place and a
 * failure main recorded (e.g. the trainer refused the run). An interrupted run stays interrupted
 * when main records it failed.
 */
function onRecord(
  state: RunsState,
  record: RunRecord,
  queue: { position: number; note: string | null } | null,
): RunsState {
  const known = state.runs.find((r) => r.runId === record.runId);
  const live: RunView['state'] =
    known?.state === 'interrupted' && record.state === 'failed' ? 'interrupted' : record.state;
  const change = (r: RunView): Partial<RunView> => {
    const next: Partial<RunView> = {
      spec: record.spec,
      task: record.spec.task,
      state: live,
      fileName: record.dataset.fileName,
      checkpointError: record.checkpointError ?? undefined,
    };
    if (r.label === r.runId) next.label = nextLabel(state, record.spec, record.dataset.fileName);
    if (record.error !== null && r.error === null) next.error = record.error;
    if (queue !== null) next.queue = queue;
    else if (record.state !== 'queued') next.queue = undefined;
    if (record.state === 'queued' || record.state === 'preparing') next.interruption = undefined;
    return next;
  };
  if (known !== undefined) return updateRun(state, record.runId, change);
  const startedAt = Date.parse(record.createdAt);
  const run = newRun({
    runId: record.runId,
    task: record.spec.task,
    label: record.runId,
    state: live,
    startedAt: Number.isNaN(startedAt) ? 0 : startedAt,
  });
  return addRun(state, { ...run, ...change(run) });
}

/** The state a request's reply leaves: a start only moves a run still preparing; a stop never undoes finished. */
function onStatus(
  state: RunsState,
  action: Extract<RunsAction, { type: 'status-received' }>,
): RunsState {
  const { request, status } = action;
  return updateRun(state, status.runId, (r) => {
    if (request === 'start' && r.state !== 'preparing') return {};
    if (request === 'stop' && r.state === 'finished') return {};
    return { state: status.state };
  });
}

/** Events about one run from the trainer (`training-*`, `checkpoint`). Unknown run ids change nothing. */
function reduceTraining(state: RunsState, event: TrainingEvent): RunsState {
  switch (event.type) {
    case 'training-progress':
      return onProgress(state, event);
    case 'training-epoch':
      return updateRun(state, event.runId, (r) => ({ epochs: [...r.epochs, event] }));
    case 'evaluation-progress':
      return updateRun(state, event.runId, () => ({
        evaluating: { examples: event.examples, total: event.total },
      }));
    case 'vectors-progress':
      return updateRun(state, event.runId, () => ({
        readingVectors: {
          fileName: event.fileName,
          bytesRead: event.bytesRead,
          totalBytes: event.totalBytes,
          ...(event.report === undefined ? {} : { report: event.report }),
        },
      }));
    case 'training-finished':
      return updateRun(state, event.runId, () => ({ finished: event, evaluating: null }));
    case 'training-error':
      return onTrainingError(state, event);
    case 'training-state':
      return updateRun(state, event.runId, () => ({ state: event.state }));
    case 'training-log':
      return updateRun(state, event.runId, (r) => ({
        logs: [...r.logs.slice(-(MAX_LOGS - 1)), { level: event.level, message: event.message }],
      }));
    case 'checkpoint':
      // Checkpoints are the host's to store (Electron's run registry writes them to disk).
      return state;
    case 'tune-started':
      return updateRun(state, event.runId, () => ({
        tune: { plan: event.plan, reports: [], live: null, curves: [], best: null },
      }));
    case 'tune-trial':
      return updateRun(state, event.runId, (r) =>
        r.tune === undefined
          ? {}
          : { tune: { ...r.tune, reports: [...r.tune.reports, event.report] } },
      );
    case 'tune-progress':
      return onTuneProgress(state, event);
    case 'tune-finished':
      return updateRun(state, event.runId, (r) =>
        r.tune === undefined ? {} : { tune: { ...r.tune, live: null, best: event.best } },
      );
    default:
      return assertNever(event);
  }
}

/** The next state after `action`. Pure, except that progress steps are appended in place (see onProgress). */
export function reduceRuns(state: RunsState, action: RunsAction): RunsState {
  switch (action.type) {
    case 'training-progress':
    case 'training-epoch':
    case 'evaluation-progress':
    case 'vectors-progress':
    case 'training-finished':
    case 'training-error':
    case 'training-state':
    case 'training-log':
    case 'checkpoint':
    case 'tune-started':
    case 'tune-trial':
    case 'tune-progress':
    case 'tune-finished':
      return reduceTraining(state, action);
    case 'run-updated':
      return onRecord(
        state,
        action.run,
        action.queuePosition === null
          ? null
          : { position: action.queuePosition, note: action.note },
      );
    case 'run-interrupted':
      return updateRun(state, action.runId, () => ({
        state: 'interrupted',
        interruption: { reason: action.reason, hasCheckpoint: action.hasCheckpoint },
      }));
    case 'runs-listed':
      return onListed(state, action);
    case 'run-started':
      return { ...addRun(state, action.run), selected: action.run.runId };
    case 'status-received':
      return onStatus(state, action);
    case 'start-failed':
      return updateRun(state, action.runId, (r) => ({
        state: 'failed',
        error: r.error ?? action.error,
      }));
    case 'evaluated':
      return updateRun(state, action.runId, () => ({ evaluation: action.metrics }));
    case 'selected':
      return { ...state, selected: action.runId };
    case 'compared':
      return { ...state, compared: action.runIds };
    case 'removed':
      return {
        runs: state.runs.filter((r) => r.runId !== action.runId),
        compared: state.compared.filter((id) => id !== action.runId),
        selected: state.selected === action.runId ? null : state.selected,
      };
    case 'imported': {
      const known = state.runs.find((r) => r.runId === action.run.runId);
      const others = state.runs.filter((r) => r.runId !== action.run.runId);
      const run = { ...action.run, version: (known?.version ?? -1) + 1 };
      return { ...addRun({ ...state, runs: others }, run), selected: run.runId };
    }
    default:
      return assertNever(action);
  }
}
