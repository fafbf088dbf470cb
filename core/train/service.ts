/** The trainer's run registry: starts, controls, evaluates and exports runs, and broadcasts their events to every connected host port. */

import { handleByteSource, memoryByteSource } from '../data/byteSource.ts';
import { ConfigError } from '../errors.ts';
import { writeBundle } from '../io/bundle.ts';
import type { SafetensorsInput } from '../io/safetensors.ts';
import type {
  AutoTuneRequest,
  DataFile,
  ModelSource,
  RunState,
  RunStatus,
  TrainerToHost,
  TrainingData,
  TrainingEvent,
} from '../protocol/messages.ts';
import { copyDetail, toErrorPayload, withDetail } from '../protocol/validate.ts';
import { Random } from '../random.ts';
import type { RunSpec } from '../tasks/spec.ts';
import type {
  ImageSource,
  Metrics,
  PredictInput,
  Prediction,
  Predictor,
  PreparedTask,
  RestoredTask,
  WordVectorSource,
} from '../tasks/task.ts';
import { AutoTune, type TuningRecord } from './autoTune.ts';
import { type CheckpointKind, type CheckpointStore, decodeCheckpoint } from './checkpoint.ts';
import {
  bundleFromTask,
  languageModelFromBundle,
  restoreBundle,
  type TaskLookup,
} from './modelBundle.ts';
import { DivergenceError } from './setup.ts';
import { readTaskInputs } from './taskInputs.ts';
import { type TrainingResult, TrainingRun } from './trainer.ts';
import type { TrainingFileHost } from './trainingFile.ts';

/** A data file's size in bytes, whether given as bytes or as a handle. */
function sizeOf(data: TrainingData): number {
  if ('files' in data) return data.files.reduce((sum, f) => sum + f.file.size, 0);
  return 'file' in data ? data.file.size : data.bytes.length;
}

/** Options of {@link TrainingService}. */
export interface TrainingServiceOptions {
  /** Task definitions by kind (the registry). */
  tasks: TaskLookup;
  /** Passed to every TrainingRun (tests use a fake clock and a fast yield). */
  now?: () => number;
  yieldControl?: () => Promise<void>;
  checkpointEverySeconds?: number;
  /** The host's memory in use (bytes) or null; see TrainingRunOptions.memoryBytes. */
  memoryBytes?: () => number | null;
  /**
   * Whose training-file limit applies (core/train/trainingFile.ts): a larger data file is refused
   * from its size before a byte is read. Unbounded when omitted (the CLI, tests).
   */
  fileLimit?: TrainingFileHost;
  /** Decodes JPEG and PNG for caption runs (the browser's canvas, jpeg-js/pngjs in Node); without it caption runs are refused. */
  imageDecoder?: ImageSource['decoder'];
}

interface RunRecord {
  runId: string;
  spec: RunSpec;
  state: RunState;
  task: PreparedTask | null;
  run: TrainingRun | null;
  /** An auto-tune run: the search (its current slice is the run to pause or stop). */
  tune: AutoTune | null;
  /** An auto-tune run, once over: the plan and the reports, for the bundle. */
  tuning: TuningRecord | null;
  result: TrainingResult | null;
  checkpoints: Map<CheckpointKind, Uint8Array>;
  done: Promise<void>;
}

/** A message for every connected port (events carry no request id). */
type Broadcast = Exclude<TrainerToHost, { type: 'reply' | 'error' }>;

/** The request for a new run or a resumed one. */
export interface StartRequest {
  runId: string;
  spec: RunSpec;
  /** The data file's bytes, or a handle read here in slices once its size is checked. */
  data: TrainingData;
  checkpoint?: Uint8Array;
  /** The `.rnnmodel` bytes of the language model `spec.train.initFrom` names. */
  initFrom?: DataFile;
  /** The `.rnnmodel` bytes of the backward language model `spec.train.initFromBackward` names. */
  initFromBackward?: DataFile;
  /** Search settings first; the best trial becomes the run (not with `checkpoint`). */
  auto?: AutoTuneRequest;
  /** The word-vector file `spec.model.wordVectors` names: bytes or a handle, read in 4 MiB slices (progress broadcast). */
  wordVectors?: TrainingData;
  /** caption: the resnet18 state dict (`.safetensors`) `spec.model.image.weights` names. */
  backboneWeights?: TrainingData;
}

