/** Progress helpers: the event rate stays bounded, the smoothed loss is bias-corrected, and the ETA is linear. */
import { describe, expect, it } from 'vitest';
import { estimateEtaSeconds, RateLimiter, Smoother } from './progress.ts';

describe('RateLimiter', () => {
  it('lets through at most 20 events per simulated second of 1000 attempts', () => {
    let t = 0;
    const limiter = new RateLimiter({ maxPerSecond: 20, now: () => t });
    let passed = 0;
    for (let i = 0; i < 1000; i++) {
      t = i;
      if (limiter.tryAcquire()) passed += 1;
    }
    expect(passed).toBe(20);
  });

  it('always lets a forced event through', () => {
    const limiter = new RateLimiter({ maxPerSecond: 1, now: () => 5 });
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.tryAcquire({ force: true })).toBe(true);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter({ maxPerSecond: 0, now: () => 0 })).toThrow(
      'RateLimiter: maxPerSecond must be a positive number, got 0.',
    );
  });
});

describe('Smoother', () => {
  it('returns the first value unchanged and then a weighted average', () => {
    const s = new Smoother(0.5);
    expect(s.add(4)).toBe(4);
    // (0.5·0.5·4 + 0.5·2) / (1 − 0.25) = 2/0.75
    expect(s.add(2)).toBeCloseTo(2 / 0.75, 12);
  });

  it('continues identically after a state round trip', () => {
    const a = new Smoother();
    a.add(1);
    a.add(3);
    const b = new Smoother();
    b.restore(a.state());
    expect(b.add(5)).toBe(a.add(5));
  });
});

describe('estimateEtaSeconds', () => {
  it('extrapolates the time per step to the remaining steps', () => {
    expect(estimateEtaSeconds({ stepsDone: 10, stepsTotal: 40, secondsForDone: 5 })).toBe(15);
  });

  it('is null before any step was timed', () => {
    expect(estimateEtaSeconds({ stepsDone: 0, stepsTotal: 40, secondsForDone: 0 })).toBeNull();
  });
});
