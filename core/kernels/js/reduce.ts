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

/** y = softmax(x) (or log-softmax with `log`) along the middle dimension, max-shifted. */
export function softmaxDim(
  x: Float32Array,
  outer: number,
  size: number,
  inner: number,
  y: Float32Array,
  options: { log: boolean },
): void {
  const log = options.log;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let m = Number.NEGATIVE_INFINITY;
      for (let d = 0; d < size; d++) {
        const v = x[base + d * inner];
        if (v > m) m = v;
      }
      let s = 0;
      for (let d = 0; d < size; d++) s += Math.exp(x[base + d * inner] - m);
      if (log) {
        const lse = m + Math.log(s);
        for (let d = 0; d < size; d++) y[base + d * inner] = x[base + d * inner] - lse;
      } else {
        const inv = 1 / s;
        for (let d = 0; d < size; d++)
          y[base + d * inner] = Math.exp(x[base + d * inner] - m) * inv;
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
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let s = 0;
      if (log) {
        for (let d = 0; d < size; d++) s += g[base + d * inner];
        for (let d = 0; d < size; d++) {
          const k = base + d * inner;
          gx[k] = g[k] - Math.exp(y[k]) * s;
        }
      } else {
        for (let d = 0; d < size; d++) s += g[base + d * inner] * y[base + d * inner];
        for (let d = 0; d < size; d++) {
          const k = base + d * inner;
          gx[k] = y[k] * (g[k] - s);
        }
      }
    }
  }
}
