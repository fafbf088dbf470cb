/** Train/validation/test splits: seeded random, stratified by label, or chronological. */
import { ConfigError } from '../errors.ts';
import { Random } from '../random.ts';

/** Row indices of each part. */
export interface Split {
  train: number[];
  val: number[];
  test: number[];
}

/** Shares of validation and test rows (the rest trains); JSON-serialisable. */
export interface SplitOptions {
  valFraction: number;
  testFraction: number;
}

function check(n: number, { valFraction, testFraction }: SplitOptions): void {
  for (const [name, f] of [
    ['valFraction', valFraction],
    ['testFraction', testFraction],
  ] as const) {
    if (!(f >= 0 && f < 1)) throw new ConfigError(`split: ${name} must be in [0, 1), got ${f}.`);
  }
  if (valFraction + testFraction >= 1) {
    throw new ConfigError(
      `split: valFraction + testFraction must be below 1, got ${valFraction + testFraction}.`,
      'config',
      { key: 'split-sum', params: { sum: valFraction + testFraction } },
    );
  }
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigError(`split: the row count must be ≥ 1, got ${n}.`);
}

function cut(order: readonly number[], options: SplitOptions): Split {
  const n = order.length;
  const nTest = Math.round(n * options.testFraction);
  const nVal = Math.round(n * options.valFraction);
  const nTrain = n - nVal - nTest;
  return {
    train: order.slice(0, nTrain),
    val: order.slice(nTrain, nTrain + nVal),
    test: order.slice(nTrain + nVal),
  };
}

/** Appends `items` to `to` one by one: spreading them as call arguments overflows the stack past ~100,000. */
function append(to: number[], items: readonly number[]): void {
  for (let k = 0; k < items.length; k++) to.push(items[k] as number);
}

/**
 * Seeded shuffle of independent rows, then train | val | test. The same seed gives the same split.
 * @throws ConfigError for fractions outside [0, 1) or summing to 1 or more.
 */
export function randomSplit(n: number, options: SplitOptions & { seed: number }): Split {
  check(n, options);
  const order = new Random(options.seed).shuffle(Array.from({ length: n }, (_, i) => i));
  return cut(order, options);
}

/**
 * Like {@link randomSplit} but within each class, so every part keeps the class proportions.
 * Each part's indices are in shuffled order.
 * @throws ConfigError as {@link randomSplit}.
 */
export function stratifiedSplit(
  labels: readonly (string | number)[],
  options: SplitOptions & { seed: number },
): Split {
  check(labels.length, options);
  const random = new Random(options.seed);
  const byClass = new Map<string | number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as string | number;
    let list = byClass.get(l);
    if (list === undefined) {
      list = [];
      byClass.set(l, list);
    }
    list.push(i);
  }
  const out: Split = { train: [], val: [], test: [] };
  const classes = [...byClass.keys()].sort((a, b) =>
    String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
  for (const c of classes) {
    // NOTE: each class's list is this function's own, so it is shuffled in place.
    const part = cut(random.shuffle(byClass.get(c) as number[]), options);
    append(out.train, part.train);
    append(out.val, part.val);
    append(out.test, part.test);
  }
  random.shuffle(out.train);
  random.shuffle(out.val);
  random.shuffle(out.test);
  return out;
}

/**
 * Time order kept: the first rows train, then validation, then test (no shuffling, no leakage
 * from the future).
 * @throws ConfigError as {@link randomSplit}.
 */
export function chronologicalSplit(n: number, options: SplitOptions): Split {
  check(n, options);
  return cut(
    Array.from({ length: n }, (_, i) => i),
    options,
  );
}

/**
 * The sizes of {@link chronologicalSplit}'s parts, without their index lists (a series of
 * millions of steps is cut by position alone).
 * @throws ConfigError as chronologicalSplit.
 */
export function chronologicalSizes(
  n: number,
  options: SplitOptions,
): { train: number; val: number; test: number } {
  check(n, options);
  const test = Math.round(n * options.testFraction);
  const val = Math.round(n * options.valFraction);
  return { train: n - val - test, val, test };
}
