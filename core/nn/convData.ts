/** Conv2d's data paths: a chunk of images' columns side by side (im2col), one gemm per group and chunk, and the backward products and col2im. */
import { getBackend, type WindowGeometry } from '../kernels/backend.ts';

/** The sizes of one conv2d call, worked out (and checked) by conv.ts. */
export interface ConvPlan {
  batch: number;
  groups: number;
  /** One image's geometry over one group's in-channels. */
  geometry: WindowGeometry;
  outPerGroup: number;
  /** Rows of a group's columns: inPerGroup · kH · kW. */
  k: number;
  /** Output positions per image: outH · outW. */
  l: number;
}

/** Floats of one column matrix: images are taken in chunks whose columns fit (at least one image). */
const COLUMN_BUDGET = 1 << 22;

/** [start, end) image chunks whose columns fit the budget. */
function chunks(p: ConvPlan): [number, number][] {
  const per = Math.max(1, Math.min(p.batch, Math.floor(COLUMN_BUDGET / (p.k * p.l))));
  const out: [number, number][] = [];
  for (let n0 = 0; n0 < p.batch; n0 += per) out.push([n0, Math.min(p.batch, n0 + per)]);
  return out;
}

/** col [k, (n1 − n0)·l] = the columns of images n0..n1, group g, side by side. */
function columns(
  x: Float32Array,
  p: ConvPlan,
  g: number,
  n0: number,
  n1: number,
  col: Float32Array,
): void {
  const { channels, height, width } = p.geometry;
  const image = channels * height * width;
  const rowStride = (n1 - n0) * p.l;
  for (let n = n0; n < n1; n++) {
    const at = (n * p.groups + g) * image;
    getBackend().im2col(x.subarray(at, at + image), p.geometry, col, {
      rowStride,
      offset: (n - n0) * p.l,
    });
  }
}

/** Moves group g's channels of images n0..n1 between [N, C, l] (`image`) and [outPerGroup, n1 − n0, l] (`grouped`). */
function regroup(
  p: ConvPlan,
  g: number,
  n0: number,
  n1: number,
  image: Float32Array,
  grouped: Float32Array,
  toImage: boolean,
): void {
  const backend = getBackend();
  const count = n1 - n0;
  const channels = p.groups * p.outPerGroup;
  const slab = image.subarray(n0 * channels * p.l, n1 * channels * p.l);
  const staged = new Float32Array(count * p.outPerGroup * p.l);
  const slabCopy = { outer: count, inner: p.l, length: p.outPerGroup };
  if (toImage) {
    backend.permuteCopy(grouped, [p.outPerGroup, count, p.l], [1, 0, 2], staged);
    backend.copySlab({
      ...slabCopy,
      src: staged,
      srcSize: p.outPerGroup,
      start: 0,
      dst: slab,
      dstSize: channels,
      at: g * p.outPerGroup,
    });
  } else {
    backend.copySlab({
      ...slabCopy,
      src: slab,
      srcSize: channels,
      start: g * p.outPerGroup,
      dst: staged,
      dstSize: p.outPerGroup,
      at: 0,
    });
    backend.permuteCopy(staged, [count, p.outPerGroup, p.l], [1, 0, 2], grouped);
  }
}

function weightRows(weight: Float32Array, p: ConvPlan, g: number): Float32Array {
  return weight.subarray(g * p.outPerGroup * p.k, (g + 1) * p.outPerGroup * p.k);
}

/** y [N, out, l] = W_g · columns per group and chunk, plus the bias per channel. */
export function forwardData(
  x: Float32Array,
  weight: Float32Array,
  bias: Float32Array | null,
  p: ConvPlan,
): Float32Array {
  const backend = getBackend();
  const channels = p.groups * p.outPerGroup;
  const out = new Float32Array(p.batch * channels * p.l);
  for (const [n0, n1] of chunks(p)) {
    const width = (n1 - n0) * p.l;
    const col = new Float32Array(p.k * width);
    const product = new Float32Array(p.outPerGroup * width);
    for (let g = 0; g < p.groups; g++) {
      columns(x, p, g, n0, n1, col);
      backend.gemm({
        m: p.outPerGroup,
        n: width,
        k: p.k,
        a: weightRows(weight, p, g),
        b: col,
        c: product,
      });
      regroup(p, g, n0, n1, out, product, true);
    }
  }
  if (bias !== null) {
    for (let r = 0; r < p.batch * channels; r++) {
      const row = out.subarray(r * p.l, (r + 1) * p.l);
      backend.binaryScalar('add', row, bias[r % channels] as number, row, false);
    }
  }
  return out;
}

/**
 * dW += g_g · colᵀ (when needDw) and dx += col2im(W_gᵀ · g_g) (when needDx), recomputing the
 * columns per chunk only when dW needs them: a frozen layer (weight not requiring grad) costs
 * one product per group, not two.
 */
export function backwardData(
  gOut: Float32Array,
  x: Float32Array,
  weight: Float32Array,
  p: ConvPlan,
  need: { dx: boolean; dw: boolean },
): { dx: Float32Array | null; dw: Float32Array | null } {
  const backend = getBackend();
  const dw = need.dw ? new Float32Array(weight.length) : null;
  const dx = need.dx ? new Float32Array(x.length) : null;
  const { channels, height, width: imageW } = p.geometry;
  const image = channels * height * imageW;
  for (const [n0, n1] of chunks(p)) {
    const width = (n1 - n0) * p.l;
    const col = new Float32Array(p.k * width);
    const grouped = new Float32Array(p.outPerGroup * width);
    for (let g = 0; g < p.groups; g++) {
      regroup(p, g, n0, n1, gOut, grouped, false);
      if (dw !== null) {
        columns(x, p, g, n0, n1, col);
        backend.gemm({
          m: p.outPerGroup,
          n: p.k,
          k: width,
          a: grouped,
          b: col,
          c: weightRows(dw, p, g),
          transB: true,
          beta: 1,
        });
      }
      if (dx === null) continue;
      backend.gemm({
        m: p.k,
        n: width,
        k: p.outPerGroup,
        a: weightRows(weight, p, g),
        b: grouped,
        c: col,
        transA: true,
      });
      for (let n = n0; n < n1; n++) {
        const at = (n * p.groups + g) * image;
        backend.col2im(col, p.geometry, dx.subarray(at, at + image), {
          rowStride: width,
          offset: (n - n0) * p.l,
        });
      }
    }
  }
  return { dx, dw };
}

/** db[c] = Σ over images and positions of g[n, c, :], as two backend sums. */
export function biasGrad(gOut: Float32Array, p: ConvPlan): Float32Array {
  const backend = getBackend();
  const channels = p.groups * p.outPerGroup;
  const perImage = new Float32Array(p.batch * channels);
  backend.sumDim(gOut, p.batch * channels, p.l, 1, perImage);
  const db = new Float32Array(channels);
  backend.sumDim(perImage, 1, p.batch, channels, db);
  return db;
}
