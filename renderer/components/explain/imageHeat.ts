/** The attention heat map over an image: a grid of region weights upsampled to pixels and coloured, and the size a picture is drawn at. */

/**
 * Bilinear upsampling of a `rows × cols` grid (row-major) to a `width × height` raster, as
 * PyTorch's `interpolate(mode='bilinear', align_corners=False)` samples it (pixel centres map to
 * `(x + 0.5) · cols / width − 0.5`, clamped at the edges), divided by the grid's largest weight so
 * the region the model looked at most reads 1.
 * @throws RangeError when `weights` does not hold rows · cols values or a size is not positive.
 */
export function upsampleGrid(
  weights: readonly number[],
  grid: { rows: number; cols: number },
  size: { width: number; height: number },
): Float32Array {
  const { rows, cols } = grid;
  const { width, height } = size;
  if (weights.length !== rows * cols || rows < 1 || cols < 1) {
    throw new RangeError(
      `upsampleGrid: weights must hold ${rows}×${cols} values, got ${weights.length}.`,
    );
  }
  if (!(width >= 1 && height >= 1)) {
    throw new RangeError(`upsampleGrid: size must be positive, got ${width}×${height}.`);
  }
  const top = weights.reduce((m, w) => Math.max(m, w), 0);
  const scale = top > 0 ? 1 / top : 0;
  const out = new Float32Array(width * height);
  const at = (r: number, c: number) => (weights[r * cols + c] as number) * scale;
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.max(0, ((y + 0.5) * rows) / height - 0.5));
    const r0 = Math.floor(gy);
    const r1 = Math.min(rows - 1, r0 + 1);
    const fy = gy - r0;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(cols - 1, Math.max(0, ((x + 0.5) * cols) / width - 0.5));
      const c0 = Math.floor(gx);
      const c1 = Math.min(cols - 1, c0 + 1);
      const fx = gx - c0;
      const upper = at(r0, c0) * (1 - fx) + at(r0, c1) * fx;
      const lower = at(r1, c0) * (1 - fx) + at(r1, c1) * fx;
      out[y * width + x] = upper * (1 - fy) + lower * fy;
    }
  }
  return out;
}

/**
 * One overlay pixel for a heat value v in [0, 1]: regions the model hardly looked at are darkened
 * (black, alpha 0.55), the ones it looked at most are tinted amber (alpha 0.4), in between both
 * blend, so the picture reads the same on light and dark themes.
 */
export function heatRgba(v: number): [number, number, number, number] {
  const t = Math.min(1, Math.max(0, v));
  return [
    Math.round(255 * t),
    Math.round(191 * t),
    Math.round(36 * t),
    Math.round(255 * (0.55 - 0.15 * t)),
  ];
}

/** RGBA overlay pixels for a raster of heat values (see {@link heatRgba}). */
export function heatPixels(values: Float32Array): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) out.set(heatRgba(values[i] as number), i * 4);
  return out;
}

/** The size a `width × height` picture is drawn at to fit inside `box` (never enlarged). */
export function fitInside(
  width: number,
  height: number,
  box: { width: number; height: number },
): { width: number; height: number; scale: number } {
  const scale = Math.min(1, box.width / width, box.height / height);
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
    scale,
  };
}
