import { describe, expect, it } from 'vitest';
import { parseNumberInput } from './numberInput.ts';

describe('parseNumberInput', () => {
  const hidden = { min: 1, max: 4096 };

  it('takes a number within the limits', () => {
    expect(parseNumberInput('128', hidden)).toBe(128);
    expect(parseNumberInput('1', hidden)).toBe(1);
    expect(parseNumberInput('4096', hidden)).toBe(4096);
  });

  it('does not take a number outside the limits (the field keeps its last value)', () => {
    expect(parseNumberInput('0', hidden)).toBeUndefined();
    expect(parseNumberInput('4097', hidden)).toBeUndefined();
    expect(parseNumberInput('4', { min: 10, max: 100 })).toBeUndefined();
  });

  it('takes whole numbers only where the step is whole: a hidden size of 1.5 never reaches the spec', () => {
    expect(parseNumberInput('1.5', hidden)).toBeUndefined();
    expect(parseNumberInput('1.5', { min: 0, max: 10, step: 2 })).toBeUndefined();
    expect(parseNumberInput('2.0', hidden)).toBe(2);
  });

  it('takes fractions where the step is fractional', () => {
    expect(parseNumberInput('0.35', { min: 0, max: 0.9, step: 0.05 })).toBe(0.35);
    expect(parseNumberInput('0.0003', { min: 1e-6, max: 1, step: 0.0001 })).toBe(0.0003);
  });

  it('tells an empty field from text that is not a number', () => {
    expect(parseNumberInput('', hidden)).toBeNull();
    expect(parseNumberInput('  ', hidden)).toBeNull();
    expect(parseNumberInput('1e', hidden)).toBeUndefined();
    expect(parseNumberInput('abc', hidden)).toBeUndefined();
    expect(parseNumberInput('Infinity', { min: 0, max: Number.POSITIVE_INFINITY })).toBeUndefined();
  });
});