/**
 * Holds runs once per process, so a window that reloads (a new port) finds its run still training.
 * Every event goes to every sink added with `addSink`.
 */
export class TrainingService {
  private readonly sinks = new Set<(message: Broadcast) => void>();
  private readonly runs = new Map<string, RunRecord>();
  /** The bundle restored last (predict, evaluate): kept while the same bytes come back, so Try does not unzip and rebuild the model on every prediction. */
  private lastBundle: { bytes: Uint8Array; restored: RestoredTask } | null = null;

  constructor(private readonly options: TrainingServiceOptions) {}

  /** Adds a receiver of every run's events; returns the function that removes it. */
  addSink(post: (message: TrainerToHost) => void): () => void {
    this.sinks.add(post);
    return () => this.sinks.delete(post);
  }

  private broadcast(message: Broadcast): void {
    for (const sink of this.sinks) {
      try {
        sink(message);
      } catch (err) {
        // A port that closed under us must not stop the others from hearing about the run.
        this.sinks.delete(sink);
        for (const other of this.sinks) {
          other({ type: 'log', level: 'warn', message: `Dropped a closed port: ${String(err)}` });
        }
      }
    }
  }

  private setState(record: RunRecord, state: RunState): void {
    record.state = state;
    this.broadcast({ type: 'training-state', runId: record.runId, state });
  }

  private status(record: RunRecord): RunStatus {
    const position = (record.run ?? record.tune?.run)?.position ?? { epoch: 0, step: 0 };
    return { runId: record.runId, state: record.state, task: record.spec.task, ...position };
  }

  private record(runId: string): RunRecord {
    const record = this.runs.get(runId);
    if (record === undefined) {
      throw new ConfigError(`Trainer: runId must name a run of this trainer, got '${runId}'.`);
    }
    return record;
  }

  /** The runs this trainer holds. */
  list(): RunStatus[] {
    return [...this.runs.values()].map((r) => this.status(r));
  }

  /**
   * Prepares the task and starts training in the background; resolves once training has begun.
   * @throws ConfigError for a run id in use by an unfinished run, or a spec the task refuses;
   *   DatasetError for data the task cannot use or a checkpoint made from other data.
   */
  async start(request: StartRequest): Promise<RunStatus> {
    const existing = this.runs.get(request.runId);
    if (existing !== undefined && !['finished', 'failed'].includes(existing.state)) {
      throw new ConfigError(
        `Trainer: runId must not name a run in progress, got '${request.runId}' (${existing.state}).`,
      );
    }
    const record: RunRecord = {
      runId: request.runId,
      spec: request.spec,
      state: 'preparing',
      task: null,
      run: null,
      tune: null,
      tuning: null,
      result: null,
      checkpoints: new Map(),
      done: Promise.resolve(),
    };
    this.runs.set(request.runId, record);
    this.setState(record, 'preparing');
    try {
      if (request.auto !== undefined) {
        const tune = await this.prepareAuto(record, request, request.auto);
        record.tune = tune;
        record.done = this.driveAuto(record, tune);
        return this.status(record);
      }
      const run = await this.prepare(record, request);
      record.run = run;
      record.done = this.drive(record, run);
      return this.status(record);
    } catch (err) {
      this.fail(record, err);
      throw err;
    }
  }

