/** Number formatting for charts: grouped thousands, compact millions, exponents only for tiny values. */
import { describe, expect, it } from 'vitest';
import { formatChartNumber } from './format.ts';

describe('formatChartNumber', () => {
  it('groups thousands in three significant digits instead of exponent form', () => {
    expect(formatChartNumber(1523)).toBe('1,520');
    expect(formatChartNumber(6000)).toBe('6,000');
    expect(formatChartNumber(81_300)).toBe('81,300');
    expect(formatChartNumber(-2500)).toBe('-2,500');
  });

  it('writes millions compactly and keeps ordinary values short', () => {
    expect(formatChartNumber(8_254_000)).toBe('8.25M');
    expect(formatChartNumber(0.4567)).toBe('0.457');
    expect(formatChartNumber(12.345)).toBe('12.3');
    expect(formatChartNumber(0)).toBe('0');
  });

  it('uses exponent form below 0.01 (learning rates, small losses)', () => {
    expect(formatChartNumber(0.001)).toBe('1.0e-3');
    expect(formatChartNumber(0.00025)).toBe('2.5e-4');
  });
});
