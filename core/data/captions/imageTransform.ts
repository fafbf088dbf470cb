/** Image preprocessing as torchvision's Resize(S, antialias=True) + CenterCrop(C) + ToTensor + Normalize(ImageNet) on a uint8 tensor, into float32 CHW. */
import { ConfigError, ShapeError } from '../../errors.ts';
import type { DecodedImage } from './imageDecoder.ts';

/** ImageNet channel means and standard deviations (torchvision's pretrained weights use them). */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/** How an image becomes a tensor; JSON-serialisable so a model bundle can store it. */
export interface ImageTransform {
  /** The shorter side is resized to this many pixels (the longer keeps the aspect ratio). */
  readonly resize: number;
  /** Then the centre `crop × crop` square is kept (crop ≤ resize). */
  readonly crop: number;
}

/** torchvision's ImageNet evaluation preset: Resize(256), CenterCrop(224). */
export const IMAGENET_TRANSFORM: ImageTransform = { resize: 256, crop: 224 };

/** Python's round(): half to even, as torchvision's CenterCrop offsets and torch.round use. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torchvision 0.14 `_compute_resized_output_size` for an int size: [newHeight, newWidth]. */
export function resizedSize(height: number, width: number, shorter: number): [number, number] {
  if (width <= height) return [Math.trunc((shorter * height) / width), shorter];
  return [shorter, Math.trunc((shorter * width) / height)];
}

/** One output index's source taps: first index and normalised weights (float32 values). */
interface Taps {
  start: Int32Array;
  weights: Float32Array[];
}

const f32 = Math.fround;

/**
 * Antialiased bilinear taps (torch `_upsample_bilinear2d_aa`, PIL's triangle filter): for output i,
 * centre = scale·(i + 0.5), support = max(scale, 1), weights 1 − |(j − centre + 0.5)/max(scale, 1)|
 * over the inputs within the support, normalised to sum 1. Upsampling is plain bilinear.
 * PyTorch parity: computed in float32 where torch 1.13's CPU kernel (`_compute_weights_aa`) uses
 * `float` and in double where its C++ promotes to double, so each weight is torch's to the bit; a
 * weight computed in float64 moves a resized value that lands on x.5 by one level.
 */
function taps(inSize: number, outSize: number): Taps {
  const scale = f32(inSize / outSize);
  const support = Math.max(scale, 1);
  const invScale = scale >= 1 ? f32(1 / scale) : 1;
  const start = new Int32Array(outSize);
  const weights: Float32Array[] = [];
  for (let i = 0; i < outSize; i++) {
    const centre = f32(scale * (i + 0.5));
    const min = Math.max(Math.trunc(f32(centre - support) + 0.5), 0);
    const size = Math.min(Math.trunc(f32(centre + support) + 0.5), inSize) - min;
    const w = new Float32Array(size);
    let total = 0;
    for (let j = 0; j < size; j++) {
      const x = Math.abs(f32((f32(j + min - centre) + 0.5) * invScale));
      w[j] = x < 1 ? f32(1 - x) : 0;
      total = f32(total + (w[j] as number));
    }
    for (let j = 0; j < size; j++) w[j] = f32((w[j] as number) / total);
    start[i] = min;
    weights.push(w);
  }
  return { start, weights };
}

/**
 * Σ_j w_j · src[at + j·stride] in float32, in the order and roundings of torch 1.13's CPU kernel
 * (`interpolate_aa_single_dim` as Debian's x86-64 build compiles it): the first product rounded,
 * then the next 4·⌊(n − 1)/4⌋ products rounded and added one by one (the compiler's 4-wide loop),
 * then the rest as fused multiply-adds (one rounding each; a float32 product is exact in a double).
 * PyTorch parity: every level of test/fixtures/image_resize.json (60 noise images) matches; a plain
 * float32 loop, or float64 weights and sums as before, put some values that land near x.5 a level
 * off (1–4 levels of a 16 × 16 image).
 */
function weightedSum(src: ArrayLike<number>, at: number, stride: number, w: Float32Array): number {
  const n = w.length;
  const plain = 4 * Math.floor((n - 1) / 4);
  let acc = f32((src[at] as number) * (w[0] as number));
  for (let j = 1; j < n; j++) {
    const product = (src[at + j * stride] as number) * (w[j] as number);
    acc = j <= plain ? f32(acc + f32(product)) : f32(acc + product);
  }
  return acc;
}

/** The resize's taps along both axes and the crop window kept of its output. */
interface Plan {
  tx: Taps;
  ty: Taps;
  top: number;
  left: number;
  crop: number;
}

