/** Types of scaleShapes.mjs, for the TypeScript end-to-end tests that write big files. */

/** A seeded generator (LCG) of numbers in [0, 1). */
export function lcg(seed: number): () => number;

/** The tasks with a row generator. */
export type ScaleTask = 'classify' | 'forecast';

/**
 * Writes at least `bytesWanted` bytes of `task`'s shape to `path`; resolves with the row count.
 * @throws Error for a task without a shape.
 */
export function generateScaleFile(
  path: string,
  task: ScaleTask,
  bytesWanted: number,
): Promise<number>;
