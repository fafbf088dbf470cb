/** Shared assertion of the training suites: a loss curve that falls steadily, window by window. */
import { expect } from 'vitest';

/**
 * Splits `losses` into windows of `window` steps and requires every window's mean to be below
 * the previous one's, and the last window's mean to be at most `ratio` of the first's.
 */
export function expectSteadyDecrease(
  losses: number[],
  options: { window: number; ratio: number },
): void {
  const { window, ratio } = options;
  const means: number[] = [];
  for (let i = 0; i + window <= losses.length; i += window) {
    means.push(losses.slice(i, i + window).reduce((a, b) => a + b, 0) / window);
  }
  for (let k = 1; k < means.length; k++) {
    expect(means[k], `window ${k} mean vs window ${k - 1} (${means.join(', ')})`).toBeLessThan(
      means[k - 1],
    );
  }
  expect(means[means.length - 1]).toBeLessThanOrEqual(means[0] * ratio);
  for (const l of losses) expect(Number.isFinite(l)).toBe(true);
}
