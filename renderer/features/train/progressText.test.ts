/** Tests of the progress line's duration and fraction. */
import { describe, expect, it } from 'vitest';
import { formatDuration, progressFraction } from './progressText.ts';

describe('formatDuration', () => {
  it('writes minutes and seconds, and hours when needed', () => {
    expect(formatDuration(41.2)).toBe('0:42');
    expect(formatDuration(725)).toBe('12:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-3)).toBe('0:00');
  });
});

describe('progressFraction', () => {
  it('is the share of planned steps, capped at 1, and unknown without a total', () => {
    expect(progressFraction({ step: 30, totalSteps: 120 })).toBe(0.25);
    expect(progressFraction({ step: 130, totalSteps: 120 })).toBe(1);
    expect(progressFraction({ step: 3, totalSteps: 0 })).toBeNull();
  });
});
