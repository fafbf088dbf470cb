/** What the text of a number field stands for while the user types it. */

export interface NumberLimits {
  min: number;
  max: number;
  /** A whole step (1, the default) takes whole numbers only; a fractional step takes any. */
  step?: number;
}

/**
 * `null` for an empty field, the number for text that fits the limits, `undefined` for text that
 * does not (yet): '4' on the way to '400' in a field whose minimum is 10, '1.5' where only whole
 * numbers are taken, '1e' half typed.
 */
export function parseNumberInput(text: string, limits: NumberLimits): number | null | undefined {
  if (text.trim() === '') return null;
  const v = Number(text);
  if (!Number.isFinite(v) || v < limits.min || v > limits.max) return undefined;
  if (Number.isInteger(limits.step ?? 1) && !Number.isInteger(v)) return undefined;
  return v;
}
