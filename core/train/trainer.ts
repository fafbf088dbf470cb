/** The training loop over a PreparedTask: epochs, clipping, validation, early stopping, checkpoints, pause/stop, NaN detection, bounded progress. */

import type { HistoryEntry } from '../io/bundle.ts';
import type { SafetensorsInput } from '../io/safetensors.ts';
import { clearArrayPool } from '../kernels/arrayPool.ts';
import { clipGradNorm } from '../optim/clipGrad.ts';
import type { Optimizer } from '../optim/optimizer.ts';
import type { TrainingEvent } from '../protocol/messages.ts';
import { Random } from '../random.ts';
import type { EvaluationProgress } from '../tasks/common/batching.ts';
import { describeTransfer } from '../tasks/common/transfer.ts';
import { describeWordVectors } from '../tasks/common/wordVectors.ts';
import type { ForecastOutcome } from '../tasks/forecastOutcome.ts';
import { type SplitReport, splitReportOf } from '../tasks/splitReport.ts';
import type { Metrics, PreparedTask, SplitName } from '../tasks/task.ts';
import { backward, noGrad } from '../tensor/autograd.ts';
import { Tensor } from '../tensor/tensor.ts';
import {
  type CheckpointKind,
  type CheckpointStore,
  encodeCheckpoint,
  type TrainingCheckpoint,
} from './checkpoint.ts';
import { FineTunePlan } from './finetune.ts';
import { estimateEtaSeconds, RateLimiter, Smoother } from './progress.ts';
import { divergence, type EpochScheduler, makeOptimizer, makeScheduler } from './setup.ts';
import { makeYield, type YieldGlobals } from './yieldToHost.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A training event before the host stamps it with its run id. */
export type TrainingRunEvent = DistributiveOmit<
  Exclude<TrainingEvent, { type: 'checkpoint' | 'training-state' | 'training-error' }>,
  'runId'
>;

/** Why a run ended. */
export type FinishReason = 'completed' | 'early-stopped' | 'stopped' | 'time-limit';

/** What `run()` resolves with. */
export interface TrainingResult {
  reason: FinishReason;
  /** Epochs completed. */
  epochs: number;
  step: number;
  /** 0-based epoch of the best validation metric (whose weights the model holds at the end). */
  bestEpoch: number | null;
  /** The best model on the test split (validation split when there is no test split). */
  metrics: Metrics;
  baseline: Metrics;
  history: HistoryEntry[];
  /** forecast: target mode and why, seasonal period, MAE per step ahead, the warning when it loses. */
  forecast?: ForecastOutcome;
  /** The split `metrics` come from, its size, and the confusion matrix and per-label scores over all of it. */
  evaluation: SplitReport;
  /** The host's peak memory over the run (bytes), or null when it cannot tell. */
  peakMemoryBytes: number | null;
}

/** Options of {@link TrainingRun}. */
export interface TrainingRunOptions {
  /** The prepared task (data split, model built with `random`). */
  task: PreparedTask;
  /** The generator the task's model was built with (dropout draws from it); saved in checkpoints. */
  random: Random;
  /** The data file's name and fingerprint, stored in checkpoints. */
  data: { fileName: string; fingerprint: string };
  /** Receives checkpoint bytes; none are written without a store. */
  store?: CheckpointStore;
  /** Receives progress, epoch, log and finished events. */
  onEvent: (event: TrainingRunEvent) => void;
  /** Continue from this checkpoint ('last' kind) instead of starting fresh. */
  resumeFrom?: TrainingCheckpoint;
  /** The best weights so far, when resuming (from the 'best' checkpoint). */
  resumeBest?: { weights: Map<string, SafetensorsInput>; epoch: number };
  /** Milliseconds clock (injectable). Default Date.now. */
  now?: () => number;
  /** Lets other work (pause/stop messages) run; default a macrotask (yieldToHost.ts). */
  yieldControl?: () => Promise<void>;
  /** Progress events per second at most. Default 20. */
  maxEventsPerSecond?: number;
  /** Also write a 'last' checkpoint mid-epoch after this many seconds since the previous one. Default 30. */
  checkpointEverySeconds?: number;
  /** Yield after this many milliseconds of work. Default 20. */
  yieldEveryMs?: number;
  /**
   * The host's memory in use, in bytes (Node: the process's resident set; a browser worker: the
   * JS heap where the browser says), or null when it cannot tell; sampled at every progress event
   * and after the final evaluation, its peak goes into progress and finished events.
   */
  memoryBytes?: () => number | null;
  /**
   * Stop (reason 'stopped', a 'last' checkpoint saved) before taking a step once this many steps
   * are taken over the run: a search trains a trial in slices and continues the survivors.
   */
  stopAtStep?: number;
  /** A wall-clock limit on `now()` (ms) besides `spec.train.maxMinutes`, asked at every step: past it the run ends as 'time-limit'. */
  deadline?: () => number;
  /**
   * The split the final evaluation scores: default the test split (validation when there is none).
   * A search scores its trials on 'val' so the test split stays unseen until the winner's run ends.
   */
  evaluateOn?: SplitName;
}

