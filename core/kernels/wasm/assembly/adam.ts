// The Adam / AdamW parameter update over f32 arrays in linear memory (PyTorch 1.13's single-tensor formula).
//
// Adam:  g += wd·p;  m = b1·m + (1−b1)·g;  v = b2·v + (1−b2)·g²;
//        p −= (lr / (1−b1^t)) · m / (sqrt(v) / sqrt(1−b2^t) + eps)
// AdamW: p ·= 1 − lr·wd first, and g is left alone.

/**
 * One Adam step over n values. stepSize = lr / (1 − b1^t) and bc2Sqrt = sqrt(1 − b2^t) are
 * computed by the caller in double precision, as PyTorch does in Python.
 */
export function adamStep(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  weightDecay: f32,
  stepSize: f32,
  bc2Sqrt: f32,
  decoupled: bool,
): void {
  const vb1 = f32x4.splat(beta1);
  const vb2 = f32x4.splat(beta2);
  const v1b1 = f32x4.splat(1 - beta1);
  const v1b2 = f32x4.splat(1 - beta2);
  const veps = f32x4.splat(eps);
  const vwd = f32x4.splat(weightDecay);
  const vstep = f32x4.splat(stepSize);
  const vbc2 = f32x4.splat(bc2Sqrt);
  const vdecay = f32x4.splat(1 - lr * weightDecay);
  const hasDecay = weightDecay != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i * 4;
    let pv = v128.load(p + off);
    let gv = v128.load(g + off);
    if (hasDecay) {
      if (decoupled) pv = f32x4.mul(pv, vdecay);
      else gv = f32x4.add(gv, f32x4.mul(pv, vwd));
    }
    const mv = f32x4.add(f32x4.mul(v128.load(m + off), vb1), f32x4.mul(gv, v1b1));
    const vv = f32x4.add(f32x4.mul(v128.load(v + off), vb2), f32x4.mul(f32x4.mul(gv, gv), v1b2));
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vv), vbc2), veps);
    v128.store(m + off, mv);
    v128.store(v + off, vv);
    v128.store(p + off, f32x4.sub(pv, f32x4.mul(vstep, f32x4.div(mv, denom))));
  }
  for (; i < n; i++) {
    const off = <usize>i * 4;
    let pv = load<f32>(p + off);
    let gv = load<f32>(g + off);
    if (hasDecay) {
      if (decoupled) pv = pv * (1 - lr * weightDecay);
      else gv = gv + pv * weightDecay;
    }
    const mv = load<f32>(m + off) * beta1 + gv * (1 - beta1);
    const vv = load<f32>(v + off) * beta2 + gv * gv * (1 - beta2);
    const denom = Mathf.sqrt(vv) / bc2Sqrt + eps;
    store<f32>(m + off, mv);
    store<f32>(v + off, vv);
    store<f32>(p + off, pv - stepSize * (mv / denom));
  }
}
