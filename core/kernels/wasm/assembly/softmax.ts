// Row-wise softmax with cross-entropy (the fused log-softmax + NLL of torch.nn.functional.cross_entropy), forward and backward.
//
// One row of C logits per sample; targets are i32 class indices, rows whose target equals
// ignoreIndex contribute no loss and no gradient. Class weights and label smoothing are left to
// the TypeScript loss.

import { expV } from './elementwise';

@inline
export function rowMax(x: usize, C: i32): f32 {
  let j = 0;
  let m = f32x4.splat(-Infinity);
  // NOTE: pmax (one instruction) with the loaded value first: a NaN logit still makes its row NaN
  // (exp(NaN − max) poisons the sum), as with max.
  for (; j + 4 <= C; j += 4) m = f32x4.pmax(v128.load(x + <usize>j * 4), m);
  let best = max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  for (; j < C; j++) best = max(best, load<f32>(x + <usize>j * 4));
  return best;
}

/**
 * out[j] = exp(x[j] − m) for j < C (out may be x) and their sum: four lane sums (each of ≤ C/4
 * terms in (0, 1]) added in double, then the tail's terms.
 */
@inline
export function expShiftedSum(x: usize, out: usize, C: i32, m: f32): f64 {
  const vm = f32x4.splat(m);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= C; j += 4) {
    const e = expV(f32x4.sub(v128.load(x + <usize>j * 4), vm));
    v128.store(out + <usize>j * 4, e);
    acc = f32x4.add(acc, e);
  }
  let sum: f64 = <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1);
  sum += <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
  for (; j < C; j++) {
    const e = f32x4.extract_lane(expV(f32x4.splat(load<f32>(x + <usize>j * 4) - m)), 0);
    store<f32>(out + <usize>j * 4, e);
    sum += <f64>e;
  }
  return sum;
}

/**
 * probs[r, :] = softmax(logits[r, :]) for every row; rowLoss[r] = logsumexp − logits[r, t]
 * (0 for ignored rows), in double. Returns the number of rows not ignored.
 */
export function softmaxCrossEntropy(
  logits: usize, rows: i32, C: i32, targets: usize, ignoreIndex: i32, probs: usize, rowLoss: usize,
): i32 {
  let count = 0;
  for (let r = 0; r < rows; r++) {
    const x = logits + <usize>(r * C) * 4;
    const p = probs + <usize>(r * C) * 4;
    const m = rowMax(x, C);
    // exp(x − max) into probs.
    const sum = expShiftedSum(x, p, C, m);
    const inv = f32x4.splat(<f32>(1 / sum));
    let j = 0;
    for (; j + 4 <= C; j += 4) v128.store(p + <usize>j * 4, f32x4.mul(v128.load(p + <usize>j * 4), inv));
    for (; j < C; j++) store<f32>(p + <usize>j * 4, load<f32>(p + <usize>j * 4) * f32x4.extract_lane(inv, 0));
    const t = load<i32>(targets + <usize>r * 4);
    if (t == ignoreIndex) {
      store<f64>(rowLoss + <usize>r * 8, 0);
      continue;
    }
    count++;
    const lse: f64 = <f64>m + Math.log(sum);
    store<f64>(rowLoss + <usize>r * 8, lse - <f64>load<f32>(x + <usize>t * 4));
  }
  return count;
}

/**
 * grad[r, :] = k_r · (probs[r, :] − onehot(t_r)), k_r = scales[r] when scales ≠ 0, else scale;
 * ignored rows get 0.
 */
export function softmaxCrossEntropyBackward(
  probs: usize, rows: i32, C: i32, targets: usize, ignoreIndex: i32, scale: f32, scales: usize, grad: usize,
): void {
  for (let r = 0; r < rows; r++) {
    const p = probs + <usize>(r * C) * 4;
    const g = grad + <usize>(r * C) * 4;
    const t = load<i32>(targets + <usize>r * 4);
    if (t == ignoreIndex) {
      memory.fill(g, 0, <usize>C * 4);
      continue;
    }
    const k: f32 = scales != 0 ? load<f32>(scales + <usize>r * 4) : scale;
    const vk = f32x4.splat(k);
    let j = 0;
    for (; j + 4 <= C; j += 4) v128.store(g + <usize>j * 4, f32x4.mul(v128.load(p + <usize>j * 4), vk));
    for (; j < C; j++) store<f32>(g + <usize>j * 4, load<f32>(p + <usize>j * 4) * k);
    store<f32>(g + <usize>t * 4, (load<f32>(p + <usize>t * 4) - 1) * k);
  }
}

/**
 * A training step's softmaxCrossEntropy then softmaxCrossEntropyBackward (scale k, no per-row
 * scales) in one pass per row, in place: rowLoss[r] as the forward writes it, and logits[r, :]
 * overwritten by k · (softmax(logits[r, :]) − onehot(t_r)) (ignored rows: 0), each value by the
 * same float operations as the two kernels (exp(x − max) · (1/sum), then · k; the target's
 * (p − 1) · k), so the bits are theirs. The row stays in cache between the passes and no
 * [rows, C] probabilities are written. The caller counts the rows not ignored (for k).
 */
export function softmaxCrossEntropyWithGrad(
  logits: usize, rows: i32, C: i32, targets: usize, ignoreIndex: i32, scale: f32, rowLoss: usize,
): void {
  const vk = f32x4.splat(scale);
  for (let r = 0; r < rows; r++) {
    const x = logits + <usize>(r * C) * 4;
    const t = load<i32>(targets + <usize>r * 4);
    if (t == ignoreIndex) {
      store<f64>(rowLoss + <usize>r * 8, 0);
      memory.fill(x, 0, <usize>C * 4);
      continue;
    }
    const xt = load<f32>(x + <usize>t * 4);
    const m = rowMax(x, C);
    // exp(x − max) in place, as softmaxCrossEntropy.
    const sum = expShiftedSum(x, x, C, m);
    const inv = f32x4.splat(<f32>(1 / sum));
    const inv0 = f32x4.extract_lane(inv, 0);
    const pt = load<f32>(x + <usize>t * 4) * inv0;
    let j = 0;
    for (; j + 4 <= C; j += 4) {
      v128.store(x + <usize>j * 4, f32x4.mul(f32x4.mul(v128.load(x + <usize>j * 4), inv), vk));
    }
    for (; j < C; j++) store<f32>(x + <usize>j * 4, (load<f32>(x + <usize>j * 4) * inv0) * scale);
    store<f32>(x + <usize>t * 4, (pt - 1) * scale);
    const lse: f64 = <f64>m + Math.log(sum);
    store<f64>(rowLoss + <usize>r * 8, lse - <f64>xt);
  }
}
