/** Differentiable elementwise ops: broadcasting add/sub/mul/div and the unary maps. */

import { acquireArray } from '../kernels/arrayPool.ts';
import { type BinaryOp, broadcastPlan, getBackend, type UnaryOp } from '../kernels/backend.ts';
import { makeResult } from './autograd.ts';
import { broadcastShapes, sameShape } from './shape.ts';
import { sizeOf, type Tensor } from './tensor.ts';

/** out = a ∘ b for out-shaped `a` and a `b` that broadcasts to it (the fast paths first). */
function applyBinary(
  op: BinaryOp,
  a: Float32Array,
  aShape: readonly number[],
  b: Float32Array,
  bShape: readonly number[],
  outShape: readonly number[],
): Float32Array {
  const out = new Float32Array(sizeOf(outShape));
  const k = getBackend();
  if (sameShape(aShape, bShape)) k.binarySame(op, a, b, out);
  else if (b.length === 1 && sameShape(aShape, outShape)) k.binaryScalar(op, a, b[0], out, false);
  else if (a.length === 1 && sameShape(bShape, outShape)) k.binaryScalar(op, b, a[0], out, true);
  else k.binaryBroadcast(op, a, b, out, broadcastPlan(outShape, [aShape, bShape]));
  return out;
}

/** Sums an out-shaped gradient down to `shape` (the inverse of broadcasting), scaled. */
function reduceTo(
  g: Float32Array,
  outShape: readonly number[],
  shape: readonly number[],
  scale: number,
): Float32Array {
  if (sameShape(outShape, shape)) {
    if (scale !== 1) getBackend().binaryScalar('mul', g, scale, g, false);
    return g;
  }
  const dst = new Float32Array(sizeOf(shape));
  getBackend().sumToOperand(g, dst, broadcastPlan(outShape, [shape]), scale);
  return dst;
}

function binaryWithScalar(op: BinaryOp, a: Tensor, s: number): Tensor {
  const out = new Float32Array(a.size);
  getBackend().binaryScalar(op, a.data, s, out, false);
  return makeResult(out, a.shape, {
    op,
    inputs: [a],
    backward: (g) => {
      if (op === 'mul' || op === 'div') getBackend().binaryScalar(op, g, s, g, false);
      return [g];
    },
  });
}

function binary(op: BinaryOp, a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === 'number') return binaryWithScalar(op, a, b);
  const outShape = broadcastShapes(op, a.shape, b.shape);
  const out = applyBinary(op, a.data, a.shape, b.data, b.shape, outShape);
  return makeResult(out, outShape, {
    op,
    inputs: [a, b],
    backward: (g) => {
      const needA = a.requiresGrad;
      const needB = b.requiresGrad;
      let ga: Float32Array | null = null;
      let gb: Float32Array | null = null;
      switch (op) {
        case 'add':
        case 'sub':
          if (needB) gb = reduceTo(needA ? g.slice() : g, outShape, b.shape, op === 'sub' ? -1 : 1);
          if (needA) ga = reduceTo(g, outShape, a.shape, 1);
          break;
        case 'mul':
          if (needA)
            ga = reduceTo(
              applyBinary('mul', g, outShape, b.data, b.shape, outShape),
              outShape,
              a.shape,
              1,
            );
          if (needB)
            gb = reduceTo(
              applyBinary('mul', g, outShape, a.data, a.shape, outShape),
              outShape,
              b.shape,
              1,
            );
          break;
        case 'div':
          if (needA)
            ga = reduceTo(
              applyBinary('div', g, outShape, b.data, b.shape, outShape),
              outShape,
              a.shape,
              1,
            );
          if (needB) {
            // d(a/b)/db = −(a/b)/b: reuse the forward output instead of squaring b.
            const t = new Float32Array(g.length);
            getBackend().binarySame('mul', g, out, t);
            gb = reduceTo(
              applyBinary('div', t, outShape, b.data, b.shape, outShape),
              outShape,
              b.shape,
              -1,
            );
          }
          break;
      }
      return [ga, gb];
    },
  });
}

/**
 * a + b with NumPy broadcasting; `b` may be a number. Shapes `[...A]`, `[...B]` → broadcast.
 * @throws ShapeError when the shapes do not broadcast.
 */
export function add(a: Tensor, b: Tensor | number): Tensor {
  return binary('add', a, b);
}

/** a − b with broadcasting. @throws ShapeError when the shapes do not broadcast. */
export function sub(a: Tensor, b: Tensor | number): Tensor {
  return binary('sub', a, b);
}

/** a ⊙ b with broadcasting. @throws ShapeError when the shapes do not broadcast. */
export function mul(a: Tensor, b: Tensor | number): Tensor {
  return binary('mul', a, b);
}

/** a / b with broadcasting. @throws ShapeError when the shapes do not broadcast. */
export function div(a: Tensor, b: Tensor | number): Tensor {
  return binary('div', a, b);
}

function unaryOp(op: UnaryOp, x: Tensor, p = 0, q = 0): Tensor {
  // From the array pool (every element written); a caller that knows its last reader gives it back.
  const out = acquireArray(x.size, { zero: false });
  getBackend().unary(op, x.data, out, p, q);
  return makeResult(out, x.shape, {
    op,
    inputs: [x],
    backward: (g) => {
      getBackend().unaryBackward(op, g, x.data, out, g, p, q);
      return [g];
    },
  });
}

/** −x, same shape. */
export function neg(x: Tensor): Tensor {
  return unaryOp('neg', x);
}

/** x ** exponent for a number exponent, same shape (NaN for a negative base and fractional exponent). */
export function pow(x: Tensor, exponent: number): Tensor {
  return unaryOp('pow', x, exponent);
}

/** tanh(x), same shape. */
export function tanh(x: Tensor): Tensor {
  return unaryOp('tanh', x);
}

/** 1 / (1 + e^−x), same shape. */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp('sigmoid', x);
}

/** max(x, 0), same shape; the gradient at 0 is 0, as in PyTorch. */
export function relu(x: Tensor): Tensor {
  return unaryOp('relu', x);
}

/** e^x, same shape. */
export function exp(x: Tensor): Tensor {
  return unaryOp('exp', x);
}

/** Natural logarithm, same shape. */
export function log(x: Tensor): Tensor {
  return unaryOp('log', x);
}

/** √x, same shape. */
export function sqrt(x: Tensor): Tensor {
  return unaryOp('sqrt', x);
}

/** |x|, same shape; the gradient at 0 is 0, as in PyTorch. */
export function abs(x: Tensor): Tensor {
  return unaryOp('abs', x);
}

/**
 * Limits x to [min, max] (either bound may be omitted), same shape. The gradient passes
 * where min ≤ x ≤ max, as in PyTorch.
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  return unaryOp('clamp', x, min ?? Number.NEGATIVE_INFINITY, max ?? Number.POSITIVE_INFINITY);
}