  private async prepare(record: RunRecord, request: StartRequest): Promise<TrainingRun> {
    const definition = this.options.tasks(request.spec.task);
    definition.checkSpec(request.spec);
    const random = new Random(request.spec.train.seed);
    const { bytes, fingerprint, matchesFingerprint, ...hostInputs } = await readTaskInputs(
      request,
      this.options,
    );
    const resumeFrom =
      request.checkpoint === undefined ? undefined : decodeCheckpoint(request.checkpoint);
    if (resumeFrom !== undefined && !(await matchesFingerprint(resumeFrom.data.fingerprint))) {
      throw new ConfigError(
        `Trainer: the checkpoint was made from '${resumeFrom.data.fileName}', not from this version of '${request.data.fileName}'; start a new run instead.`,
        'config',
        {
          key: 'checkpoint-other-data',
          params: { checkpointFile: resumeFrom.data.fileName, file: request.data.fileName },
        },
      );
    }
    const task = await definition.prepare({
      spec: resumeFrom?.spec ?? request.spec,
      fileName: request.data.fileName,
      bytes,
      random,
      ...hostInputs,
      ...(request.initFrom === undefined
        ? {}
        : { initFrom: languageModelFromBundle(request.initFrom.bytes, request.initFrom.fileName) }),
      ...(request.initFromBackward === undefined
        ? {}
        : {
            initFromBackward: languageModelFromBundle(
              request.initFromBackward.bytes,
              request.initFromBackward.fileName,
            ),
          }),
      ...(request.wordVectors === undefined
        ? {}
        : { wordVectors: this.vectorSource(record.runId, request.wordVectors) }),
    });
    record.task = task;
    if (task.wordVectors !== undefined && request.wordVectors !== undefined) {
      const { fileName, ...report } = task.wordVectors;
      const size = sizeOf(request.wordVectors);
      this.broadcast({
        type: 'vectors-progress',
        runId: record.runId,
        fileName,
        bytesRead: size,
        totalBytes: size,
        report,
      });
    }
    const store: CheckpointStore = {
      save: async (kind, bytes) => {
        record.checkpoints.set(kind, bytes);
        const { epoch, step } = record.run?.position ?? { epoch: 0, step: 0 };
        this.broadcast({ type: 'checkpoint', runId: record.runId, kind, epoch, step, bytes });
      },
      load: async (kind) => record.checkpoints.get(kind) ?? null,
    };
    const { now, yieldControl, checkpointEverySeconds } = this.options;
    return new TrainingRun({
      task,
      random,
      // NOTE: preparation read the whole file, so its fingerprint is known without another pass.
      data: { fileName: request.data.fileName, fingerprint: await fingerprint() },
      store,
      onEvent: (event) => this.broadcast({ ...event, runId: record.runId } as TrainingEvent),
      ...(resumeFrom === undefined ? {} : { resumeFrom }),
      ...(now === undefined ? {} : { now }),
      ...(yieldControl === undefined ? {} : { yieldControl }),
      ...(checkpointEverySeconds === undefined ? {} : { checkpointEverySeconds }),
      ...(this.options.memoryBytes === undefined ? {} : { memoryBytes: this.options.memoryBytes }),
    });
  }

  /**
   * An auto-tune search over the request's data: every trial prepares the task from its own
   * spec; no checkpoints leave the trainer (a search is not resumed).
   * @throws ConfigError for a checkpoint or language model with `auto`, or no validation split.
   */
  private async prepareAuto(
    record: RunRecord,
    request: StartRequest,
    auto: AutoTuneRequest,
  ): Promise<AutoTune> {
    if (
      request.checkpoint !== undefined ||
      request.initFrom !== undefined ||
      request.initFromBackward !== undefined
    ) {
      throw new ConfigError(
        'Trainer: auto must start a new run from scratch, got a checkpoint or a language model to start from.',
      );
    }
    const definition = this.options.tasks(request.spec.task);
    definition.checkSpec(request.spec);
    // NOTE: every trial prepares its task from the file (its own tokenizer and vocabulary), reading
    // it again a piece at a time; a file that changes between trials is refused.
    const {
      bytes,
      fingerprint,
      matchesFingerprint: _,
      ...hostInputs
    } = await readTaskInputs(request, this.options);
    const data = { fileName: request.data.fileName, fingerprint: await fingerprint() };
    const { now, yieldControl, memoryBytes } = this.options;
    return new AutoTune({
      base: request.spec,
      maxMinutes: auto.maxMinutes,
      ...(auto.trials === undefined ? {} : { trials: auto.trials }),
      ...(auto.seed === undefined ? {} : { seed: auto.seed }),
      ...(auto.firstRungSteps === undefined ? {} : { firstRungSteps: auto.firstRungSteps }),
      ...(auto.rounds === undefined ? {} : { rounds: auto.rounds }),
      prepare: (spec, random) =>
        definition.prepare({
          spec,
          fileName: request.data.fileName,
          bytes,
          random,
          ...hostInputs,
          ...(request.wordVectors === undefined
            ? {}
            : { wordVectors: this.vectorSource(record.runId, request.wordVectors) }),
        }),
      data,
      onEvent: (event) => this.broadcast({ ...event, runId: record.runId } as TrainingEvent),
      ...(now === undefined ? {} : { now }),
      ...(yieldControl === undefined ? {} : { yieldControl }),
      ...(memoryBytes === undefined ? {} : { memoryBytes }),
    });
  }

