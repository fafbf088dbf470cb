/** A prepared output head with random weights and input, and the logits its apply gives: what the head kernels' suites compare their fused results with. */
import type { Backend, PreparedLinear } from '../../core/kernels/api/backend.ts';
import { Random } from '../../core/random.ts';

/** Linear(H, V) prepared on `backend` with normal weights and bias, N normal input rows, and apply's logits [N, V]. Free `linear` when done. */
export function randomHead(
  backend: Backend,
  seed: number,
  sizes: { N: number; H: number; V: number },
): { linear: PreparedLinear; x: Float32Array; logits: Float32Array } {
  const { N, H, V } = sizes;
  const rng = new Random(seed);
  const weight = Float32Array.from({ length: V * H }, () => rng.normal());
  const bias = Float32Array.from({ length: V }, () => rng.normal());
  const x = Float32Array.from({ length: N * H }, () => rng.normal());
  const linear = backend.prepareLinear({ inF: H, outF: V, weight, bias });
  const logits = new Float32Array(N * V);
  linear.apply(x, N, logits);
  return { linear, x, logits };
}
