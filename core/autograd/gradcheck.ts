/**
 * Finite-difference gradient checker: compares the autograd gradient of a random projection of
 * an op's output with central differences, for every element of every input that requires grad.
 */
import { Random } from '../random.ts';
import { backward, noGrad } from '../tensor/autograd.ts';
import type { Tensor } from '../tensor/tensor.ts';

export interface GradcheckOptions {
  /** Half-width of the central difference, applied to the float32 input; default 1e-2. */
  eps?: number;
  /** Absolute tolerance; default 1e-3. */
  atol?: number;
  /** Relative tolerance (of the numeric gradient); default 1e-2. */
  rtol?: number;
  /** Seed of the random projection; default 0. */
  seed?: number;
}

/** Σ out ⊙ w in float64. */
function project(out: Tensor, w: Float64Array): number {
  let s = 0;
  const d = out.data;
  for (let i = 0; i < d.length; i++) s += d[i] * w[i];
  return s;
}

/**
 * Checks `fn`'s gradients at `inputs`: with L = Σ fn(inputs) ⊙ w for a random w, the autograd
 * dL/dx must equal (L(x + ε) − L(x − ε)) / 2ε (projection and differences in float64, the step
 * measured on the float32 values actually used) within `atol + rtol·|numeric|` everywhere.
 * Inputs' `.grad` are left as they were. Keep inputs more than ε away from kinks (relu at 0).
 * @returns the largest absolute difference found.
 * @throws Error naming the input and element when one is out of tolerance, or when the output
 * does not require grad.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options: GradcheckOptions = {},
): number {
  const eps = options.eps ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  const rtol = options.rtol ?? 1e-2;
  const rng = new Random(options.seed ?? 0);

  const saved = inputs.map((t) => t.grad);
  for (const t of inputs) t.grad = null;
  const out = fn(...inputs);
  if (!out.requiresGrad) {
    for (let i = 0; i < inputs.length; i++) inputs[i].grad = saved[i];
    throw new Error('gradcheck: fn(...inputs) must require grad, got an output without a graph.');
  }
  const w = new Float64Array(out.size);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-1, 1);
  backward(out, Float32Array.from(w));
  const analytic = inputs.map((t) => t.grad?.data ?? new Float32Array(t.size));
  for (let i = 0; i < inputs.length; i++) inputs[i].grad = saved[i];

  let maxError = 0;
  noGrad(() => {
    inputs.forEach((t, k) => {
      if (!t.requiresGrad) return;
      const x = t.data;
      for (let j = 0; j < x.length; j++) {
        const orig = x[j];
        x[j] = orig + eps;
        const hi = x[j];
        const fPlus = project(fn(...inputs), w);
        x[j] = orig - eps;
        const lo = x[j];
        const fMinus = project(fn(...inputs), w);
        x[j] = orig;
        const numeric = (fPlus - fMinus) / (hi - lo);
        const a = analytic[k][j];
        const err = Math.abs(a - numeric);
        if (!(err <= atol + rtol * Math.abs(numeric))) {
          throw new Error(
            `gradcheck: gradient of inputs[${k}] at element ${j} must match finite differences within atol ${atol} + rtol ${rtol}, got analytic ${a} and numeric ${numeric}.`,
          );
        }
        if (err > maxError) maxError = err;
      }
    });
  });
  return maxError;
}
