/** The image kernels' API (NCHW float32): im2col/col2im for convolution, max and adaptive average pooling, batch normalisation. */

/** Where a sliding window of a convolution or pooling reads one image plane set. */
export interface WindowGeometry {
  /** Planes (channels) of one image. */
  channels: number;
  height: number;
  width: number;
  kernelH: number;
  kernelW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  dilationH: number;
  dilationW: number;
  outH: number;
  outW: number;
}

/** Where one image's columns sit in a column matrix (see ImageKernels.im2col). */
export interface ColumnLayout {
  /** Distance between consecutive rows; ≥ outH·outW. */
  rowStride: number;
  /** Where this image's first column starts within each row. */
  offset: number;
}

/** Inputs of batch normalisation's forward over x [batch, channels, plane]. */
export interface BatchNormForwardOptions {
  x: Float32Array;
  batch: number;
  channels: number;
  /** Values per channel per image (H·W). */
  plane: number;
  /** [channels] the mean used (the batch's in training, the running one in evaluation). */
  mean: Float32Array;
  /** [channels] 1 / √(var + eps) used. */
  invStd: Float32Array;
  /** [channels] γ, or null without affine. */
  weight: Float32Array | null;
  /** [channels] β, or null without affine. */
  bias: Float32Array | null;
  /** Same size as x, written. */
  out: Float32Array;
}

/** Inputs of batch normalisation's backward for an upstream gradient g. */
export interface BatchNormBackwardOptions {
  g: Float32Array;
  x: Float32Array;
  batch: number;
  channels: number;
  plane: number;
  mean: Float32Array;
  invStd: Float32Array;
  weight: Float32Array | null;
  /** True when mean and invStd are the batch's own (their gradient flows into dx). */
  batchStats: boolean;
  /** Compute dx (false when x needs no gradient). */
  needDx: boolean;
}

/** Batch normalisation's gradients. */
export interface BatchNormGrads {
  /** Same size as x, or null when not asked for. */
  dx: Float32Array | null;
  /** [channels] Σ g · x̂. */
  dWeight: Float32Array;
  /** [channels] Σ g. */
  dBias: Float32Array;
}

/** The image kernels every backend provides; arguments arrive checked by the ops in core/nn. */
export interface ImageKernels {
  /**
   * The columns of one image x [channels, height, width] (padding reads 0): row r (a channel and
   * kernel offset) holds outH·outW values at col[r·layout.rowStride + layout.offset + j]; the
   * default layout (rowStride outH·outW, offset 0) is [channels·kernelH·kernelW, outH·outW], and
   * a wider rowStride places several images' columns side by side for one gemm.
   */
  im2col(x: Float32Array, geometry: WindowGeometry, col: Float32Array, layout?: ColumnLayout): void;
  /** dx [channels, height, width] += the columns (in `layout`) scattered back: im2col's adjoint. */
  col2im(
    col: Float32Array,
    geometry: WindowGeometry,
    dx: Float32Array,
    layout?: ColumnLayout,
  ): void;
  /**
   * out [planes, outH, outW] = the window maxima of x [planes, height, width] (padding is −∞), and
   * arg the flat in-plane index of each maximum (the first on ties; a NaN wins, as in PyTorch).
   */
  maxPool2d(
    x: Float32Array,
    planes: number,
    geometry: WindowGeometry,
    out: Float32Array,
    arg: Int32Array,
  ): void;
  /** dx [planes, height·width] += g routed to each window's arg. */
  maxPool2dBackward(
    g: Float32Array,
    arg: Int32Array,
    planes: number,
    inPlane: number,
    outPlane: number,
    dx: Float32Array,
  ): void;
  /**
   * out [planes, outH, outW] = means of x [planes, height, width] over PyTorch's adaptive bins
   * (rows ⌊i·H/outH⌋ to ⌈(i+1)·H/outH⌉, columns likewise).
   */
  adaptiveAvgPool2d(
    x: Float32Array,
    planes: number,
    size: { height: number; width: number; outH: number; outW: number },
    out: Float32Array,
  ): void;
  /** dx (zeroed here) = g spread evenly over each bin. */
  adaptiveAvgPool2dBackward(
    g: Float32Array,
    planes: number,
    size: { height: number; width: number; outH: number; outW: number },
    dx: Float32Array,
  ): void;
  /** [channels] batch mean and biased variance of x [batch, channels, plane], in float64. */
  batchNormStats(
    x: Float32Array,
    batch: number,
    channels: number,
    plane: number,
  ): { mean: Float64Array; variance: Float64Array };
  /** out = (x − mean) · invStd · γ + β per channel. */
  batchNormForward(options: BatchNormForwardOptions): void;
  /** dx, dγ, dβ of batchNormForward (through the batch statistics when batchStats). */
  batchNormBackward(options: BatchNormBackwardOptions): BatchNormGrads;
}