type Control = 'run' | 'pause' | 'stop';

/** Milliseconds between the final evaluation's progress events, at least. */
export const EVALUATION_PROGRESS_MS = 250;

const defaultYield = makeYield(globalThis as unknown as YieldGlobals);

function gradNormOf(params: readonly Tensor[]): number {
  let sum = 0;
  for (const p of params) {
    const g = p.grad?.data;
    if (g === undefined) continue;
    for (let i = 0; i < g.length; i++) sum += (g[i] as number) * (g[i] as number);
  }
  return Math.sqrt(sum);
}

/**
 * Gives a zero gradient to each trainable parameter that had one before this step's backward and
 * got none from it, so the optimizer treats it as after PyTorch 1.13's `zero_grad()` (filled with
 * zeros, not set to None): Adam's momentum and weight decay still move it, as the exported
 * train.py does under that version.
 */
export function zeroMissingGrads(params: readonly Tensor[], hadGrad: readonly boolean[]): void {
  params.forEach((p, i) => {
    if (p.grad === null && p.requiresGrad && hadGrad[i] === true) {
      p.grad = new Tensor(new Float32Array(p.size), p.shape);
    }
  });
}

/** Keeps finite values only: a metric of an empty split is NaN and must not reach a chart. */
export function finiteMetrics(metrics: Metrics): Metrics {
  const out: Metrics = {};
  for (const [k, v] of Object.entries(metrics)) if (Number.isFinite(v)) out[k] = v;
  return out;
}

function copyWeights(task: PreparedTask): Map<string, SafetensorsInput> {
  const out = new Map<string, SafetensorsInput>();
  for (const [name, t] of Object.entries(task.model.stateDict())) {
    out.set(name, { shape: [...t.shape], data: Float32Array.from(t.data) });
  }
  return out;
}

/**
 * One training run. `run()` trains until the planned epochs, early stopping, `stop()` or the time
 * limit, leaves the best weights in the model, and resolves with the held-out metrics.
 * Deterministic under `spec.train.seed`: the shuffling generator is seeded from it and the model's
 * generator is the caller's; a run resumed from a checkpoint reaches the same weights as one that
 * was never interrupted.
 */
export class TrainingRun {
  private control: Control = 'run';
  private wake: (() => void) | null = null;
  private readonly task: PreparedTask;
  private readonly params: Tensor[];
  private readonly optimizer: Optimizer;
  private readonly plan: FineTunePlan;
  private readonly scheduler: EpochScheduler | null;
  private readonly now: () => number;
  private readonly limiter: RateLimiter;
  private readonly smoother = new Smoother(0.9);
  private readonly shuffleRandom: Random;
  private history: HistoryEntry[] = [];
  private epoch = 0;
  private stepInEpoch = 0;
  private step = 0;
  private lossSum = 0;
  private lossCount = 0;
  private bestValue: number | null = null;
  private bestEpoch: number | null = null;
  private badEpochs = 0;
  private bestWeights: Map<string, SafetensorsInput> | null = null;
  private elapsedBefore = 0;
  private sessionStart = 0;
  private lastCheckpointAt = 0;
  private lastYieldAt = 0;
  private stepsPerEpoch: number;
  private lastGradNorm = 0;

