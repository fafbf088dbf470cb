/** Main's run registry: records every run, queues them one at a time on the trainer, writes their checkpoints, and handles a trainer crash. */
import { ConfigError } from '../../../core/errors.ts';
import type { AutoTuneRequest, TrainerToHost } from '../../../core/protocol/messages.ts';
import { createTrainerClient, type TrainerClient } from '../../../core/protocol/trainerClient.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type { WriteFailure } from '../../common/ipc/api.ts';
import {
  ACTIVE_STATES,
  type HistoryEntrySummary,
  MAX_HISTORY,
  QUEUE_NOTE,
  type RunEvent,
  type RunRecord,
} from '../../common/runRecord.ts';
import type { FileStartRequest } from '../../trainer/mainRequests.ts';
import type { TrainerExitInfo } from '../trainerProcess.ts';
import type { RunFiles } from './runFiles.ts';
import { trustCheckpoints } from './runTrust.ts';

/** Main's end of its own trainer channel (adapted from MessagePortMain, or Node's in tests). */
export interface MainPort {
  postMessage(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  close(): void;
}

/** Options for {@link RunRegistry}. */
export interface RunRegistryOptions {
  /** The run folders (userData/runs). */
  files: RunFiles;
  /** Sends a run event to every window. */
  notify: (event: RunEvent) => void;
  /** Log lines (checkpoint write failures, unexpected trainer errors). */
  log: (line: string) => void;
  /**
   * Whether a run may train on the data file at `path` (main.ts: a granted file, or one in the
   * app's own data folders). A run loaded from a project whose file is not is refused on resume.
   */
  isDatasetTrusted: (path: string) => boolean;
  /** A checkpoint could not be written: windows show it (the run is marked too). */
  onWriteFailed?: (failure: WriteFailure) => void;
  /** The clock for timestamps; injectable for tests. */
  now?: () => Date;
  /** Makes a new run id; injectable for tests. */
  newRunId?: () => string;
}

/** Raised for a run request the registry refuses (unknown run, nothing to resume, …). */
export class RunRequestError extends Error {
  override readonly name = 'RunRequestError';
}

function defaultRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${Math.random().toString(16).slice(2, 6)}`;
}

/** Keeps at most MAX_HISTORY entries: the oldest half is thinned to every second entry. */
function appendHistory(history: HistoryEntrySummary[], entry: HistoryEntrySummary): void {
  history.push(entry);
  if (history.length <= MAX_HISTORY) return;
  const half = Math.floor(history.length / 2);
  const thinned = history.slice(0, half).filter((_, i) => i % 2 === 0);
  history.splice(0, history.length, ...thinned, ...history.slice(half));
}

/**
 * The rule for concurrent runs: one run at a time per trainer process, the others wait in a
 * first-in-first-out queue (see QUEUE_NOTE). Runs start only here, on main's own port to the
 * trainer; the trainer refuses `start-training` from windows. Windows watch progress on their own
 * ports; main sees only state, epochs, results and checkpoints, which it writes atomically to
 * userData/runs/<runId>/.
 */
export class RunRegistry {
  private readonly runs = new Map<string, RunRecord>();
  private queue: string[] = [];
  private active: string | null = null;
  /** Where each queued run continues from (its last checkpoint), when resumed. */
  private readonly resumeFrom = new Map<string, string>();
  /** Why a loaded run's checkpoint was ignored (runTrust.ts), for the resume refusal. */
  private readonly ignoredCheckpoints = new Map<string, string>();
  private client: TrainerClient | null = null;
  private port: MainPort | null = null;
  /** Per-run chains of checkpoint writes, so they land in order and can be awaited. */
  private readonly writes = new Map<string, Promise<void>>();
  private readonly changeListeners = new Set<() => void>();
  private readonly now: () => Date;
  private readonly newRunId: () => string;

  constructor(private readonly options: RunRegistryOptions) {
    this.now = options.now ?? (() => new Date());
    this.newRunId = options.newRunId ?? (() => defaultRunId(this.now()));
  }

  /** Every run, oldest first. */
  list(): RunRecord[] {
    return [...this.runs.values()].map((r) => structuredClone(r));
  }

  /** One run. @throws RunRequestError for an unknown id. */
  get(runId: string): RunRecord {
    return structuredClone(this.record(runId));
  }

  /** Fires after any run changed (the project session autosaves on it). Returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Takes main's new port to the trainer (at start and after a restart) and starts the next
   * queued run on it.
   */
  attachPort(port: MainPort): void {
    this.port?.close();
    this.port = port;
    const client = createTrainerClient((message) => port.postMessage(message));
    this.client = client;
    port.onMessage((data) => client.receive(data));
    client.onEvent((event) => this.onTrainerEvent(event));
    this.pump();
  }

  /**
   * Queues a new run on a granted data file; it starts when the runs ahead of it end.
   * @returns the new run's record (state `queued`).
   */
  startRun(request: {
    spec: RunSpec;
    dataset: { path: string; fileName: string };
    initFrom?: { path: string; fileName: string };
    initFromBackward?: { path: string; fileName: string };
    auto?: AutoTuneRequest;
    wordVectors?: { path: string; fileName: string };
    backboneWeights?: { path: string; fileName: string };
  }): RunRecord {
    const runId = this.newRunId();
    const record: RunRecord = {
      runId,
      spec: request.spec,
      dataset: request.dataset,
      ...(request.initFrom === undefined ? {} : { initFrom: request.initFrom }),
      ...(request.initFromBackward === undefined
        ? {}
        : { initFromBackward: request.initFromBackward }),
      ...(request.auto === undefined ? {} : { auto: request.auto }),
      ...(request.wordVectors === undefined ? {} : { wordVectors: request.wordVectors }),
      ...(request.backboneWeights === undefined
        ? {}
        : { backboneWeights: request.backboneWeights }),
      state: 'queued',
      createdAt: this.now().toISOString(),
      endedAt: null,
      history: [],
      metrics: null,
      baseline: null,
      finishReason: null,
      error: null,
      checkpoints: { last: null, best: null },
      models: [],
    };
    this.runs.set(runId, record);
    this.queue.push(runId);
    this.changed(record);
    this.pump();
    return structuredClone(record);
  }

  /**
   * Queues a failed or stopped run again, continuing from its last checkpoint.
   * @throws RunRequestError for an unknown run, one still queued or training, or one without a
   *   checkpoint file.
   */
  async resumeRun(runId: string): Promise<RunRecord> {
    const record = this.record(runId);
    if (record.state !== 'failed' && record.state !== 'finished') {
      throw new RunRequestError(
        `Runs: run '${runId}' must have ended to be resumed, got ${record.state}.`,
      );
    }
    if (!this.options.isDatasetTrusted(record.dataset.path)) {
      throw new RunRequestError(
        `Runs: run '${runId}' trains on '${record.dataset.path}', which is not a file you opened; locate the dataset (Data › Locate…) and resume again.`,
      );
    }
    await this.writes.get(runId);
    const last = record.checkpoints.last;
    if (
      last === null ||
      last !== this.options.files.checkpointPath(runId, 'last') ||
      !(await this.options.files.exists(last))
    ) {
      const why = this.ignoredCheckpoints.get(runId);
      throw new RunRequestError(
        `Runs: run '${runId}' has no checkpoint to resume from${why === undefined ? '' : ` (${why})`}.`,
      );
    }
    record.state = 'queued';
    record.error = null;
    record.endedAt = null;
    record.finishReason = null;
    this.resumeFrom.set(runId, last);
    this.queue.push(runId);
    this.changed(record);
    this.pump();
    return structuredClone(record);
  }

  /** Removes a queued run from the queue (it ends as failed, "cancelled"). @throws RunRequestError unless queued. */
  cancelQueued(runId: string): RunRecord {
    const record = this.record(runId);
    if (!this.queue.includes(runId)) {
      throw new RunRequestError(
        `Runs: run '${runId}' must be queued to be cancelled, got ${record.state}.`,
      );
    }
    this.queue = this.queue.filter((id) => id !== runId);
    this.resumeFrom.delete(runId);
    this.end(record, 'failed');
    record.error = {
      name: 'RunCancelled',
      message: 'Runs: the run was cancelled before it started.',
    };
    this.changed(record);
    return structuredClone(record);
  }

  /**
   * Adds runs read from a project. A run the project saw training (the app closed or crashed
   * meanwhile) is recorded as failed, resumable from its checkpoint. Runs already known are kept.
   * Checkpoint paths outside the run's own folder are dropped (runTrust.ts); a run whose data file
   * is not trusted loads but refuses to resume until the file is located.
   * @returns one line per refused path (also logged).
   */
  load(records: readonly RunRecord[]): string[] {
    const refused: string[] = [];
    for (const saved of records) {
      if (this.runs.has(saved.runId)) continue;
      const { record, problems, ignoredLast } = trustCheckpoints(saved, this.options.files);
      for (const problem of problems) this.options.log(problem);
      refused.push(...problems);
      if (ignoredLast !== null) this.ignoredCheckpoints.set(record.runId, ignoredLast);
      if (record.state === 'queued' || ACTIVE_STATES.has(record.state)) {
        record.state = 'failed';
        record.endedAt ??= this.now().toISOString();
        record.error = {
          name: 'RunInterrupted',
          message: 'RNN Studio closed while this run was queued or training.',
        };
      }
      this.runs.set(record.runId, record);
    }
    for (const l of this.changeListeners) l();
    return refused;
  }

  /** Points the runs that trained on `oldPath` at `newPath`, a file the user located. */
  relocateDataset(oldPath: string, newPath: string): void {
    for (const record of this.runs.values()) {
      if (record.dataset.path !== oldPath) continue;
      record.dataset.path = newPath;
      this.changed(record);
    }
  }

  /** Records a model written from a run (export). @throws RunRequestError for an unknown run. */
  addModel(runId: string, model: RunRecord['models'][number]): void {
    const record = this.record(runId);
    record.models.push(model);
    this.changed(record);
  }

  /** Asks the trainer for a run's `.rnnmodel` bytes. @throws RunRequestError without a trainer. */
  exportBundle(
    runId: string,
    which: 'best' | 'last',
  ): Promise<{ bytes: Uint8Array; fileName: string }> {
    this.record(runId);
    if (this.client === null) {
      throw new RunRequestError('Runs: the trainer is not running; restart RNN Studio to export.');
    }
    return this.client.request({ type: 'export-bundle', runId, which });
  }

  /** Resolves once every checkpoint write so far has landed (tests, quit). */
  async idle(): Promise<void> {
    await Promise.all([...this.writes.values()]);
  }

  /**
   * The trainer died: every run it was working on is failed with the reason, then windows hear
   * which of them can be resumed from a checkpoint. The queue goes on once a new port arrives.
   */
  trainerCrashed(info: TrainerExitInfo, options: { restarted: boolean }): Promise<void> {
    this.client?.failAll(`The trainer stopped unexpectedly (${info.reason}).`);
    this.client = null;
    this.port = null;
    const hit = [...this.runs.values()].filter(
      (r) => r.runId === this.active || ACTIVE_STATES.has(r.state),
    );
    this.active = null;
    const message = options.restarted
      ? `The trainer stopped unexpectedly (${info.reason}) while this run was training.`
      : `The trainer stopped unexpectedly (${info.reason}) while this run was training, and was not restarted.`;
    for (const record of hit) {
      this.end(record, 'failed');
      record.error = { name: 'TrainerCrashError', message };
      this.changed(record);
    }
    return Promise.all(
      hit.map(async (record) => {
        await this.writes.get(record.runId);
        const last = record.checkpoints.last;
        const hasCheckpoint = last !== null && (await this.options.files.exists(last));
        this.options.notify({
          type: 'run-interrupted',
          runId: record.runId,
          reason: info.reason,
          hasCheckpoint,
        });
      }),
    ).then(() => undefined);
  }

  private record(runId: string): RunRecord {
    const record = this.runs.get(runId);
    if (record === undefined) {
      throw new RunRequestError(`Runs: runId must name a recorded run, got '${runId}'.`);
    }
    return record;
  }

  private changed(record: RunRecord): void {
    const position = this.queue.indexOf(record.runId);
    const queued = position >= 0;
    this.options.notify({
      type: 'run-updated',
      run: structuredClone(record),
      queuePosition: queued ? position : null,
      note: queued ? QUEUE_NOTE : null,
    });
    for (const l of this.changeListeners) l();
  }

  private end(record: RunRecord, state: 'finished' | 'failed'): void {
    record.state = state;
    record.endedAt = this.now().toISOString();
    if (this.active === record.runId) this.active = null;
  }

  /** Starts the first queued run when none is active and the trainer is connected. */
  private pump(): void {
    const client = this.client;
    if (this.active !== null || client === null) return;
    const runId = this.queue.shift();
    if (runId === undefined) return;
    const record = this.record(runId);
    this.active = runId;
    const checkpointPath = this.resumeFrom.get(runId);
    this.resumeFrom.delete(runId);
    // The queue moved: every run still waiting has a new position.
    for (const id of this.queue) this.changed(this.record(id));
    const request: Omit<FileStartRequest, 'id'> = {
      type: 'start-training',
      runId,
      spec: record.spec,
      data: { fileName: record.dataset.fileName, path: record.dataset.path },
      ...(checkpointPath === undefined ? {} : { checkpointPath }),
      ...(record.initFrom === undefined ? {} : { initFrom: record.initFrom }),
      ...(record.initFromBackward === undefined
        ? {}
        : { initFromBackward: record.initFromBackward }),
      // NOTE: a search keeps its trials in the trainer; a run continued from a checkpoint trains on plainly.
      ...(record.auto === undefined || checkpointPath !== undefined ? {} : { auto: record.auto }),
      ...(record.wordVectors === undefined ? {} : { wordVectors: record.wordVectors }),
      ...(record.backboneWeights === undefined ? {} : { backboneWeights: record.backboneWeights }),
    };
    // NOTE: main's port accepts start-training with paths (electron/trainer/mainRequests.ts); the
    // trainer reads the files. The core client types only the bytes form, so the request is cast.
    const send = client.request as unknown as (m: typeof request) => Promise<{ state: string }>;
    send(request).catch((err: unknown) => this.startFailed(record, client, err));
  }

  private startFailed(record: RunRecord, client: TrainerClient, err: unknown): void {
    // A crash is handled by trainerCrashed; a run the trainer refused is failed here.
    if (this.client !== client || this.active !== record.runId) return;
    const error = err instanceof Error ? err : new Error(String(err));
    if (record.state !== 'failed') {
      this.end(record, 'failed');
      record.error = { name: error.name, message: error.message };
      this.changed(record);
    } else {
      this.active = null;
    }
    this.pump();
  }

  private onTrainerEvent(event: Exclude<TrainerToHost, { type: 'reply' }>): void {
    if (!('runId' in event)) {
      if (event.type === 'error')
        this.options.log(`Trainer error: ${event.name}: ${event.message}`);
      return;
    }
    const record = this.runs.get(event.runId);
    if (record === undefined) return;
    switch (event.type) {
      case 'training-state':
        if (event.state === 'finished' || event.state === 'failed') {
          this.end(record, event.state);
          this.changed(record);
          this.pump();
        } else {
          record.state = event.state;
          this.changed(record);
        }
        return;
      case 'training-epoch':
        appendHistory(record.history, {
          epoch: event.epoch,
          step: event.step,
          trainLoss: event.trainLoss,
          val: event.val,
          lr: event.lr,
          seconds: event.seconds,
        });
        this.changed(record);
        return;
      case 'training-finished':
        record.metrics = event.metrics;
        record.baseline = event.baseline;
        record.finishReason = event.reason;
        return;
      case 'training-error':
        record.error = {
          name: event.name,
          message: event.message,
          ...(event.suggestion === undefined ? {} : { suggestion: event.suggestion }),
        };
        return;
      case 'checkpoint':
        this.saveCheckpoint(record, event.kind, event.bytes);
        return;
      case 'training-progress':
      case 'evaluation-progress':
      case 'vectors-progress':
      case 'training-log':
      // NOTE: an auto-tune run's leaderboard reaches windows as these events and is kept in the
      // model's bundle (config.json `tuning`); the record keeps the winner's history and metrics.
      case 'tune-started':
      case 'tune-trial':
      case 'tune-progress':
      case 'tune-finished':
        return;
      default:
        throw new ConfigError(
          `Runs: unexpected trainer event '${(event as { type: string }).type}'.`,
        );
    }
  }

  private saveCheckpoint(record: RunRecord, kind: 'best' | 'last', bytes: Uint8Array): void {
    const previous = this.writes.get(record.runId) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        const path = await this.options.files.writeCheckpoint(record.runId, kind, bytes);
        record.checkpoints[kind] = path;
        if (record.checkpointError?.kind === kind) record.checkpointError = null;
        this.changed(record);
      } catch (err) {
        const message = (err as Error).message;
        this.options.log(
          `Runs: could not write the ${kind} checkpoint of '${record.runId}': ${message}`,
        );
        record.checkpointError = { kind, message };
        this.changed(record);
        this.options.onWriteFailed?.({
          kind: 'checkpoint',
          // NOTE: run ids are checked when recorded (safeRunIdSchema), so this path exists.
          path: this.options.files.checkpointPath(record.runId, kind),
          runId: record.runId,
          message,
        });
      }
    });
    this.writes.set(record.runId, next);
  }
}
