/** Plain-TypeScript elementwise kernels: broadcasting binary ops, unary maps and their gradients. */
import type { BinaryOp, UnaryOp } from '../api/backend.ts';
import type { BroadcastPlan } from '../api/broadcast.ts';

/** out = a ∘ b elementwise, for same-size arrays. */
export function binarySame(
  op: BinaryOp,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
): void {
  const len = out.length;
  switch (op) {
    case 'add':
      for (let i = 0; i < len; i++) out[i] = a[i] + b[i];
      return;
    case 'sub':
      for (let i = 0; i < len; i++) out[i] = a[i] - b[i];
      return;
    case 'mul':
      for (let i = 0; i < len; i++) out[i] = a[i] * b[i];
      return;
    case 'div':
      for (let i = 0; i < len; i++) out[i] = a[i] / b[i];
      return;
  }
}

/** out = a ∘ s (or s ∘ a with `scalarFirst`) for a scalar `s`. */
export function binaryScalar(
  op: BinaryOp,
  a: Float32Array,
  s: number,
  out: Float32Array,
  scalarFirst: boolean,
): void {
  const len = out.length;
  switch (op) {
    case 'add':
      for (let i = 0; i < len; i++) out[i] = a[i] + s;
      return;
    case 'mul':
      for (let i = 0; i < len; i++) out[i] = a[i] * s;
      return;
    case 'sub':
      if (scalarFirst) for (let i = 0; i < len; i++) out[i] = s - a[i];
      else for (let i = 0; i < len; i++) out[i] = a[i] - s;
      return;
    case 'div':
      if (scalarFirst) for (let i = 0; i < len; i++) out[i] = s / a[i];
      else for (let i = 0; i < len; i++) out[i] = a[i] / s;
      return;
  }
}

/** out = a ∘ b with broadcasting described by `plan` (operands in the order a, b). */
export function binaryBroadcast(
  op: BinaryOp,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  plan: BroadcastPlan,
): void {
  const { rows, n } = plan;
  const oa = plan.offsets[0];
  const ob = plan.offsets[1];
  const sa = plan.inner[0];
  const sb = plan.inner[1];
  for (let r = 0; r < rows; r++) {
    const pa = oa[r];
    const pb = ob[r];
    const po = r * n;
    switch (op) {
      case 'add':
        for (let j = 0; j < n; j++) out[po + j] = a[pa + j * sa] + b[pb + j * sb];
        break;
      case 'sub':
        for (let j = 0; j < n; j++) out[po + j] = a[pa + j * sa] - b[pb + j * sb];
        break;
      case 'mul':
        for (let j = 0; j < n; j++) out[po + j] = a[pa + j * sa] * b[pb + j * sb];
        break;
      case 'div':
        for (let j = 0; j < n; j++) out[po + j] = a[pa + j * sa] / b[pb + j * sb];
        break;
    }
  }
}

/**
 * Sums `g` (laid out as the plan's output) into `dst` (the plan's single operand), i.e. the
 * gradient of a broadcast: `dst` is zeroed first and scaled by `scale` (−1 for a subtrahend).
 */
export function sumToOperand(
  g: Float32Array,
  dst: Float32Array,
  plan: BroadcastPlan,
  scale: number,
): void {
  dst.fill(0);
  const { rows, n } = plan;
  const off = plan.offsets[0];
  const s = plan.inner[0];
  for (let r = 0; r < rows; r++) {
    const p = off[r];
    const po = r * n;
    if (s === 0) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += g[po + j];
      dst[p] += acc;
    } else {
      for (let j = 0; j < n; j++) dst[p + j] += g[po + j];
    }
  }
  if (scale !== 1) for (let i = 0; i < dst.length; i++) dst[i] *= scale;
}

/** out = op(x); `p` is the exponent of pow, `p`/`q` the bounds of clamp. */
export function unary(op: UnaryOp, x: Float32Array, out: Float32Array, p = 0, q = 0): void {
  const len = out.length;
  switch (op) {
    case 'neg':
      for (let i = 0; i < len; i++) out[i] = -x[i];
      return;
    case 'tanh':
      for (let i = 0; i < len; i++) out[i] = Math.tanh(x[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < len; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
      return;
    case 'relu':
      for (let i = 0; i < len; i++) out[i] = Math.max(x[i], 0);
      return;
    case 'exp':
      for (let i = 0; i < len; i++) out[i] = Math.exp(x[i]);
      return;
    case 'log':
      for (let i = 0; i < len; i++) out[i] = Math.log(x[i]);
      return;
    case 'sqrt':
      for (let i = 0; i < len; i++) out[i] = Math.sqrt(x[i]);
      return;
    case 'abs':
      for (let i = 0; i < len; i++) out[i] = Math.abs(x[i]);
      return;
    case 'pow':
      if (p === 2) for (let i = 0; i < len; i++) out[i] = x[i] * x[i];
      else for (let i = 0; i < len; i++) out[i] = x[i] ** p;
      return;
    case 'clamp':
      for (let i = 0; i < len; i++) out[i] = Math.min(Math.max(x[i], p), q);
      return;
  }
}

/**
 * out = g · op'(x), using the forward output `y` where it is cheaper (tanh, sigmoid, exp, sqrt).
 * NaN inputs propagate as in PyTorch; clamp passes the gradient where p ≤ x ≤ q.
 */
export function unaryBackward(
  op: UnaryOp,
  g: Float32Array,
  x: Float32Array,
  y: Float32Array,
  out: Float32Array,
  p = 0,
  q = 0,
): void {
  const len = out.length;
  switch (op) {
    case 'neg':
      for (let i = 0; i < len; i++) out[i] = -g[i];
      return;
    case 'tanh':
      for (let i = 0; i < len; i++) out[i] = g[i] * (1 - y[i] * y[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < len; i++) out[i] = g[i] * y[i] * (1 - y[i]);
      return;
    case 'relu':
      for (let i = 0; i < len; i++) out[i] = x[i] > 0 ? g[i] : 0;
      return;
    case 'exp':
      for (let i = 0; i < len; i++) out[i] = g[i] * y[i];
      return;
    case 'log':
      for (let i = 0; i < len; i++) out[i] = g[i] / x[i];
      return;
    case 'sqrt':
      for (let i = 0; i < len; i++) out[i] = g[i] / (2 * y[i]);
      return;
    case 'abs':
      for (let i = 0; i < len; i++) out[i] = x[i] > 0 ? g[i] : x[i] < 0 ? -g[i] : 0;
      return;
    case 'pow':
      if (p === 0) out.fill(0);
      else if (p === 2) for (let i = 0; i < len; i++) out[i] = 2 * g[i] * x[i];
      else for (let i = 0; i < len; i++) out[i] = g[i] * p * x[i] ** (p - 1);
      return;
    case 'clamp':
      for (let i = 0; i < len; i++) out[i] = x[i] >= p && x[i] <= q ? g[i] : 0;
      return;
  }
}