  constructor(private readonly options: TrainingRunOptions) {
    const { task } = options;
    this.task = task;
    this.params = task.model.parameters();
    this.plan = new FineTunePlan(task.model, task.spec, task.frozen);
    // With discriminative learning rates each depth is a parameter group; otherwise one group.
    this.optimizer = makeOptimizer(
      task.spec.train,
      this.plan.active ? this.plan.groups() : this.params,
    );
    this.scheduler = makeScheduler(task.spec.train, this.optimizer, task.primaryMetric);
    this.now = options.now ?? Date.now;
    this.limiter = new RateLimiter({
      maxPerSecond: options.maxEventsPerSecond ?? 20,
      now: this.now,
    });
    // NOTE: shuffling has its own generator, seeded from the spec, so that changing the model
    // (and how many numbers its initialisation draws) does not change the batch order.
    this.shuffleRandom = new Random(task.spec.train.seed + 0x5eed);
    this.stepsPerEpoch = Math.max(1, Math.ceil(task.sizes.train / task.spec.train.batchSize));
    if (options.resumeFrom !== undefined) this.restore(options.resumeFrom);
  }

  /** Where the run is: 0-based epoch in progress and steps taken. */
  get position(): { epoch: number; step: number } {
    return { epoch: this.epoch, step: this.step };
  }

  /** Pauses after the current step (the run's promise stays pending). */
  pause(): void {
    if (this.control === 'run') this.control = 'pause';
  }

  /** Continues a paused run. */
  resume(): void {
    if (this.control === 'pause') this.control = 'run';
    this.wake?.();
  }

  /** Ends the run after the current step; `run()` resolves with reason 'stopped'. */
  stop(): void {
    this.control = 'stop';
    this.wake?.();
  }

  get paused(): boolean {
    return this.control === 'pause';
  }

  private restore(cp: TrainingCheckpoint): void {
    const stateDict: Record<string, SafetensorsInput> = Object.fromEntries(cp.weights);
    this.task.model.loadStateDict(stateDict);
    this.optimizer.loadStateDict(cp.optimizer);
    if (this.scheduler !== null && cp.scheduler !== null)
      this.scheduler.loadStateDict(cp.scheduler);
    this.options.random.setState(cp.modelRng);
    this.shuffleRandom.setState(cp.shuffleRng);
    this.epoch = cp.epoch;
    this.stepInEpoch = cp.stepInEpoch;
    this.step = cp.step;
    this.lossSum = cp.running.lossSum;
    this.lossCount = cp.running.lossCount;
    this.smoother.restore({ sum: cp.running.smoothSum, count: cp.running.smoothCount });
    this.bestValue = cp.best.value;
    this.bestEpoch = cp.best.value === null ? null : cp.best.epoch;
    this.badEpochs = cp.best.badEpochs;
    this.history = [...cp.history];
    this.elapsedBefore = cp.elapsedSeconds;
    if (this.options.resumeBest !== undefined) this.bestWeights = this.options.resumeBest.weights;
  }

  private elapsedSeconds(): number {
    return this.elapsedBefore + (this.now() - this.sessionStart) / 1000;
  }

  private checkpoint(kind: CheckpointKind, epochStartRng: Random): TrainingCheckpoint {
    const smooth = this.smoother.state();
    return {
      kind,
      spec: this.task.spec,
      data: this.options.data,
      epoch: this.epoch,
      stepInEpoch: this.stepInEpoch,
      step: this.step,
      shuffleRng: epochStartRng.getState(),
      modelRng: this.options.random.getState(),
      taskState: this.task.state,
      weights: copyWeights(this.task),
      optimizer: this.optimizer.stateDict(),
      scheduler: this.scheduler?.stateDict() ?? null,
      running: {
        lossSum: this.lossSum,
        lossCount: this.lossCount,
        smoothSum: smooth.sum,
        smoothCount: smooth.count,
      },
      best: { value: this.bestValue, epoch: this.bestEpoch ?? 0, badEpochs: this.badEpochs },
      history: this.history,
      elapsedSeconds: this.elapsedSeconds(),
    };
  }

