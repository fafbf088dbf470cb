/** Adam and AdamW (decoupled weight decay), with AMSGrad, exactly as torch.optim.Adam / AdamW in PyTorch 1.13. */
import { type AdamStepOptions, getBackend, jsBackend } from '../kernels/backend.ts';
import { checkNumber, Optimizer, type ParamsInput } from './optimizer.ts';

export interface AdamOptions {
  /** Learning rate. Default 1e-3. */
  lr?: number;
  /** Decay rates (β1, β2) of the first and second moment averages. Default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Added to the denominator for numerical stability. Default 1e-8. */
  eps?: number;
  /** Weight decay λ: an L2 term in the gradient (Adam) or decoupled decay (AdamW). Default 0 for Adam, 1e-2 for AdamW. */
  weightDecay?: number;
  /** Use the running maximum of the second moment (AMSGrad). Default false. */
  amsgrad?: boolean;
}

/** The hyper-parameters of one Adam/AdamW update. */
export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  /** true for AdamW: p ← p·(1 − lr·λ) instead of adding λ·p to the gradient. */
  decoupledWeightDecay: boolean;
}

/** The arrays one Adam update reads and writes, each the parameter's size. */
export interface AdamBuffers {
  param: Float32Array;
  grad: Float32Array;
  /** First moment m. */
  expAvg: Float32Array;
  /** Second moment v. */
  expAvgSq: Float32Array;
  /** Running maximum of v (AMSGrad only, else null). */
  maxExpAvgSq: Float32Array | null;
}

/**
 * One Adam or AdamW update in place, exactly torch/optim/adam.py and adamw.py
 * `_single_tensor_adam[w]` (PyTorch 1.13), for step t ≥ 1 (already incremented):
 *   Adam:  g ← g + λ·p                AdamW: p ← p·(1 − lr·λ)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²            (AMSGrad: v̂ ← max(v̂, v), used below instead of v)
 *   p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + eps)
 * This is the TypeScript backend's kernel (the reference) whatever backend is installed; the
 * optimizers call the installed backend's adamStep.
 */
export function adamUpdate(buffers: AdamBuffers, step: number, hyper: AdamHyper): void {
  jsBackend.adamStep(adamStepOptions(buffers, step, hyper));
}

function adamStepOptions(buffers: AdamBuffers, step: number, hyper: AdamHyper): AdamStepOptions {
  return {
    ...buffers,
    lr: hyper.lr,
    beta1: hyper.beta1,
    beta2: hyper.beta2,
    eps: hyper.eps,
    weightDecay: hyper.weightDecay,
    step,
    decoupled: hyper.decoupledWeightDecay,
  };
}

abstract class AdamBase extends Optimizer {
  lr: number;
  protected hyperParams: Omit<AdamHyper, 'lr'>;

  constructor(
    kind: 'Adam' | 'AdamW',
    params: ParamsInput,
    options: AdamOptions,
    defaultWeightDecay: number,
  ) {
    super(kind, params);
    const [beta1, beta2] = options.betas ?? [0.9, 0.999];
    const hyper = validateAdam(kind, {
      lr: options.lr ?? 1e-3,
      beta1,
      beta2,
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? defaultWeightDecay,
      amsgrad: options.amsgrad ?? false,
      decoupledWeightDecay: kind === 'AdamW',
    });
    this.lr = hyper.lr;
    this.hyperParams = hyper;
  }

  protected updateParam(index: number, param: Float32Array, grad: Float32Array): void {
    const h = this.hyperParams;
    let state = this.state[index] ?? null;
    if (state === null) {
      // The moments are private (stateDict copies them), so the backend may keep them where its
      // Adam kernel updates them in place (the threaded wasm backend's shared memory).
      const backend = getBackend();
      state = {
        step: 0,
        expAvg: backend.stateArray(param.length),
        expAvgSq: backend.stateArray(param.length),
      };
      if (h.amsgrad) state.maxExpAvgSq = new Float32Array(param.length);
      this.state[index] = state;
    }
    const step = (state.step as number) + 1;
    state.step = step;
    const buffers: AdamBuffers = {
      param,
      grad,
      expAvg: state.expAvg as Float32Array,
      expAvgSq: state.expAvgSq as Float32Array,
      maxExpAvgSq: h.amsgrad ? (state.maxExpAvgSq as Float32Array) : null,
    };
    // The installed backend runs the update (one SIMD pass on the wasm backend).
    getBackend().adamStep(adamStepOptions(buffers, step, { ...h, lr: this.lrOf(index) }));
  }

  protected hyper(): Record<string, number> {
    const h = this.hyperParams;
    return {
      lr: this.lr,
      beta1: h.beta1,
      beta2: h.beta2,
      eps: h.eps,
      weightDecay: h.weightDecay,
      amsgrad: h.amsgrad ? 1 : 0,
    };
  }

  protected setHyper(h: Record<string, number>): void {
    const hyper = validateAdam(this.kind as 'Adam' | 'AdamW', {
      lr: h.lr as number,
      beta1: h.beta1 as number,
      beta2: h.beta2 as number,
      eps: h.eps as number,
      weightDecay: h.weightDecay as number,
      amsgrad: h.amsgrad === 1,
      decoupledWeightDecay: this.kind === 'AdamW',
    });
    this.lr = hyper.lr;
    this.hyperParams = hyper;
  }

  protected requiredStateKeys(): string[] {
    const keys = ['step', 'expAvg', 'expAvgSq'];
    return this.hyperParams.amsgrad ? [...keys, 'maxExpAvgSq'] : keys;
  }
}

function validateAdam(where: string, h: AdamHyper): AdamHyper {
  checkNumber(where, 'lr', h.lr, { min: 0 });
  checkNumber(where, 'eps', h.eps, { min: 0 });
  checkNumber(where, 'betas[0]', h.beta1, { min: 0, maxExclusive: 1 });
  checkNumber(where, 'betas[1]', h.beta2, { min: 0, maxExclusive: 1 });
  checkNumber(where, 'weightDecay', h.weightDecay, { min: 0 });
  return h;
}

/** Adam (Kingma & Ba) with L2 weight decay added to the gradient, as torch.optim.Adam. */
export class Adam extends AdamBase {
  readonly kind = 'Adam';

  /**
   * @param params the leaf tensors to update.
   * @throws ConfigError for a negative lr, eps or weightDecay, or a beta outside [0, 1).
   */
  constructor(params: ParamsInput, options: AdamOptions = {}) {
    super('Adam', params, options, 0);
  }
}

/** AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, as torch.optim.AdamW. */
export class AdamW extends AdamBase {
  readonly kind = 'AdamW';

  /**
   * @param params the leaf tensors to update.
   * @throws ConfigError for a negative lr, eps or weightDecay, or a beta outside [0, 1).
   */
  constructor(params: ParamsInput, options: AdamOptions = {}) {
    super('AdamW', params, options, 1e-2);
  }
}
