// Embedding row gather (forward) and scatter-add (backward) over f32 tables in linear memory.
//
// ids are i32 and already checked against the table size by the caller.

/** out[r, :] = table[ids[r], :] for r < count; rows are dim floats. */
export function embeddingGather(table: usize, dim: i32, ids: usize, count: i32, out: usize): void {
  const rowBytes = <usize>dim * 4;
  for (let r = 0; r < count; r++) {
    const id = load<i32>(ids + <usize>r * 4);
    memory.copy(out + <usize>r * rowBytes, table + <usize>id * rowBytes, rowBytes);
  }
}

/** grad[ids[r], :] += gradOut[r, :] for r < count, skipping ids equal to paddingIdx (−1: none). */
export function embeddingScatterAdd(
  grad: usize,
  dim: i32,
  ids: usize,
  count: i32,
  gradOut: usize,
  paddingIdx: i32,
): void {
  const rowBytes = <usize>dim * 4;
  for (let r = 0; r < count; r++) {
    const id = load<i32>(ids + <usize>r * 4);
    if (id == paddingIdx) continue;
    const dst = grad + <usize>id * rowBytes;
    const src = gradOut + <usize>r * rowBytes;
    let j = 0;
    for (; j + 4 <= dim; j += 4) {
      const off = <usize>j * 4;
      v128.store(dst + off, f32x4.add(v128.load(dst + off), v128.load(src + off)));
    }
    for (; j < dim; j++) {
      const off = <usize>j * 4;
      store<f32>(dst + off, load<f32>(dst + off) + load<f32>(src + off));
    }
  }
}
