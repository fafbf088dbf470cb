/** Embedding row gather (forward) and scatter-add (backward) in plain TypeScript. */
import { ShapeError } from '../../errors.ts';

/**
 * Rows of a [rows, dim] table, after checking every id against them.
 * @throws ShapeError for a non-positive dim or an id outside [0, rows).
 */
export function checkEmbedding(
  where: string,
  table: Float32Array,
  dim: number,
  ids: Int32Array,
): number {
  if (!Number.isInteger(dim) || dim <= 0) {
    throw new ShapeError(`${where}: dim must be a positive integer, got ${dim}.`);
  }
  const rows = Math.floor(table.length / dim);
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r] as number;
    if (id < 0 || id >= rows) {
      throw new ShapeError(`${where}: ids[${r}] must be in [0, ${rows}), got ${id}.`);
    }
  }
  return rows;
}

function checkOut(where: string, what: string, array: Float32Array, need: number): void {
  if (array.length < need) {
    throw new ShapeError(
      `${where}: ${what} must hold at least ${need} values, got ${array.length}.`,
    );
  }
}

/**
 * out[r, :] = table[ids[r], :]; table [rows, dim], out [ids.length, dim].
 * @throws ShapeError for an id outside the table or a short out.
 */
export function embeddingGatherJs(
  table: Float32Array,
  dim: number,
  ids: Int32Array,
  out: Float32Array,
): void {
  checkEmbedding('embeddingGather', table, dim, ids);
  checkOut('embeddingGather', 'out', out, ids.length * dim);
  // NOTE: rows of 16+ values are one memmove each (TypedArray.set); shorter ones a loop, where
  // the subarray view would cost more than the copy.
  for (let r = 0; r < ids.length; r++) {
    const src = (ids[r] as number) * dim;
    const dst = r * dim;
    if (dim >= 16) out.set(table.subarray(src, src + dim), dst);
    else for (let j = 0; j < dim; j++) out[dst + j] = table[src + j] as number;
  }
}

/**
 * grad[ids[r], :] += gradOut[r, :], skipping rows whose id is paddingIdx (PyTorch's padding_idx
 * gets no gradient); grad [rows, dim], gradOut [ids.length, dim].
 * @throws ShapeError for an id outside the table or a short gradOut.
 */
export function embeddingScatterAddJs(
  grad: Float32Array,
  dim: number,
  ids: Int32Array,
  gradOut: Float32Array,
  options: { paddingIdx?: number } = {},
): void {
  checkEmbedding('embeddingScatterAdd', grad, dim, ids);
  checkOut('embeddingScatterAdd', 'gradOut', gradOut, ids.length * dim);
  const pad = options.paddingIdx ?? -1;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r] as number;
    if (id === pad) continue;
    const dst = id * dim;
    const src = r * dim;
    for (let j = 0; j < dim; j++)
      grad[dst + j] = (grad[dst + j] as number) + (gradOut[src + j] as number);
  }
}