  private async driveAuto(record: RunRecord, tune: AutoTune): Promise<void> {
    this.setState(record, 'running');
    try {
      const outcome = await tune.tune();
      record.task = outcome.task;
      record.spec = outcome.spec;
      record.result = outcome.result;
      record.tuning = { plan: outcome.plan, best: outcome.best, reports: outcome.reports };
      this.setState(record, 'finished');
    } catch (err) {
      this.fail(record, err);
    }
  }

  /** The vector file's bytes as a streamed source whose reading is broadcast as 'vectors-progress' (at most ~5 a second, and the last). */
  private vectorSource(runId: string, file: TrainingData): WordVectorSource {
    const total = sizeOf(file);
    const now = this.options.now ?? Date.now;
    let last = Number.NEGATIVE_INFINITY;
    return {
      fileName: file.fileName,
      chunks: () => {
        if ('files' in file) {
          throw new ConfigError(
            `Trainer: wordVectors must be one file, got the folder '${file.fileName}'.`,
          );
        }
        const source =
          'file' in file
            ? handleByteSource(file.fileName, file.file)
            : memoryByteSource(file.fileName, file.bytes);
        return source.pieces();
      },
      onProgress: (bytesRead) => {
        if (bytesRead < total && now() - last < 200) return;
        last = now();
        this.broadcast({
          type: 'vectors-progress',
          runId,
          fileName: file.fileName,
          bytesRead,
          totalBytes: total,
        });
      },
    };
  }

  private async drive(record: RunRecord, run: TrainingRun): Promise<void> {
    this.setState(record, 'running');
    try {
      record.result = await run.run();
      this.setState(record, 'finished');
    } catch (err) {
      this.fail(record, err);
    }
  }

  private fail(record: RunRecord, err: unknown): void {
    const diverged = err instanceof DivergenceError ? err : null;
    const payload = diverged === null ? toErrorPayload(err) : withDetail(diverged, diverged.detail);
    const suggestion = (err as { suggestion?: unknown }).suggestion;
    const suggestionDetail = diverged?.suggestionDetail;
    this.broadcast({
      type: 'training-error',
      runId: record.runId,
      ...payload,
      ...(typeof suggestion === 'string' ? { suggestion } : {}),
      ...(suggestionDetail === undefined ? {} : { suggestionDetail: copyDetail(suggestionDetail) }),
    });
    this.setState(record, 'failed');
  }

  /** Resolves when the run has finished or failed (tests and the CLI wait on it). */
  async whenDone(runId: string): Promise<TrainingResult | null> {
    const record = this.record(runId);
    await record.done;
    return record.result;
  }

  /** @throws ConfigError for an unknown run. */
  pause(runId: string): RunStatus {
    const record = this.record(runId);
    if (record.state === 'running') {
      record.run?.pause();
      record.tune?.pause();
      this.setState(record, 'paused');
    }
    return this.status(record);
  }

  /** @throws ConfigError for an unknown run. */
  resume(runId: string): RunStatus {
    const record = this.record(runId);
    if (record.state === 'paused') {
      record.run?.resume();
      record.tune?.resume();
      this.setState(record, 'running');
    }
    return this.status(record);
  }

