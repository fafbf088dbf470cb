/** Train/validation/test splits: seeded random, stratified by label, or chronological. */
import { ConfigError } from '../errors.ts';
import { Random } from '../random.ts';
import { plainArray } from './plainArray.ts';

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

/** How many of `n` rows each part takes. */
function partSizes(n: number, options: SplitOptions): { train: number; val: number; test: number } {
  const test = Math.round(n * options.testFraction);
  const val = Math.round(n * options.valFraction);
  return { train: n - val - test, val, test };
}

function cut(order: readonly number[], options: SplitOptions): Split {
  const { train: nTrain, val: nVal } = partSizes(order.length, options);
  return {
    train: order.slice(0, nTrain),
    val: order.slice(nTrain, nTrain + nVal),
    test: order.slice(nTrain + nVal),
  };
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
  const n = labels.length;
  const codes = new Int32Array(n);
  const index = new Map<string | number, number>();
  for (let i = 0; i < n; i++) {
    const l = labels[i] as string | number;
    let c = index.get(l);
    if (c === undefined) index.set(l, (c = index.size));
    codes[i] = c;
  }
  return stratifiedSplitOfCodes({ names: [...index.keys()], codes }, options);
}

/** Labels given as a code a row into their distinct names. */
export interface CodedLabels {
  readonly names: readonly (string | number)[];
  readonly codes: ArrayLike<number>;
}

/**
 * {@link stratifiedSplit} of labels given as codes: the same split as the labels themselves
 * (classes in the order of their names as strings).
 * @throws ConfigError as {@link randomSplit}.
 */
export function stratifiedSplitOfCodes(
  labels: CodedLabels,
  options: SplitOptions & { seed: number },
): Split {
  const { codes, names } = labels;
  const n = codes.length;
  check(n, options);
  const random = new Random(options.seed);
  // NOTE: typed arrays throughout: lists grown by push cost ~20 ms per 200,000 rows each time.
  const sizes = new Array<number>(names.length).fill(0);
  for (let i = 0; i < n; i++) sizes[codes[i] as number] = (sizes[codes[i] as number] as number) + 1;
  const classes = names
    .map((name, code) => ({ name: String(name), code }))
    .filter(({ code }) => (sizes[code] as number) > 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ code }) => code);
  // Each class's rows in row order, the classes one after another in sorted order.
  const next = new Int32Array(names.length);
  let at = 0;
  for (const c of classes) {
    next[c] = at;
    at += sizes[c] as number;
  }
  const byClass = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    byClass[next[c] as number] = i;
    next[c] = (next[c] as number) + 1;
  }
  const cuts = classes.map((c) => partSizes(sizes[c] as number, options));
  const parts = (['train', 'val', 'test'] as const).map(
    (k) => new Int32Array(cuts.reduce((sum, cut) => sum + cut[k], 0)),
  ) as [Int32Array, Int32Array, Int32Array];
  const filled = [0, 0, 0];
  let from = 0;
  classes.forEach((c, k) => {
    const { train, val } = cuts[k] as { train: number; val: number };
    const rows = random.shuffle(byClass.subarray(from, from + (sizes[c] as number)));
    const bounds = [0, train, train + val, rows.length];
    for (let p = 0; p < 3; p++) {
      (parts[p] as Int32Array).set(rows.subarray(bounds[p], bounds[p + 1]), filled[p]);
      filled[p] = (filled[p] as number) + (bounds[p + 1] as number) - (bounds[p] as number);
    }
    from += rows.length;
  });
  const [train, val, test] = parts.map((part) => plainArray(random.shuffle(part)));
  return { train, val, test } as Split;
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
