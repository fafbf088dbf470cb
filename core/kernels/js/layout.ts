/** Plain-TypeScript data-movement kernels: permuting axes and copying slabs along a dimension. */
import type { CopySlabOptions } from '../api/backend.ts';

/**
 * out = x with its axes reordered: out's axis j is x's axis `perm[j]`. `out` is written in
 * row-major order; x is read with strides, the last output axis in the innermost loop.
 */
export function permuteCopy(
  x: Float32Array,
  shape: readonly number[],
  perm: readonly number[],
  out: Float32Array,
): void {
  const nd = shape.length;
  if (nd === 0) {
    out[0] = x[0];
    return;
  }
  const inStrides = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    inStrides[d] = s;
    s *= shape[d];
  }
  const outShape = perm.map((p) => shape[p]);
  const stride = perm.map((p) => inStrides[p]);
  const n = outShape[nd - 1];
  const sn = stride[nd - 1];
  const rows = n === 0 ? 0 : out.length / n;
  const counter = new Int32Array(nd);
  let src = 0;
  for (let r = 0; r < rows; r++) {
    const po = r * n;
    for (let j = 0; j < n; j++) out[po + j] = x[src + j * sn];
    for (let d = nd - 2; d >= 0; d--) {
      counter[d]++;
      src += stride[d];
      if (counter[d] < outShape[d]) break;
      src -= stride[d] * outShape[d];
      counter[d] = 0;
    }
  }
}

/**
 * Copies the slab [start, start + length) of the middle dimension of src ([outer, srcSize,
 * inner]) into dst ([outer, dstSize, inner]) at offset `at` along that dimension.
 */
export function copySlab(options: CopySlabOptions): void {
  const { src, srcSize, start, dst, dstSize, at, length, outer, inner } = options;
  const chunk = length * inner;
  for (let o = 0; o < outer; o++) {
    const from = (o * srcSize + start) * inner;
    dst.set(src.subarray(from, from + chunk), (o * dstSize + at) * inner);
  }
}
