/** Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay (torch.optim.SGD). */
import { ConfigError } from '../errors.ts';
import { checkNumber, Optimizer, type ParamsInput } from './optimizer.ts';

export interface SGDOptions {
  /** Learning rate (required, as in PyTorch). */
  lr: number;
  /** Momentum factor μ. Default 0. */
  momentum?: number;
  /** Dampening τ of the gradient added to the momentum buffer. Default 0. */
  dampening?: number;
  /** L2 penalty λ added to the gradient. Default 0. */
  weightDecay?: number;
  /** Nesterov momentum; needs momentum > 0 and dampening 0. Default false. */
  nesterov?: boolean;
}

/** The hyper-parameters of one SGD update. */
export type SGDHyper = Required<SGDOptions>;

/**
 * One SGD update in place, exactly torch/optim/sgd.py `_single_tensor_sgd` (PyTorch 1.13):
 *   g ← g + λ·p
 *   b ← g on the first step, else μ·b + (1 − τ)·g      (only when μ ≠ 0)
 *   g ← g + μ·b if nesterov, else b
 *   p ← p − lr·g
 * @param buffers param, grad and momentumBuffer all have the parameter's size; momentumBuffer is
 *   null when μ = 0. `firstStep` says the buffer is still empty and must be initialised from g.
 */
export function sgdUpdate(
  buffers: { param: Float32Array; grad: Float32Array; momentumBuffer: Float32Array | null },
  firstStep: boolean,
  hyper: SGDHyper,
): void {
  const { param, grad, momentumBuffer: buf } = buffers;
  const { lr, momentum, dampening, weightDecay, nesterov } = hyper;
  for (let i = 0; i < param.length; i++) {
    const p = param[i] as number;
    let d = Math.fround((grad[i] as number) + weightDecay * p);
    if (buf !== null) {
      const b = firstStep ? d : Math.fround(momentum * (buf[i] as number) + (1 - dampening) * d);
      buf[i] = b;
      d = nesterov ? Math.fround(d + momentum * b) : b;
    }
    param[i] = p - lr * d;
  }
}

export class SGD extends Optimizer {
  readonly kind = 'SGD';
  lr: number;
  private hyperParams: Omit<SGDHyper, 'lr'>;

  /**
   * @param params the leaf tensors to update.
   * @throws ConfigError for a negative lr, momentum or weightDecay, or nesterov without momentum
   *   or with dampening.
   */
  constructor(params: ParamsInput, options: SGDOptions) {
    super('SGD', params);
    const hyper = validateSGD({
      lr: options.lr,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weightDecay: options.weightDecay ?? 0,
      nesterov: options.nesterov ?? false,
    });
    this.lr = hyper.lr;
    this.hyperParams = hyper;
  }

  protected updateParam(index: number, param: Float32Array, grad: Float32Array): void {
    const hyper = { ...this.hyperParams, lr: this.lrOf(index) };
    let state = this.state[index] ?? null;
    const firstStep = state === null;
    if (hyper.momentum !== 0 && state === null) {
      state = { momentumBuffer: new Float32Array(param.length) };
      this.state[index] = state;
    }
    const momentumBuffer = (state?.momentumBuffer as Float32Array | undefined) ?? null;
    sgdUpdate({ param, grad, momentumBuffer }, firstStep, hyper);
  }

  protected hyper(): Record<string, number> {
    const h = this.hyperParams;
    return {
      lr: this.lr,
      momentum: h.momentum,
      dampening: h.dampening,
      weightDecay: h.weightDecay,
      nesterov: h.nesterov ? 1 : 0,
    };
  }

  protected setHyper(h: Record<string, number>): void {
    const hyper = validateSGD({
      lr: h.lr as number,
      momentum: h.momentum as number,
      dampening: h.dampening as number,
      weightDecay: h.weightDecay as number,
      nesterov: h.nesterov === 1,
    });
    this.lr = hyper.lr;
    this.hyperParams = hyper;
  }

  protected requiredStateKeys(): string[] {
    return this.hyperParams.momentum !== 0 ? ['momentumBuffer'] : [];
  }
}

function validateSGD(h: SGDHyper): SGDHyper {
  checkNumber('SGD', 'lr', h.lr, { min: 0 });
  checkNumber('SGD', 'momentum', h.momentum, { min: 0 });
  checkNumber('SGD', 'weightDecay', h.weightDecay, { min: 0 });
  if (typeof h.dampening !== 'number' || !Number.isFinite(h.dampening)) {
    throw new ConfigError(`SGD: dampening must be a number, got ${String(h.dampening)}.`);
  }
  if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
    throw new ConfigError(
      `SGD: nesterov must have momentum > 0 and dampening 0, got momentum ${h.momentum} and dampening ${h.dampening}.`,
    );
  }
  return h;
}