  private async save(kind: CheckpointKind, epochStartRng: Random): Promise<void> {
    const { store } = this.options;
    if (store === undefined) return;
    await store.save(kind, encodeCheckpoint(this.checkpoint(kind, epochStartRng)));
    this.lastCheckpointAt = this.now();
  }

  /** Yields to the host; while paused, waits for resume or stop. */
  private async checkControl(): Promise<void> {
    const t = this.now();
    if (t - this.lastYieldAt >= (this.options.yieldEveryMs ?? 20) || this.control !== 'run') {
      await (this.options.yieldControl ?? defaultYield)();
      this.lastYieldAt = this.now();
    }
    while (this.control === 'pause') {
      const pausedAt = this.now();
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
      // Paused time is not training time.
      this.sessionStart += this.now() - pausedAt;
    }
  }

  private overTime(): boolean {
    const { deadline } = this.options;
    if (deadline !== undefined && this.now() >= deadline()) return true;
    const minutes = this.task.spec.train.maxMinutes;
    return minutes > 0 && this.elapsedSeconds() >= minutes * 60;
  }

  /**
   * Trains to the end.
   * @throws DivergenceError when a loss or gradient norm becomes NaN or infinite (with a suggestion).
   */
  async run(): Promise<TrainingResult> {
    const { spec } = this.task;
    const { epochs } = spec.train;
    this.sessionStart = this.now();
    this.lastCheckpointAt = this.sessionStart;
    this.lastYieldAt = this.sessionStart;
    let sessionExamples = 0;
    let sessionSteps = 0;
    let reason: FinishReason = 'completed';
    if (this.task.transfer !== undefined && this.epoch === 0 && this.step === 0) {
      this.log(describeTransfer(this.task.transfer));
    }
    if (this.task.wordVectors !== undefined && this.epoch === 0 && this.step === 0) {
      this.log(describeWordVectors(this.task.wordVectors));
    }
    training: while (this.epoch < epochs) {
      this.unfreezeFor(this.epoch);
      // The batches of this epoch come from a copy of the shuffling generator, so a checkpoint can
      // hold the state this epoch started from and replay its order.
      const epochRandom = new Random(0);
      epochRandom.setState(this.shuffleRandom.getState());
      const epochStart = new Random(0);
      epochStart.setState(this.shuffleRandom.getState());
      const skip = this.stepInEpoch;
      let index = 0;
      for (const batch of this.task.trainBatches(epochRandom)) {
        if (index++ < skip) continue;
        if (this.options.stopAtStep !== undefined && this.step >= this.options.stopAtStep) {
          reason = 'stopped';
          await this.save('last', epochStart);
          break training;
        }
        const loss = this.trainStep(batch);
        sessionExamples += batch.examples;
        sessionSteps += 1;
        this.emitProgress({ loss, sessionExamples, sessionSteps });
        await this.checkControl();
        if (this.control === 'stop' || this.overTime()) {
          // A stopped run can be continued later from exactly here.
          reason = this.control === 'stop' ? 'stopped' : 'time-limit';
          await this.save('last', epochStart);
          break training;
        }
        const every = this.options.checkpointEverySeconds ?? 30;
        if ((this.now() - this.lastCheckpointAt) / 1000 >= every) {
          await this.save('last', epochStart);
        }
      }
      this.stepsPerEpoch = Math.max(1, index);
      this.shuffleRandom.setState(epochRandom.getState());
      const stop = this.endEpoch();
      this.epoch += 1;
      this.stepInEpoch = 0;
      this.lossSum = 0;
      this.lossCount = 0;
      if (this.bestEpoch === this.epoch - 1) await this.save('best', this.shuffleRandom);
      await this.save('last', this.shuffleRandom);
      if (stop) {
        reason = 'early-stopped';
        break;
      }
      await this.checkControl();
      if (this.control === 'stop') {
        reason = 'stopped';
        break;
      }
      if (this.overTime()) {
        reason = 'time-limit';
        break;
      }
    }
    return this.finish(reason);
  }

  private log(message: string): void {
    this.options.onEvent({ type: 'training-log', level: 'info', message });
  }

