/**
 * Plain-TypeScript kernels that work along one dimension of a tensor viewed as
 * [outer, size, inner]: sums, maxima, softmax and log-softmax, forward and backward.
 */

/** out[o, i] = Σ_d x[o, d, i]; `out` has outer·inner elements. Accumulates in float64. */
export function sumDim(
  x: Float32Array,
  outer: number,
  size: number,
  inner: number,
  out: Float32Array,
): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * size;
      let acc = 0;
      for (let d = 0; d < size; d++) acc += x[base + d];
      out[o] = acc;
    }
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let d = 0; d < size; d++) {
      const base = (o * size + d) * inner;
      for (let i = 0; i < inner; i++) acc[i] += x[base + i];
    }
    const ob = o * inner;
    for (let i = 0; i < inner; i++) out[ob + i] = acc[i];
  }
}

/** dst[o, d, i] = g[o, i] · scale: the gradient of a sum (scale 1) or a mean (1/size). */
export function expandDim(
  g: Float32Array,
  outer: number,
  size: number,
  inner: number,
  scale: number,
  dst: Float32Array,
): void {
  for (let o = 0; o < outer; o++) {
    const gb = o * inner;
    for (let d = 0; d < size; d++) {
      const base = (o * size + d) * inner;
      for (let i = 0; i < inner; i++) dst[base + i] = g[gb + i] * scale;
    }
  }
}

/**
 * out[o, i] = max_d x[o, d, i] and arg[o, i] its first index d. A NaN wins, as in PyTorch.
 */
export function maxDim(
  x: Float32Array,
  outer: number,
  size: number,
  inner: number,
  out: Float32Array,
  arg: Int32Array,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = x[o * size * inner + i];
      let at = 0;
      for (let d = 1; d < size && !Number.isNaN(best); d++) {
        const v = x[(o * size + d) * inner + i];
        if (v > best || Number.isNaN(v)) {
          best = v;
          at = d;
        }
      }
      out[o * inner + i] = best;
      arg[o * inner + i] = at;
    }
  }
}

/**
 * y = softmax(x) (or log-softmax with `log`) along the middle dimension, max-shifted. Rows are
 * walked with the inner index innermost, so a softmax over a leading dim reads memory in order.
 */
export function softmaxDim(
  x: Float32Array,
  outer: number,
  size: number,
  inner: number,
  y: Float32Array,
  options: { log: boolean },
): void {
  const log = options.log;
  const m = new Float64Array(inner);
  const s = new Float64Array(inner);
  const scratch = new Float64Array(size * inner);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    m.fill(Number.NEGATIVE_INFINITY);
    s.fill(0);
    for (let d = 0; d < size; d++) {
      const row = base + d * inner;
      for (let i = 0; i < inner; i++) if (x[row + i] > m[i]) m[i] = x[row + i];
    }
    // One exp per element, kept in float64 until it is normalised.
    for (let d = 0; d < size; d++) {
      const row = base + d * inner;
      const er = d * inner;
      for (let i = 0; i < inner; i++) {
        const e = Math.exp(x[row + i] - m[i]);
        scratch[er + i] = e;
        s[i] += e;
      }
    }
    if (log) {
      for (let i = 0; i < inner; i++) m[i] += Math.log(s[i]);
      for (let d = 0; d < size; d++) {
        const row = base + d * inner;
        for (let i = 0; i < inner; i++) y[row + i] = x[row + i] - m[i];
      }
    } else {
      for (let d = 0; d < size; d++) {
        const row = base + d * inner;
        const er = d * inner;
        for (let i = 0; i < inner; i++) y[row + i] = scratch[er + i] / s[i];
      }
    }
  }
}

/**
 * Gradient of softmax: gx = y ⊙ (g − Σ_d g ⊙ y); of log-softmax (`log`): gx = g − exp(y) Σ_d g.
 */
export function softmaxBackwardDim(
  g: Float32Array,
  y: Float32Array,
  outer: number,
  size: number,
  inner: number,
  gx: Float32Array,
  options: { log: boolean },
): void {
  const log = options.log;
  const s = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    s.fill(0);
    for (let d = 0; d < size; d++) {
      const row = base + d * inner;
      if (log) for (let i = 0; i < inner; i++) s[i] += g[row + i];
      else for (let i = 0; i < inner; i++) s[i] += g[row + i] * y[row + i];
    }
    for (let d = 0; d < size; d++) {
      const row = base + d * inner;
      if (log)
        for (let i = 0; i < inner; i++) gx[row + i] = g[row + i] - Math.exp(y[row + i]) * s[i];
      else for (let i = 0; i < inner; i++) gx[row + i] = y[row + i] * (g[row + i] - s[i]);
    }
  }
}
