/** Plain-TypeScript max pooling and adaptive average pooling over NCHW planes, with their backward. */
import type { WindowGeometry } from '../api/image.ts';

/** Window maxima per plane with the flat in-plane index of each (first on ties, NaN wins). */
export function maxPool2dJs(
  x: Float32Array,
  planes: number,
  g: WindowGeometry,
  out: Float32Array,
  arg: Int32Array,
): void {
  const { height, width, outH, outW } = g;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const xp = p * height * width;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o++) {
        let best = Number.NEGATIVE_INFINITY;
        let at = -1;
        for (let ki = 0; ki < g.kernelH; ki++) {
          const iy = oy * g.strideH - g.padH + ki * g.dilationH;
          if (iy < 0 || iy >= height) continue;
          for (let kj = 0; kj < g.kernelW; kj++) {
            const ix = ox * g.strideW - g.padW + kj * g.dilationW;
            if (ix < 0 || ix >= width) continue;
            const v = x[xp + iy * width + ix] as number;
            if (at < 0 || v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
              best = v;
              at = iy * width + ix;
            }
          }
        }
        out[o] = best;
        arg[o] = at;
      }
    }
  }
}

/** dx [planes, inPlane] += g [planes, outPlane] at each window's argmax. */
export function maxPool2dBackwardJs(
  g: Float32Array,
  arg: Int32Array,
  planes: number,
  inPlane: number,
  outPlane: number,
  dx: Float32Array,
): void {
  for (let p = 0; p < planes; p++) {
    const xp = p * inPlane;
    const op = p * outPlane;
    for (let o = 0; o < outPlane; o++) {
      const at = xp + (arg[op + o] as number);
      dx[at] = (dx[at] as number) + (g[op + o] as number);
    }
  }
}

/** PyTorch's adaptive bin [start, end) of output index i when n inputs map to m outputs. */
function bin(i: number, n: number, m: number): [number, number] {
  return [Math.floor((i * n) / m), Math.ceil(((i + 1) * n) / m)];
}

interface AdaptiveSize {
  height: number;
  width: number;
  outH: number;
  outW: number;
}

/** Means over the adaptive bins, summed in float64. */
export function adaptiveAvgPool2dJs(
  x: Float32Array,
  planes: number,
  size: AdaptiveSize,
  out: Float32Array,
): void {
  const { height, width, outH, outW } = size;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const xp = p * height * width;
    for (let oy = 0; oy < outH; oy++) {
      const [y0, y1] = bin(oy, height, outH);
      for (let ox = 0; ox < outW; ox++, o++) {
        const [x0, x1] = bin(ox, width, outW);
        let s = 0;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) s += x[xp + iy * width + ix] as number;
        }
        out[o] = s / ((y1 - y0) * (x1 - x0));
      }
    }
  }
}

/** dx = each output's gradient divided evenly over its bin (bins may overlap, so it adds). */
export function adaptiveAvgPool2dBackwardJs(
  g: Float32Array,
  planes: number,
  size: AdaptiveSize,
  dx: Float32Array,
): void {
  const { height, width, outH, outW } = size;
  dx.fill(0);
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const xp = p * height * width;
    for (let oy = 0; oy < outH; oy++) {
      const [y0, y1] = bin(oy, height, outH);
      for (let ox = 0; ox < outW; ox++, o++) {
        const [x0, x1] = bin(ox, width, outW);
        const share = (g[o] as number) / ((y1 - y0) * (x1 - x0));
        for (let iy = y0; iy < y1; iy++) {
          const row = xp + iy * width;
          for (let ix = x0; ix < x1; ix++) dx[row + ix] = (dx[row + ix] as number) + share;
        }
      }
    }
  }
}
