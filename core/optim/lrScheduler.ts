/** Learning-rate schedules (StepLR, CosineAnnealingLR, LinearLR, ReduceLROnPlateau) with torch.optim.lr_scheduler's sequences. */
import { ConfigError } from '../errors.ts';
import type { HasLearningRate } from './optimizer.ts';

/** A scheduler checkpoint as plain numbers. */
export type SchedulerStateDict = Record<string, number>;

function checkPositiveInteger(where: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${where}: ${name} must be a positive integer, got ${String(value)}.`);
  }
}

/**
 * The epoch-based schedulers: constructing one applies epoch 0's learning rate; each `step()`
 * (called after `optimizer.step()`) moves to the next epoch and sets `optimizer.lr`.
 * NOTE: the updates are the recursive ("chainable") forms torch uses in `get_lr`, so a change of
 * lr made from outside between steps is carried along, as in PyTorch.
 */
export abstract class LRScheduler {
  /** The epoch whose learning rate is in effect; 0 right after construction. */
  lastEpoch = -1;
  /** The optimizer's lr when the scheduler was created (torch's `initial_lr`). */
  baseLr: number;

  constructor(readonly optimizer: HasLearningRate) {
    this.baseLr = optimizer.lr;
  }

  /** Moves to the next epoch and sets the optimizer's learning rate. */
  step(): void {
    this.lastEpoch += 1;
    this.optimizer.lr = this.nextLr(this.optimizer.lr);
  }

  /** The learning rate the last `step()` (or the constructor) set. */
  get lastLr(): number {
    return this.optimizer.lr;
  }

  /** The epoch, the base lr and the lr in effect, so a resumed run continues the same sequence. */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLr: this.baseLr, lastLr: this.optimizer.lr };
  }

  /**
   * Restores the epoch and base lr, and sets the optimizer's lr to the one in effect when saved.
   * @throws ConfigError (code 'state-dict') when lastEpoch is not an integer ≥ 0 or an lr is missing.
   */
  loadStateDict(dict: SchedulerStateDict): void {
    const where = 'LRScheduler.loadStateDict';
    const epoch = dict.lastEpoch;
    if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 0) {
      throw new ConfigError(
        `${where}: lastEpoch must be an integer ≥ 0, got ${String(epoch)}.`,
        'state-dict',
      );
    }
    for (const key of ['baseLr', 'lastLr']) {
      if (typeof dict[key] !== 'number' || !Number.isFinite(dict[key])) {
        throw new ConfigError(
          `${where}: ${key} must be a number, got ${String(dict[key])}.`,
          'state-dict',
        );
      }
    }
    this.lastEpoch = epoch;
    this.baseLr = dict.baseLr as number;
    this.optimizer.lr = dict.lastLr as number;
  }

  /** The lr for `lastEpoch` (already advanced), given the lr currently set. */
  protected abstract nextLr(currentLr: number): number;
}

export interface StepLROptions {
  /** Decay every this many epochs. */
  stepSize: number;
  /** Multiplicative decay. Default 0.1. */
  gamma?: number;
}

/** Multiplies the learning rate by gamma every stepSize epochs: lr = base·γ^⌊epoch / stepSize⌋. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  /** @throws ConfigError when stepSize is not a positive integer or gamma is not a finite number. */
  constructor(optimizer: HasLearningRate, options: StepLROptions) {
    super(optimizer);
    checkPositiveInteger('StepLR', 'stepSize', options.stepSize);
    const gamma = options.gamma ?? 0.1;
    if (!Number.isFinite(gamma)) {
      throw new ConfigError(`StepLR: gamma must be a finite number, got ${String(gamma)}.`);
    }
    this.stepSize = options.stepSize;
    this.gamma = gamma;
    this.step();
  }

  protected nextLr(lr: number): number {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lr;
    return lr * this.gamma;
  }
}

export interface CosineAnnealingLROptions {
  /** Half-period in epochs: lr falls from base to etaMin over tMax epochs, then rises again. */
  tMax: number;
  /** The lowest learning rate. Default 0. */
  etaMin?: number;
}

/**
 * Cosine annealing (SGDR without restarts): lr = ηmin + ½(base − ηmin)(1 + cos(π·epoch / tMax)),
 * continuing periodically after tMax as PyTorch's recursive form does.
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  /** @throws ConfigError when tMax is not a positive integer or etaMin is negative. */
  constructor(optimizer: HasLearningRate, options: CosineAnnealingLROptions) {
    super(optimizer);
    checkPositiveInteger('CosineAnnealingLR', 'tMax', options.tMax);
    const etaMin = options.etaMin ?? 0;
    if (!(etaMin >= 0) || !Number.isFinite(etaMin)) {
      throw new ConfigError(
        `CosineAnnealingLR: etaMin must be a non-negative number, got ${String(etaMin)}.`,
      );
    }
    this.tMax = options.tMax;
    this.etaMin = etaMin;
    this.step();
  }

  protected nextLr(lr: number): number {
    const { lastEpoch: e, tMax, etaMin, baseLr } = this;
    if (e === 0) return lr;
    const period = 2 * tMax;
    // Python's % is never negative; JavaScript's can be.
    if ((((e - 1 - tMax) % period) + period) % period === 0) {
      return lr + ((baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    }
    return (
      ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) *
        (lr - etaMin) +
      etaMin
    );
  }
}

export interface LinearLROptions {
  /** Factor applied to the base lr at epoch 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** Factor reached at totalIters and kept after, in [0, 1]. Default 1. */
  endFactor?: number;
  /** Epochs over which the factor changes linearly. Default 5. */
  totalIters?: number;
}

/**
 * Linear warm-up (or decay) of the learning-rate factor from startFactor to endFactor over
 * totalIters epochs, as torch.optim.lr_scheduler.LinearLR.
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  /**
   * @throws ConfigError when startFactor is outside (0, 1], endFactor outside [0, 1], or
   *   totalIters is not a positive integer.
   */
  constructor(optimizer: HasLearningRate, options: LinearLROptions = {}) {
    super(optimizer);
    const startFactor = options.startFactor ?? 1 / 3;
    const endFactor = options.endFactor ?? 1;
    const totalIters = options.totalIters ?? 5;
    // PyTorch parity: torch accepts startFactor 0 and then divides by zero at epoch 1.
    if (!(startFactor > 0 && startFactor <= 1)) {
      throw new ConfigError(`LinearLR: startFactor must be in (0, 1], got ${String(startFactor)}.`);
    }
    if (!(endFactor >= 0 && endFactor <= 1)) {
      throw new ConfigError(`LinearLR: endFactor must be in [0, 1], got ${String(endFactor)}.`);
    }
    checkPositiveInteger('LinearLR', 'totalIters', totalIters);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.step();
  }

  protected nextLr(lr: number): number {
    const { lastEpoch: e, startFactor: s, endFactor: f, totalIters: n } = this;
    if (e === 0) return lr * s;
    if (e > n) return lr;
    return lr * (1 + (f - s) / (n * s + (e - 1) * (f - s)));
  }
}

export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should fall (a loss); 'max': it should rise (an accuracy). Default 'min'. */
  mode?: 'min' | 'max';
  /** lr ← max(lr·factor, minLr) on a plateau; in [0, 1). Default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated before reducing. Default 10. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** 'rel': better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again. Default 0. */
  cooldown?: number;
  /** Lower bound of the learning rate. Default 0. */
  minLr?: number;
  /** Reductions smaller than this are skipped. Default 1e-8. */
  eps?: number;
}

/** Reduces the learning rate when a metric stops improving, as torch's ReduceLROnPlateau. */
export class ReduceLROnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLr: number;
  readonly eps: number;
  /** The best metric seen so far (±Infinity before the first step). */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;

  /**
   * @throws ConfigError for an unknown mode or thresholdMode, factor outside [0, 1), a negative
   *   or non-integer patience or cooldown, or a negative threshold, minLr or eps.
   */
  constructor(
    readonly optimizer: HasLearningRate,
    options: ReduceLROnPlateauOptions = {},
  ) {
    const where = 'ReduceLROnPlateau';
    this.mode = options.mode ?? 'min';
    this.thresholdMode = options.thresholdMode ?? 'rel';
    this.factor = options.factor ?? 0.1;
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0;
    this.eps = options.eps ?? 1e-8;
    if (this.mode !== 'min' && this.mode !== 'max') {
      throw new ConfigError(`${where}: mode must be 'min' or 'max', got '${String(this.mode)}'.`);
    }
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') {
      throw new ConfigError(
        `${where}: thresholdMode must be 'rel' or 'abs', got '${String(this.thresholdMode)}'.`,
      );
    }
    if (!(this.factor >= 0 && this.factor < 1)) {
      throw new ConfigError(`${where}: factor must be in [0, 1), got ${String(this.factor)}.`);
    }
    for (const [name, value] of [
      ['patience', this.patience],
      ['cooldown', this.cooldown],
    ] as const) {
      if (!Number.isInteger(value) || value < 0) {
        throw new ConfigError(`${where}: ${name} must be an integer ≥ 0, got ${String(value)}.`);
      }
    }
    for (const [name, value] of [
      ['threshold', this.threshold],
      ['minLr', this.minLr],
      ['eps', this.eps],
    ] as const) {
      if (!(value >= 0) || !Number.isFinite(value)) {
        throw new ConfigError(
          `${where}: ${name} must be a non-negative number, got ${String(value)}.`,
        );
      }
    }
    this.best = this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  /** Records one epoch's metric (e.g. the validation loss) and reduces lr after a plateau. */
  step(metric: number): void {
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      const oldLr = this.optimizer.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLr);
      if (oldLr - newLr > this.eps) this.optimizer.lr = newLr;
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  get lastLr(): number {
    return this.optimizer.lr;
  }

  /** The state; `best` is left out before the first step (±Infinity does not survive JSON). */
  stateDict(): SchedulerStateDict {
    return {
      ...(Number.isFinite(this.best) ? { best: this.best } : {}),
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
    };
  }

  /**
   * Restores a state; without `best` the scheduler has no best yet (as before its first step).
   * @throws ConfigError (code 'state-dict') naming a missing or non-numeric entry.
   */
  loadStateDict(dict: SchedulerStateDict): void {
    const keys = ['numBadEpochs', 'cooldownCounter', 'lastEpoch'];
    for (const key of dict.best === undefined ? keys : ['best', ...keys]) {
      if (typeof dict[key] !== 'number' || Number.isNaN(dict[key])) {
        throw new ConfigError(
          `ReduceLROnPlateau.loadStateDict: ${key} must be a number, got ${String(dict[key])}.`,
          'state-dict',
        );
      }
    }
    this.best =
      dict.best ?? (this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
    this.numBadEpochs = dict.numBadEpochs as number;
    this.cooldownCounter = dict.cooldownCounter as number;
    this.lastEpoch = dict.lastEpoch as number;
  }

  private isBetter(a: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') {
      return this.thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    }
    return this.thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  }
}
