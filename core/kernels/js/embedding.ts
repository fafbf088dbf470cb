/** Embedding row gather (forward) and scatter-add (backward) in plain TypeScript. */

/** out[r, :] = table[ids[r], :]; table [rows, dim], out [ids.length, dim]; ids already checked. */
export function embeddingGatherJs(
  table: Float32Array,
  dim: number,
  ids: Int32Array,
  out: Float32Array,
): void {
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
 */
export function embeddingScatterAddJs(
  grad: Float32Array,
  dim: number,
  ids: Int32Array,
  gradOut: Float32Array,
  options: { paddingIdx?: number } = {},
): void {
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
