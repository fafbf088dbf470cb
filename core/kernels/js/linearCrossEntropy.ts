/** The fused output head (Linear + softmax cross-entropy + its backward) composed from a backend's own gemm, cross-entropy and Linear-backward kernels. */
import type {
  Backend,
  LinearCrossEntropyLoss,
  LinearCrossEntropyLossOptions,
  LinearCrossEntropyOptions,
  LinearCrossEntropyResult,
} from '../api/backend.ts';

/**
 * logits = x·Wᵀ + b, the cross-entropy's loss rows and gradient, then dx, dW, db: exactly the
 * separate kernels of `backend` in turn (the reference the wasm fused kernel is checked against).
 * @returns loss rows, count, and the head's gradients for an upstream gradient of 1.
 */
export function linearCrossEntropyComposite(
  backend: Pick<Backend, 'gemm' | 'softmaxCrossEntropyWithGrad' | 'linearBackward'>,
  o: LinearCrossEntropyOptions,
): LinearCrossEntropyResult {
  const { rowLoss, count, grad } = headLoss(backend, o);
  const grads = backend.linearBackward({
    rows: o.rows,
    inF: o.inF,
    outF: o.outF,
    g: grad,
    x: o.x,
    weight: o.weight,
    needDx: o.needDx,
    needDb: o.bias !== null,
  });
  return { rowLoss, count, ...grads };
}

/** The loss rows of {@link linearCrossEntropyComposite} alone, from the same kernels. */
export function linearCrossEntropyLossComposite(
  backend: Pick<Backend, 'gemm' | 'softmaxCrossEntropyWithGrad'>,
  o: LinearCrossEntropyLossOptions,
): LinearCrossEntropyLoss {
  const { rowLoss, count } = headLoss(backend, o);
  return { rowLoss, count };
}

/** logits = x·Wᵀ + b, then the cross-entropy's loss rows and the logits' gradient. */
function headLoss(
  backend: Pick<Backend, 'gemm' | 'softmaxCrossEntropyWithGrad'>,
  o: LinearCrossEntropyLossOptions,
): { rowLoss: Float64Array; count: number; grad: Float32Array } {
  const { rows, inF, outF } = o;
  const logits = new Float32Array(rows * outF);
  backend.gemm({
    m: rows,
    n: outF,
    k: inF,
    a: o.x,
    b: o.weight,
    c: logits,
    transB: true,
    ...(o.bias === null ? {} : { bias: o.bias }),
  });
  return backend.softmaxCrossEntropyWithGrad({
    logits,
    classes: outF,
    targets: o.targets,
    ignoreIndex: o.ignoreIndex ?? -100,
    reduction: o.reduction,
  });
}