/**
 * The cropped window of one resized channel of RGBA `image` (width pass, then height pass, float32
 * in between, as torch runs both passes), rounded to 0–255 half to even as torchvision rounds a
 * uint8 image. Only the output pixels inside the crop are computed.
 */
function resizedCrop(image: DecodedImage, channel: number, plan: Plan): Float64Array {
  const { width, height, data } = image;
  const { tx, ty, top, left, crop } = plan;
  const mid = new Float32Array(height * crop);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < crop; x++) {
      const w = tx.weights[left + x] as Float32Array;
      const s = tx.start[left + x] as number;
      mid[y * crop + x] = weightedSum(data, (y * width + s) * 4 + channel, 4, w);
    }
  }
  const out = new Float64Array(crop * crop);
  for (let y = 0; y < crop; y++) {
    const w = ty.weights[top + y] as Float32Array;
    const s = ty.start[top + y] as number;
    for (let x = 0; x < crop; x++) {
      const sum = weightedSum(mid, s * crop + x, crop, w);
      out[y * crop + x] = Math.min(255, Math.max(0, roundHalfEven(sum)));
    }
  }
  return out;
}

function checkTransform(t: ImageTransform): void {
  if (!Number.isInteger(t.resize) || t.resize < 1) {
    throw new ConfigError(`ImageTransform: resize must be an integer ≥ 1, got ${t.resize}.`);
  }
  if (!Number.isInteger(t.crop) || t.crop < 1 || t.crop > t.resize) {
    throw new ConfigError(
      `ImageTransform: crop must be an integer in [1, resize ${t.resize}], got ${t.crop}.`,
    );
  }
}

/** A rectangle in an image's own pixels (fractional: it maps the crop back through the resize). */
export interface PixelWindow {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The part of a `width × height` image that {@link imageToTensorData} keeps: its centre crop
 * mapped back through the resize to the image's own pixels (where a model's feature map lies).
 * @throws ConfigError for a bad transform.
 */
export function cropWindow(width: number, height: number, transform: ImageTransform): PixelWindow {
  checkTransform(transform);
  const c = transform.crop;
  const [outH, outW] = resizedSize(height, width, transform.resize);
  const sx = width / outW;
  const sy = height / outH;
  return {
    x: roundHalfEven((outW - c) / 2) * sx,
    y: roundHalfEven((outH - c) / 2) * sy,
    width: c * sx,
    height: c * sy,
  };
}

/**
 * The tensor of one image: RGB (alpha dropped), shorter side resized to `resize` with antialiased
 * bilinear interpolation and rounded to integers, the centre `crop × crop` kept (offsets
 * round((H − crop)/2) half to even), scaled to [0, 1] and normalised with ImageNet mean and std,
 * all in float32 — what `Normalize(IMAGENET)(ConvertImageDtype(float)(CenterCrop(C)(Resize(S,
 * antialias=True)(read_image(file)))))` gives in torchvision 0.14.
 * @param out receives [3, crop, crop] at `offset` (a batch buffer [N, 3, crop, crop]); a new array when omitted
 * @returns `out`
 * @throws ConfigError for a bad transform; ShapeError when `image` is empty or `out` too short.
 */
export function imageToTensorData(
  image: DecodedImage,
  transform: ImageTransform,
  target: { out?: Float32Array; offset?: number } = {},
): Float32Array {
  checkTransform(transform);
  const { width, height } = image;
  if (width < 1 || height < 1 || image.data.length < width * height * 4) {
    throw new ShapeError(
      `imageToTensorData: image must be ${width}×${height} RGBA (${width * height * 4} bytes), got ${image.data.length} bytes.`,
    );
  }
  const c = transform.crop;
  const out = target.out ?? new Float32Array(3 * c * c);
  const offset = target.offset ?? 0;
  if (offset + 3 * c * c > out.length) {
    throw new ShapeError(
      `imageToTensorData: out must hold ${offset + 3 * c * c} floats, got ${out.length}.`,
    );
  }
  const [outH, outW] = resizedSize(height, width, transform.resize);
  const plan: Plan = {
    tx: taps(width, outW),
    ty: taps(height, outH),
    top: roundHalfEven((outH - c) / 2),
    left: roundHalfEven((outW - c) / 2),
    crop: c,
  };
  for (let ch = 0; ch < 3; ch++) {
    const plane = resizedCrop(image, ch, plan);
    const mean = Math.fround(IMAGENET_MEAN[ch] as number);
    const std = Math.fround(IMAGENET_STD[ch] as number);
    const base = offset + ch * c * c;
    for (let y = 0; y < c; y++) {
      for (let x = 0; x < c; x++) {
        const v = Math.fround((plane[y * c + x] as number) / 255);
        out[base + y * c + x] = Math.fround(Math.fround(v - mean) / std);
      }
    }
  }
  return out;
}
