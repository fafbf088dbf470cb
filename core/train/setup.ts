/** Builds the optimizer, LR schedule and divergence explanations a run spec asks for. */
import type { MessageDetail } from '../errors.ts';
import { Adam, AdamW } from '../optim/adam.ts';
import { CosineAnnealingLR, ReduceLROnPlateau, StepLR } from '../optim/lrScheduler.ts';
import type { Optimizer, ParamsInput } from '../optim/optimizer.ts';
import { SGD } from '../optim/sgd.ts';
import type { TrainSpec } from '../tasks/spec.ts';
import type { MetricDirection } from '../tasks/task.ts';

/** The optimizer of `train.optimizer` with its lr and weight decay, over parameters or parameter groups. */
export function makeOptimizer(train: TrainSpec, params: ParamsInput): Optimizer {
  const { lr, weightDecay } = train;
  switch (train.optimizer) {
    case 'adam':
      return new Adam(params, { lr, weightDecay });
    case 'adamw':
      return new AdamW(params, { lr, weightDecay });
    case 'sgd':
      // NOTE: plain SGD without momentum trains recurrent models very slowly; 0.9 is the
      // usual choice (and torch's examples' default).
      return new SGD(params, { lr, momentum: 0.9, weightDecay });
    default: {
      const never: never = train.optimizer;
      throw new Error(`Unsupported optimizer '${String(never)}'.`);
    }
  }
}

/** A schedule the loop steps once per epoch, with the epoch's validation metric for plateau. */
export interface EpochScheduler {
  /** Call after each epoch's validation. */
  step(metric: number): void;
  stateDict(): Record<string, number>;
  loadStateDict(state: Record<string, number>): void;
}

/**
 * The LR schedule of `train.schedule`, stepped once per epoch; null for 'constant'.
 * - step: lr × 0.1 every ⌈epochs / 3⌉ epochs (StepLR);
 * - cosine: from lr to 0 over the planned epochs (CosineAnnealingLR, tMax = epochs);
 * - plateau: lr × 0.5 after 1 epoch without improvement of the primary metric (ReduceLROnPlateau).
 */
export function makeScheduler(
  train: TrainSpec,
  optimizer: Optimizer,
  primary: MetricDirection,
): EpochScheduler | null {
  switch (train.schedule) {
    case 'constant':
      return null;
    case 'step': {
      const s = new StepLR(optimizer, { stepSize: Math.max(1, Math.ceil(train.epochs / 3)) });
      return {
        step: () => s.step(),
        stateDict: () => s.stateDict(),
        loadStateDict: (d) => s.loadStateDict(d),
      };
    }
    case 'cosine': {
      const s = new CosineAnnealingLR(optimizer, { tMax: train.epochs });
      return {
        step: () => s.step(),
        stateDict: () => s.stateDict(),
        loadStateDict: (d) => s.loadStateDict(d),
      };
    }
    case 'plateau': {
      const s = new ReduceLROnPlateau(optimizer, {
        mode: primary.higherIsBetter ? 'max' : 'min',
        factor: 0.5,
        patience: 1,
      });
      return {
        step: (m) => s.step(m),
        stateDict: () => s.stateDict(),
        loadStateDict: (d) => s.loadStateDict(d),
      };
    }
    default: {
      const never: never = train.schedule;
      throw new Error(`Unsupported schedule '${String(never)}'.`);
    }
  }
}

/**
 * Training stopped because a loss or gradient norm became NaN or infinite. `detail` and
 * `suggestionDetail` are the message and the suggestion as keys and parameters, for the UI to word.
 */
export class DivergenceError extends Error {
  override readonly name = 'DivergenceError';
  readonly code = 'diverged';
  constructor(
    message: string,
    /** What the user can change. */
    readonly suggestion: string,
    readonly detail?: MessageDetail,
    readonly suggestionDetail?: MessageDetail,
  ) {
    super(message);
  }
}

/**
 * The explanation of a NaN/Inf: what became non-finite, where (1-based epoch and step in it), and
 * what to change given the learning rate and clipping in effect.
 */
export function divergence(options: {
  what: 'loss' | 'gradient norm' | 'validation loss';
  value: number;
  epoch: number;
  stepInEpoch: number | null;
  lr: number;
  clipNorm: number;
}): DivergenceError {
  const { what, value, epoch, stepInEpoch, lr, clipNorm } = options;
  const shown = Number.isNaN(value) ? 'NaN' : value > 0 ? 'infinite' : '-infinite';
  const where =
    stepInEpoch === null ? `after epoch ${epoch}` : `at epoch ${epoch}, step ${stepInEpoch}`;
  const lower = `Lower the learning rate (now ${formatNumber(lr)}, try ${formatNumber(lr / 10)})`;
  const suggestion =
    clipNorm > 0
      ? `${lower}; gradient clipping is on at ${formatNumber(clipNorm)}, a smaller value (e.g. ${formatNumber(Math.min(clipNorm, 1) / 2)}) also helps.`
      : `${lower} or turn on gradient clipping (clip norm 1).`;
  const rates = { lr: formatNumber(lr), lrTry: formatNumber(lr / 10) };
  return new DivergenceError(
    `The ${what} became ${shown} ${where}.`,
    suggestion,
    stepInEpoch === null
      ? { key: 'diverged-epoch', params: { what, value: shown, epoch } }
      : { key: 'diverged-step', params: { what, value: shown, epoch, step: stepInEpoch } },
    clipNorm > 0
      ? {
          key: 'diverged-lower-clip',
          params: {
            ...rates,
            clipNorm: formatNumber(clipNorm),
            clipTry: formatNumber(Math.min(clipNorm, 1) / 2),
          },
        }
      : { key: 'diverged-lower-no-clip', params: rates },
  );
}

/** Up to 4 significant digits without trailing zeros (0.001, 10, 2.5e-5). */
export function formatNumber(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
