/** Progress bookkeeping for the training loop: a rate limiter for events, a smoothed loss, throughput and ETA. */
import { ConfigError } from '../errors.ts';

/** Options for {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** At most this many events per second (the rest are dropped). */
  maxPerSecond: number;
  /** Milliseconds clock; injectable for tests. */
  now: () => number;
}

/**
 * Lets through at most `maxPerSecond` events: one whenever at least 1000 / maxPerSecond ms have
 * passed since the last one let through. `force` always passes (and restarts the interval).
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private last = Number.NEGATIVE_INFINITY;

  /** @throws ConfigError when maxPerSecond is not a positive number. */
  constructor(private readonly options: RateLimiterOptions) {
    if (!(options.maxPerSecond > 0) || !Number.isFinite(options.maxPerSecond)) {
      throw new ConfigError(
        `RateLimiter: maxPerSecond must be a positive number, got ${String(options.maxPerSecond)}.`,
      );
    }
    this.intervalMs = 1000 / options.maxPerSecond;
  }

  /** True if an event may go out now; records it as sent. */
  tryAcquire(options: { force?: boolean } = {}): boolean {
    const t = this.options.now();
    if (options.force || t - this.last >= this.intervalMs) {
      this.last = t;
      return true;
    }
    return false;
  }
}

/**
 * An exponential moving average with bias correction (as TensorBoard's smoothing and Adam's
 * moments): after n values v₁…vₙ, s = Σ β^(n−i)(1−β)vᵢ / (1 − βⁿ), so the first value is itself.
 */
export class Smoother {
  private sum = 0;
  private count = 0;

  /** @throws ConfigError when beta is outside [0, 1). */
  constructor(readonly beta = 0.9) {
    if (!(beta >= 0 && beta < 1)) {
      throw new ConfigError(`Smoother: beta must be in [0, 1), got ${String(beta)}.`);
    }
  }

  /** Adds a value and returns the smoothed value. */
  add(value: number): number {
    this.sum = this.beta * this.sum + (1 - this.beta) * value;
    this.count += 1;
    return this.value;
  }

  /** The smoothed value (NaN before the first value). */
  get value(): number {
    return this.count === 0 ? Number.NaN : this.sum / (1 - this.beta ** this.count);
  }

  /** The state for a checkpoint. */
  state(): { sum: number; count: number } {
    return { sum: this.sum, count: this.count };
  }

  /** Restores a state from `state()`. */
  restore(state: { sum: number; count: number }): void {
    this.sum = state.sum;
    this.count = state.count;
  }
}

/**
 * Seconds left, from the steps done and the time they took in this session.
 * @returns null until a step has been timed.
 */
export function estimateEtaSeconds(options: {
  stepsDone: number;
  stepsTotal: number;
  secondsForDone: number;
}): number | null {
  const { stepsDone, stepsTotal, secondsForDone } = options;
  if (stepsDone <= 0 || secondsForDone <= 0) return null;
  return Math.max(0, ((stepsTotal - stepsDone) * secondsForDone) / stepsDone);
}