  /** Freezes what gradual unfreezing keeps out of `epoch` and says when that changes. */
  private unfreezeFor(epoch: number): void {
    if (this.plan.schedule.unfreeze !== 'gradual') return;
    const depth = this.plan.trainableDepth(epoch);
    const stillFrozen = this.plan.apply(epoch);
    if (epoch > this.plan.deepest) return;
    // NOTE: a seq2seq model's "head" is its whole decoder side; its layers below are the encoder's.
    const seq2seq = this.task.spec.task === 'seq2seq';
    const head = seq2seq ? 'the decoder side' : 'the head';
    const layers = seq2seq ? 'encoder' : 'recurrent';
    const what = stillFrozen
      ? depth === 0
        ? `${head} only`
        : `${head} and the top ${depth} ${layers} layer${depth === 1 ? '' : 's'}`
      : 'all layers';
    this.log(`Epoch ${epoch + 1}: training ${what} (gradual unfreezing).`);
  }

  /** One optimisation step; returns the batch loss. */
  private trainStep(batch: Parameters<PreparedTask['loss']>[0]): number {
    const { clipNorm, lr } = { clipNorm: this.task.spec.train.clipNorm, lr: this.optimizer.lr };
    const where = { epoch: this.epoch + 1, stepInEpoch: this.stepInEpoch + 1, lr, clipNorm };
    const hadGrad = this.params.map((p) => p.grad !== null);
    // NOTE: the kernels' gradient arrays are kept as they come (and go back to the array pool
    // here) instead of being added into zero-filled ones: one pass over every weight less a step.
    this.optimizer.zeroGrad({ setToNone: true });
    const lossTensor = this.task.loss(batch);
    const loss = lossTensor.data[0] as number;
    if (!Number.isFinite(loss)) throw divergence({ what: 'loss', value: loss, ...where });
    backward(lossTensor);
    zeroMissingGrads(this.params, hadGrad);
    const gradNorm = clipNorm > 0 ? clipGradNorm(this.params, clipNorm) : gradNormOf(this.params);
    if (!Number.isFinite(gradNorm)) {
      throw divergence({ what: 'gradient norm', value: gradNorm, ...where });
    }
    this.optimizer.step();
    this.lastGradNorm = gradNorm;
    this.step += 1;
    this.stepInEpoch += 1;
    this.lossSum += loss;
    this.lossCount += 1;
    this.smoother.add(loss);
    return loss;
  }

  /** The highest memory use sampled so far, or null when the host cannot tell. */
  private peakMemory: number | null = null;

  private sampleMemory(): number | null {
    const now = this.options.memoryBytes?.() ?? null;
    if (now !== null && Number.isFinite(now)) this.peakMemory = Math.max(this.peakMemory ?? 0, now);
    return this.peakMemory;
  }

  private emitProgress(o: { loss: number; sessionExamples: number; sessionSteps: number }): void {
    const lastOfEpoch = this.stepInEpoch >= this.stepsPerEpoch;
    if (!this.limiter.tryAcquire({ force: lastOfEpoch })) return;
    const peakMemoryBytes = this.sampleMemory();
    const { epochs } = this.task.spec.train;
    const sessionSeconds = (this.now() - this.sessionStart) / 1000;
    const totalSteps = this.stepsPerEpoch * epochs;
    this.options.onEvent({
      type: 'training-progress',
      epoch: this.epoch,
      epochs,
      step: this.step,
      totalSteps: Math.max(totalSteps, this.step),
      stepInEpoch: this.stepInEpoch,
      stepsPerEpoch: this.stepsPerEpoch,
      loss: o.loss,
      smoothedLoss: this.smoother.value,
      lr: this.optimizer.lr,
      gradNorm: this.lastGradNorm,
      examplesPerSecond: sessionSeconds > 0 ? o.sessionExamples / sessionSeconds : 0,
      etaSeconds: estimateEtaSeconds({
        stepsDone: o.sessionSteps,
        stepsTotal: Math.max(0, totalSteps - this.step) + o.sessionSteps,
        secondsForDone: sessionSeconds,
      }),
      elapsedSeconds: this.elapsedSeconds(),
      peakMemoryBytes,
    });
  }

