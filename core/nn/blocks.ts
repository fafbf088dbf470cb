/** A differentiable strided block copy: the small split/concat/transpose glue the recurrent modules need. */
import { acquireArray } from '../kernels/arrayPool.ts';
import { makeResult } from '../tensor/autograd.ts';
import { sizeOf, type Tensor } from '../tensor/tensor.ts';

/** Copies `rows` × `cols` values from one input into the output; rows are `*Stride` apart. */
export interface Block {
  /** Index into the op's inputs. */
  input: number;
  srcOffset: number;
  srcStride: number;
  dstOffset: number;
  dstStride: number;
  rows: number;
  cols: number;
}

/** Rows at least this long are copied with one memmove each (TypedArray.set) instead of a loop. */
const SET_MIN_COLS = 16;

function copyBlock(block: Block, from: Float32Array, to: Float32Array): void {
  const { srcOffset, srcStride, dstOffset, dstStride, rows, cols } = block;
  if (rows === 1 || (srcStride === cols && dstStride === cols)) {
    to.set(from.subarray(srcOffset, srcOffset + rows * cols), dstOffset);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const s = srcOffset + r * srcStride;
    const d = dstOffset + r * dstStride;
    if (cols >= SET_MIN_COLS) to.set(from.subarray(s, s + cols), d);
    else for (let j = 0; j < cols; j++) to[d + j] = from[s + j] as number;
  }
}

/** The block with source and destination swapped (its gradient copies the output's block back). */
function reversed(block: Block): Block {
  return {
    input: block.input,
    srcOffset: block.dstOffset,
    srcStride: block.dstStride,
    dstOffset: block.srcOffset,
    dstStride: block.srcStride,
    rows: block.rows,
    cols: block.cols,
  };
}

/**
 * Builds a tensor of `shape` from blocks of `inputs` (positions no block covers are zero);
 * the gradient is copied back block by block. Blocks must read disjoint positions of each input
 * and write disjoint positions of the output (every helper below does), so each input gradient
 * value comes from exactly one place and blocks covering the output's size cover all of it.
 */
export function gatherBlocks(
  inputs: readonly Tensor[],
  shape: readonly number[],
  blocks: readonly Block[],
  op = 'gatherBlocks',
): Tensor {
  // From the array pool: a caller that knows nothing reads the result any more may give it back.
  const size = sizeOf(shape);
  let covered = 0;
  for (const block of blocks) covered += block.rows * block.cols;
  const out = acquireArray(size, { zero: covered < size });
  for (const block of blocks) copyBlock(block, inputs[block.input].data, out);
  const backBlocks = blocks.map(reversed);
  // Values of each input the blocks read (disjoint positions: all of it when it equals the size).
  const read = inputs.map(() => 0);
  for (const block of blocks) read[block.input] += block.rows * block.cols;
  return makeResult(out, shape, {
    op,
    inputs,
    // gradOutput is only read here; the input gradients come from the array pool (the walk gives
    // them back once consumed), zero-filled when some position of the input is read by no block.
    releasesGradOutput: true,
    backward(gradOutput) {
      const grads = inputs.map((t, i) =>
        t.requiresGrad ? acquireArray(t.size, { zero: (read[i] as number) < t.size }) : null,
      );
      // PyTorch parity: a copy, as the backward of cat/slice/transpose is (an add into zeros
      // would turn −0 into +0).
      for (const block of backBlocks) {
        const g = grads[block.input];
        if (g !== null) copyBlock(block, gradOutput, g);
      }
      return grads;
    },
  });
}

/** `count` contiguous values of `x` from `offset`, shaped `shape` (sizeOf(shape) = count). */
export function sliceFlat(x: Tensor, offset: number, shape: readonly number[]): Tensor {
  const cols = sizeOf(shape);
  const block = {
    input: 0,
    srcOffset: offset,
    srcStride: 0,
    dstOffset: 0,
    dstStride: 0,
    rows: 1,
    cols,
  };
  return gatherBlocks([x], shape, [block], 'slice');
}

/** The same values with a new shape (a copy with a backward, not a view). */
export function reshapeCopy(x: Tensor, shape: readonly number[]): Tensor {
  return sliceFlat(x, 0, shape);
}

/** [A, B, F] → [B, A, F]: swaps the two leading axes (batch-first ↔ time-major). */
export function swapLeadingAxes(x: Tensor): Tensor {
  const [a, b, f] = x.shape;
  const blocks: Block[] = [];
  for (let j = 0; j < b; j++) {
    blocks.push({
      input: 0,
      srcOffset: j * f,
      srcStride: b * f,
      dstOffset: j * a * f,
      dstStride: f,
      rows: a,
      cols: f,
    });
  }
  return gatherBlocks([x], [b, a, f], blocks, 'swapLeadingAxes');
}

/** Concatenates tensors shaped [..., F_k] (equal leading sizes) along the last axis. */
export function concatLast(parts: readonly Tensor[], shape: readonly number[]): Tensor {
  const total = shape[shape.length - 1];
  const rows = sizeOf(shape) / total;
  let offset = 0;
  const blocks = parts.map((p, input) => {
    const cols = p.shape[p.shape.length - 1];
    const block = {
      input,
      srcOffset: 0,
      srcStride: cols,
      dstOffset: offset,
      dstStride: total,
      rows,
      cols,
    };
    offset += cols;
    return block;
  });
  return gatherBlocks(parts, shape, blocks, 'concatLast');
}

/** Stacks equally sized tensors along a new leading axis: k tensors of shape S → [k, ...S]. */
export function stackLeading(parts: readonly Tensor[]): Tensor {
  const inner = parts[0].shape;
  const n = sizeOf(inner);
  const blocks = parts.map((_, input) => ({
    input,
    srcOffset: 0,
    srcStride: 0,
    dstOffset: input * n,
    dstStride: 0,
    rows: 1,
    cols: n,
  }));
  return gatherBlocks(parts, [parts.length, ...inner], blocks, 'stack');
}
