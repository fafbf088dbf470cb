/** Plain-TypeScript elementwise kernels: broadcasting binary ops, unary maps and their gradients. */

/**
 * How operands broadcast against an output, collapsed to rows: row `r` of the output starts at
 * `r * n`, operand `k`'s matching element at `offsets[k][r]`, and walks with `inner[k]` (0 or 1).
 */
export interface BroadcastPlan {
  rows: number;
  n: number;
  offsets: Int32Array[];
  inner: number[];
}

/**
 * Plans a broadcast of operands shaped `inShapes` to `outShape` (already checked compatible).
 * Output dimensions of size 1 are dropped and neighbours that broadcast alike are merged, so
 * `[B, T, H] + [H]` becomes `B·T` rows of `H` contiguous elements.
 */
export function broadcastPlan(
  outShape: readonly number[],
  inShapes: readonly (readonly number[])[],
): BroadcastPlan {
  const nd = outShape.length;
  const k = inShapes.length;
  const groups: { size: number; full: boolean[] }[] = [];
  for (let d = 0; d < nd; d++) {
    const size = outShape[d];
    if (size === 1) continue;
    const full = inShapes.map((s) => (s[s.length - nd + d] ?? 1) === size);
    const last = groups[groups.length - 1];
    if (last?.full.every((f, i) => f === full[i])) last.size *= size;
    else groups.push({ size, full });
  }
  const g = groups.length;
  const n = g > 0 ? groups[g - 1].size : 1;
  const inner = inShapes.map((_, i) => (g > 0 && groups[g - 1].full[i] ? 1 : 0));
  // Strides of each operand per group: product of the later groups it spans.
  const strides = inShapes.map((_, i) => {
    const s = new Array<number>(g).fill(0);
    let acc = 1;
    for (let j = g - 1; j >= 0; j--) {
      if (groups[j].full[i]) {
        s[j] = acc;
        acc *= groups[j].size;
      }
    }
    return s;
  });
  let rows = 1;
  for (let j = 0; j < g - 1; j++) rows *= groups[j].size;
  const offsets = inShapes.map(() => new Int32Array(rows));
  const counter = new Int32Array(Math.max(g - 1, 0));
  const cur = new Array<number>(k).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) offsets[i][r] = cur[i];
    // Odometer increment over the outer groups.
    for (let j = g - 2; j >= 0; j--) {
      counter[j]++;
      for (let i = 0; i < k; i++) cur[i] += strides[i][j];
      if (counter[j] < groups[j].size) break;
      for (let i = 0; i < k; i++) cur[i] -= strides[i][j] * groups[j].size;
      counter[j] = 0;
    }
  }
  return { rows, n, offsets, inner };
}

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

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

export type UnaryOp =
  | 'neg'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'pow'
  | 'clamp';

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