  /** Asks the run to stop after its current step. @throws ConfigError for an unknown run. */
  stop(runId: string): RunStatus {
    const record = this.record(runId);
    if (record.state === 'running' || record.state === 'paused') {
      record.run?.stop();
      record.tune?.stop();
      this.setState(record, 'stopping');
    }
    return this.status(record);
  }

  private weightsOf(
    record: RunRecord,
    which: 'best' | 'last',
  ): Map<string, SafetensorsInput> | undefined {
    // A finished run holds its best weights in the model; while training, the best are in the
    // best checkpoint and the model holds the latest.
    if (which === 'last' || record.state === 'finished') return undefined;
    const best = record.checkpoints.get('best');
    return best === undefined ? undefined : decodeCheckpoint(best).weights;
  }

  private preparedTask(record: RunRecord): PreparedTask {
    if (record.task === null) {
      throw new ConfigError(
        `Trainer: run '${record.runId}' must be prepared first, got ${record.state}.`,
      );
    }
    return record.task;
  }

  /** The `.rnnmodel` bytes of a run's model. @throws ConfigError for an unknown or unprepared run. */
  exportBundle(
    runId: string,
    which: 'best' | 'last' = 'best',
  ): { bytes: Uint8Array; fileName: string } {
    const record = this.record(runId);
    const task = this.preparedTask(record);
    const weights = this.weightsOf(record, which);
    const bundle = bundleFromTask(task, {
      ...(weights === undefined ? {} : { weights }),
      history: record.result?.history ?? [],
      metrics: record.result?.metrics ?? {},
      ...(record.tuning === null ? {} : { tuning: record.tuning }),
    });
    return { bytes: writeBundle(bundle), fileName: `${runId}.rnnmodel` };
  }

  private predictorOf(source: ModelSource): Predictor {
    if ('runId' in source) return this.preparedTask(this.record(source.runId)).predictor();
    return this.restoredBundle(source);
  }

  /**
   * The model of an opened bundle, read (safely, core/io/bundle.ts) and rebuilt once: the same
   * bytes again — every prediction in Try sends them — reuse it.
   */
  private restoredBundle(source: Extract<ModelSource, { bundle: Uint8Array }>): RestoredTask {
    const last = this.lastBundle;
    if (last !== null && sameBytes(last.bytes, source.bundle)) return last.restored;
    const { restored } = restoreBundle(source.bundle, {
      tasks: this.options.tasks,
      ...(source.fileName === undefined ? {} : { fileName: source.fileName }),
    });
    // NOTE: a copy, so a caller that reuses its buffer cannot change what the cache compares against.
    this.lastBundle = { bytes: source.bundle.slice(), restored };
    return restored;
  }

  /** Predictions for each input. @throws ConfigError for an input the task cannot use. */
  predict(source: ModelSource, inputs: readonly PredictInput[]): Prediction[] {
    const predictor = this.predictorOf(source);
    return inputs.map((input) => predictor.predict(input));
  }

  /**
   * Metrics of a run's model on its held-out split, or of a model on a whole data file.
   * @throws ConfigError when neither a run nor data is given; DatasetError for unusable data.
   */
  async evaluate(source: ModelSource, data?: DataFile): Promise<{ metrics: Metrics }> {
    if ('runId' in source && data === undefined) {
      const task = this.preparedTask(this.record(source.runId));
      const split = task.sizes.test > 0 ? 'test' : task.sizes.val > 0 ? 'val' : 'train';
      return { metrics: task.evaluate(split).metrics };
    }
    if (data === undefined) {
      throw new ConfigError('Trainer: evaluate needs data to evaluate a bundle on, got none.');
    }
    const restored =
      'runId' in source
        ? restoreBundle(this.exportBundle(source.runId, source.which).bytes, {
            tasks: this.options.tasks,
          }).restored
        : this.restoredBundle(source);
    const { model, baseline } = await restored.evaluateFile(data);
    const metrics: Metrics = { ...model.metrics };
    for (const [k, v] of Object.entries(baseline.metrics)) metrics[`baseline.${k}`] = v;
    return { metrics };
  }
}

/** True when two byte arrays hold the same bytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
