/** The Adam / AdamW parameter update in plain TypeScript (PyTorch 1.13's single-tensor formula), the reference for the WebAssembly one. */
import type { AdamStepOptions } from '../api/backend.ts';

/**
 * One Adam or AdamW update in place, exactly torch/optim/adam.py and adamw.py
 * `_single_tensor_adam[w]` (PyTorch 1.13), for step t ≥ 1 (already incremented):
 *   Adam:  g ← g + λ·p                AdamW: p ← p·(1 − lr·λ)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²            (AMSGrad: v̂ ← max(v̂, v), used below instead of v)
 *   p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + eps)
 */
export function adamStepJs(o: AdamStepOptions): void {
  const { param, grad, expAvg, expAvgSq, lr, beta1, beta2, eps, weightDecay } = o;
  const maxExpAvgSq = o.maxExpAvgSq ?? null;
  const decoupled = o.decoupled ?? false;
  // NOTE: the bias corrections are computed in double precision, as torch/optim/adam.py does in Python.
  const stepSize = lr / (1 - beta1 ** o.step);
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** o.step);
  const decay = decoupled ? Math.fround(1 - lr * weightDecay) : 1;
  const l2 = decoupled ? 0 : weightDecay;
  for (let i = 0; i < param.length; i++) {
    let p = param[i] as number;
    const g = l2 === 0 ? (grad[i] as number) : Math.fround((grad[i] as number) + l2 * p);
    if (decoupled) p = Math.fround(p * decay);
    const m = Math.fround(beta1 * (expAvg[i] as number) + (1 - beta1) * g);
    let v = Math.fround(beta2 * (expAvgSq[i] as number) + (1 - beta2) * g * g);
    expAvg[i] = m;
    expAvgSq[i] = v;
    if (maxExpAvgSq !== null) {
      v = Math.max(maxExpAvgSq[i] as number, v);
      maxExpAvgSq[i] = v;
    }
    const denom = Math.fround(Math.fround(Math.sqrt(v) / biasCorrection2Sqrt) + eps);
    param[i] = p - (stepSize * m) / denom;
  }
}
