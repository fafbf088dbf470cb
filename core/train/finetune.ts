/** ULMFiT's fine-tuning schedule: layers by depth from the head down, discriminative learning rates per layer and gradual unfreezing by epoch. */
import type { Module } from '../nn/module.ts';
import type { ParamGroup } from '../optim/optimizer.ts';
import { type TrunkNames, trunkNames } from '../tasks/common/transfer.ts';
import { defaultTransfer, type RunSpec } from '../tasks/spec.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** ULMFiT's factor between one layer's learning rate and the next lower one's (Howard & Ruder 2018). */
export const ULMFIT_LAYER_LR_DECAY = 2.6;

/** The schedule a spec asks for, defaults filled in. */
export interface FineTuneSchedule {
  unfreeze: 'gradual' | 'none';
  layerLrDecay: number;
}

/**
 * `train.unfreeze` and `train.layerLrDecay`, defaulting to ULMFiT's when `initFrom` is fine-tuned,
 * else off (a language model used as features stays frozen, and everything else is new).
 */
export function fineTuneSchedule(spec: Pick<RunSpec, 'task' | 'train'>): FineTuneSchedule {
  const { train } = spec;
  const transfer =
    train.initFrom !== undefined && (train.transfer ?? defaultTransfer(spec.task)) === 'fine-tune';
  return {
    unfreeze: train.unfreeze ?? (transfer ? 'gradual' : 'none'),
    layerLrDecay: train.layerLrDecay ?? (transfer ? ULMFIT_LAYER_LR_DECAY : 1),
  };
}

const RNN_LAYER = /^[a-z_]+\.[a-z_]+_l(\d+)(_reverse)?$/;

/**
 * Each named parameter's depth below the top: 0 for the head (and anything not below the
 * recurrent stack: seq2seq's whole decoder side), 1 for the top recurrent layer, …, `numLayers`
 * for `rnn.*_l0`, and `numLayers + 1` for the embedding (and any other input-side part:
 * `embedding.*`, `charEncoder.*`). `names` says where the trunk is ({@link trunkNames}: seq2seq's
 * `encoder.*` and `src_embedding.*`).
 */
export function layerDepths(
  model: Module,
  numLayers: number,
  names: TrunkNames = trunkNames('classify'),
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name] of model.namedParameters()) {
    const rnn = name.startsWith(names.rnn) ? RNN_LAYER.exec(name) : null;
    if (rnn !== null) out.set(name, numLayers - Number(rnn[1]));
    else if (name.startsWith(names.embedding) || name.startsWith('charEncoder.')) {
      out.set(name, numLayers + 1);
    } else out.set(name, 0);
  }
  return out;
}

/**
 * The fine-tuning plan of a model: optimizer groups (one per depth, learning-rate scale
 * `1 / decay^depth`) and which parameters train in each epoch.
 */
export class FineTunePlan {
  private readonly depths: [Tensor, number][];
  private readonly frozen: Set<Tensor>;
  readonly schedule: FineTuneSchedule;

  /** @param frozen parameter names that never train (PreparedTask.frozen): every epoch leaves them frozen. */
  constructor(model: Module, spec: RunSpec, frozen: readonly string[] = []) {
    this.schedule = fineTuneSchedule(spec);
    const depths = layerDepths(model, spec.model.recurrent.numLayers, trunkNames(spec.task));
    const named = [...model.namedParameters()];
    this.depths = named.map(([name, p]) => [p, depths.get(name) ?? 0]);
    this.frozen = new Set(named.filter(([name]) => frozen.includes(name)).map(([, p]) => p));
  }

  /** True when the plan differs from training every parameter at one rate. */
  get active(): boolean {
    return this.schedule.unfreeze === 'gradual' || this.schedule.layerLrDecay !== 1;
  }

  /** The deepest depth present (the number of epochs until everything trains, minus one). */
  get deepest(): number {
    return this.depths.reduce((m, [, d]) => Math.max(m, d), 0);
  }

  /** Optimizer groups from the head down, each with scale `1 / layerLrDecay^depth`. */
  groups(): ParamGroup[] {
    const byDepth = new Map<number, Tensor[]>();
    for (const [p, d] of this.depths) byDepth.set(d, [...(byDepth.get(d) ?? []), p]);
    return [...byDepth.entries()]
      .sort(([a], [b]) => a - b)
      .map(([d, params]) => ({ params, lrScale: this.schedule.layerLrDecay ** -d }));
  }

  /** The deepest depth that trains in 0-based `epoch` (everything when unfreezing is off). */
  trainableDepth(epoch: number): number {
    return this.schedule.unfreeze === 'gradual' ? epoch : this.deepest;
  }

  /**
   * Sets `requiresGrad` for `epoch`: parameters deeper than `trainableDepth(epoch)` are frozen
   * (no gradient, left bit-identical by the optimizer), the others train.
   * @returns true when anything is still frozen.
   */
  apply(epoch: number): boolean {
    const limit = this.trainableDepth(epoch);
    let frozen = false;
    for (const [p, d] of this.depths) {
      p.requiresGrad = d <= limit && !this.frozen.has(p);
      if (!p.requiresGrad) {
        p.grad = null;
        if (!this.frozen.has(p)) frozen = true;
      }
    }
    return frozen;
  }

  /** Unfreezes every parameter but the always-frozen ones (the trained model is used and trained further as a whole). */
  release(): void {
    for (const [p] of this.depths) p.requiresGrad = !this.frozen.has(p);
  }
}
