/** Plain-TypeScript im2col and col2im: a convolution's windows laid out as gemm columns, and back. */
import type { ColumnLayout, WindowGeometry } from '../api/image.ts';

/** The columns of x [C, H, W] into col in `layout` (default [C·kH·kW, outH·outW]); padding reads 0. */
export function im2colJs(
  x: Float32Array,
  g: WindowGeometry,
  col: Float32Array,
  layout?: ColumnLayout,
): void {
  const { channels, height, width, kernelH, kernelW, outH, outW } = g;
  const rowStride = layout?.rowStride ?? outH * outW;
  const offset = layout?.offset ?? 0;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const xc = c * height * width;
    for (let ki = 0; ki < kernelH; ki++) {
      for (let kj = 0; kj < kernelW; kj++, row++) {
        const base = row * rowStride + offset;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * g.strideH - g.padH + ki * g.dilationH;
          const at = base + oy * outW;
          if (iy < 0 || iy >= height) {
            col.fill(0, at, at + outW);
            continue;
          }
          const xr = xc + iy * width;
          for (let ox = 0; ox < outW; ox++) {
            const ix = ox * g.strideW - g.padW + kj * g.dilationW;
            col[at + ox] = ix < 0 || ix >= width ? 0 : (x[xr + ix] as number);
          }
        }
      }
    }
  }
}

/** dx [C, H, W] += the columns of col (in `layout`) summed back where their windows read: im2col's adjoint. */
export function col2imJs(
  col: Float32Array,
  g: WindowGeometry,
  dx: Float32Array,
  layout?: ColumnLayout,
): void {
  const { channels, height, width, kernelH, kernelW, outH, outW } = g;
  const rowStride = layout?.rowStride ?? outH * outW;
  const offset = layout?.offset ?? 0;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const xc = c * height * width;
    for (let ki = 0; ki < kernelH; ki++) {
      for (let kj = 0; kj < kernelW; kj++, row++) {
        const base = row * rowStride + offset;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * g.strideH - g.padH + ki * g.dilationH;
          if (iy < 0 || iy >= height) continue;
          const xr = xc + iy * width;
          const at = base + oy * outW;
          for (let ox = 0; ox < outW; ox++) {
            const ix = ox * g.strideW - g.padW + kj * g.dilationW;
            if (ix >= 0 && ix < width)
              dx[xr + ix] = (dx[xr + ix] as number) + (col[at + ox] as number);
          }
        }
      }
    }
  }
}