  /** Validates, records history, steps the schedule; returns true when early stopping says stop. */
  private endEpoch(): boolean {
    const { train } = this.task.spec;
    const split: SplitName = this.task.sizes.val > 0 ? 'val' : 'train';
    const report = this.task.evaluate(split);
    const valLoss = report.metrics.loss;
    if (valLoss !== undefined && !Number.isFinite(valLoss) && report.examples > 0) {
      throw divergence({
        what: 'validation loss',
        value: valLoss,
        epoch: this.epoch + 1,
        stepInEpoch: null,
        lr: this.optimizer.lr,
        clipNorm: train.clipNorm,
      });
    }
    const primary = this.task.primaryMetric;
    const value = report.metrics[primary.name];
    let isBest = false;
    if (value !== undefined && Number.isFinite(value)) {
      isBest =
        this.bestValue === null ||
        (primary.higherIsBetter ? value > this.bestValue : value < this.bestValue);
      if (isBest) {
        this.bestValue = value;
        this.bestEpoch = this.epoch;
        this.badEpochs = 0;
        this.bestWeights = copyWeights(this.task);
      } else {
        this.badEpochs += 1;
      }
      this.scheduler?.step(value);
    } else {
      this.scheduler?.step(this.lossSum / Math.max(1, this.lossCount));
    }
    const trainLoss = this.lossCount > 0 ? this.lossSum / this.lossCount : 0;
    const entry: HistoryEntry = {
      epoch: this.epoch,
      step: this.step,
      trainLoss,
      val: finiteMetrics(report.metrics),
      lr: this.optimizer.lr,
      seconds: this.elapsedSeconds(),
    };
    this.history.push(entry);
    this.options.onEvent({ type: 'training-epoch', ...entry, best: isBest });
    const patience = train.earlyStoppingPatience;
    return patience > 0 && this.badEpochs >= patience;
  }

  /**
   * Sends `evaluation-progress` events for the final evaluation of `split`: at most one per
   * {@link EVALUATION_PROGRESS_MS}, and always the last (all examples scored).
   */
  private evaluationProgress(split: SplitName): EvaluationProgress {
    const limiter = new RateLimiter({ maxPerSecond: 1000 / EVALUATION_PROGRESS_MS, now: this.now });
    return (examples, total) => {
      if (!limiter.tryAcquire({ force: examples >= total })) return;
      this.options.onEvent({ type: 'evaluation-progress', split, examples, total });
    };
  }

  private finish(reason: FinishReason): TrainingResult {
    this.plan.release();
    // The training steps are over: the free arrays they kept for each other go to the collector.
    clearArrayPool();
    if (this.bestWeights !== null) {
      this.task.model.loadStateDict(Object.fromEntries(this.bestWeights));
    }
    const split: SplitName =
      this.options.evaluateOn ??
      (this.task.sizes.test > 0 ? 'test' : this.task.sizes.val > 0 ? 'val' : 'train');
    // NOTE: the whole split is evaluated (in batches); on a big file this takes a while, so say so.
    this.options.onEvent({
      type: 'training-log',
      level: 'info',
      message: `Evaluating the best model on the whole ${split} split (${this.task.sizes[split]} examples).`,
    });
    const progress = this.evaluationProgress(split);
    noGrad(() => this.task.finalize?.(split, progress));
    const report = noGrad(() => this.task.evaluate(split, progress));
    const metrics = finiteMetrics(report.metrics);
    const evaluation = splitReportOf(split, report);
    const baseline = noGrad(() => finiteMetrics(this.task.baseline(split).metrics));
    const forecast = this.task.outcome?.();
    const peakMemoryBytes = this.sampleMemory();
    const result: TrainingResult = {
      reason,
      epochs: this.epoch,
      step: this.step,
      bestEpoch: this.bestEpoch,
      metrics,
      baseline,
      history: this.history,
      ...(forecast === undefined ? {} : { forecast }),
      evaluation,
      peakMemoryBytes,
    };
    this.options.onEvent({
      type: 'training-finished',
      reason,
      epochs: this.epoch,
      step: this.step,
      bestEpoch: this.bestEpoch,
      metrics,
      baseline,
      ...(forecast === undefined ? {} : { forecast }),
      evaluation,
      peakMemoryBytes,
    });
    return result;
  }
}
