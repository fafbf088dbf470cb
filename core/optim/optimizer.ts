/** The optimizer base: parameters in groups with their own learning-rate scale, `step()`, `zeroGrad()`, a settable `lr`, and plain-data checkpoints. */
import { ConfigError, ShapeError } from '../errors.ts';
import { releaseArray } from '../kernels/arrayPool.ts';
import { getBackend } from '../kernels/backend.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** Per-parameter optimizer state: a step count and buffers the size of the parameter. */
export type ParamState = Record<string, number | Float32Array>;

/**
 * A checkpoint of an optimizer as structured-clone data (numbers and Float32Arrays only),
 * like `torch.optim.Optimizer.state_dict()` for a single parameter group.
 */
export interface OptimizerStateDict {
  /** Which optimizer wrote it: 'SGD', 'Adam' or 'AdamW'. */
  kind: string;
  /** Hyper-parameters under their option names; booleans are stored as 0 or 1. */
  hyper: Record<string, number>;
  /** One entry per parameter, in order; null for a parameter that has not been updated yet. */
  state: (ParamState | null)[];
}

export interface ZeroGradOptions {
  /**
   * Drop the gradients instead of filling them with zeros. Default false, as in PyTorch 1.13;
   * a parameter whose grad is null is skipped by `step()`. The dropped gradient arrays go back to
   * the array pool (core/kernels/arrayPool.ts) for the next backward, so a caller that wants a
   * gradient after this call must have copied it.
   */
  setToNone?: boolean;
}

/**
 * A parameter group, as `{'params': [...], 'lr': ...}` in torch.optim, except that its learning
 * rate is a scale of the optimizer's `lr`: the group updates with `lr × lrScale`. Schedulers set
 * `lr`, so every group follows the schedule; for the multiplicative schedules here (StepLR,
 * CosineAnnealingLR to 0, ReduceLROnPlateau without a floor) this is exactly PyTorch with one group
 * per scale and `lr = base lr × lrScale`.
 */
export interface ParamGroup {
  params: readonly Tensor[];
  /** Multiplies `lr` for this group's parameters; a finite number ≥ 0. */
  lrScale: number;
}

/** A flat list of parameters (one group, scale 1) or parameter groups. */
export type ParamsInput = readonly Tensor[] | readonly ParamGroup[];

function isGroupList(params: ParamsInput): params is readonly ParamGroup[] {
  return params.length > 0 && !('data' in (params[0] as object));
}

/** Anything whose learning rate a scheduler can read and set. */
export interface HasLearningRate {
  lr: number;
}

/** Checks a hyper-parameter is a finite number not below `min` (and below `maxExclusive` if given). */
export function checkNumber(
  where: string,
  name: string,
  value: number,
  range: { min: number; maxExclusive?: number },
): void {
  const tooBig = range.maxExclusive !== undefined && !(value < range.maxExclusive);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || tooBig) {
    const expected =
      range.maxExclusive === undefined
        ? range.min === 0
          ? 'a non-negative number'
          : `a number ≥ ${range.min}`
        : `in [${range.min}, ${range.maxExclusive})`;
    throw new ConfigError(`${where}: ${name} must be ${expected}, got ${String(value)}.`);
  }
}

export abstract class Optimizer implements HasLearningRate {
  /** The parameters this optimizer updates, in the order given. */
  readonly params: readonly Tensor[];
  /** The learning rate used by the next `step()`; schedulers set it. */
  abstract lr: number;
  /** 'SGD', 'Adam' or 'AdamW': written into checkpoints and checked when loading. */
  abstract readonly kind: string;
  protected state: (ParamState | null)[];
  /** The learning-rate scale of each parameter's group, in `params` order. */
  private readonly lrScales: number[];

  /**
   * @param params the leaf tensors, or groups of them each with its learning-rate scale.
   * @throws ConfigError for an empty list, a repeated parameter, a non-leaf tensor, or a negative
   *   or non-finite group scale.
   */
  constructor(where: string, input: ParamsInput) {
    const groups: readonly ParamGroup[] = isGroupList(input)
      ? input
      : [{ params: input as readonly Tensor[], lrScale: 1 }];
    groups.forEach((g, i) => {
      checkNumber(where, `groups[${i}].lrScale`, g.lrScale, { min: 0 });
    });
    const params = groups.flatMap((g) => [...g.params]);
    this.lrScales = groups.flatMap((g) => g.params.map(() => g.lrScale));
    if (params.length === 0) {
      throw new ConfigError(`${where}: params must be a non-empty list of tensors, got 0.`);
    }
    const seen = new Set<Tensor>();
    params.forEach((p, i) => {
      if (seen.has(p)) {
        throw new ConfigError(`${where}: params must not repeat a tensor, got params[${i}] twice.`);
      }
      seen.add(p);
      if (p.gradNode !== null) {
        throw new ConfigError(
          `${where}: params[${i}] must be a leaf tensor, got the result of '${p.gradNode.op}'.`,
        );
      }
    });
    this.params = [...params];
    this.state = params.map(() => null);
  }

  /**
   * Applies one update to every parameter that has a gradient (others are skipped, as in PyTorch)
   * and requires one: a frozen parameter (`requiresGrad` false) is left bit-identical even when it
   * still holds a gradient from before it was frozen, so momentum and weight decay cannot move it.
   * @throws ShapeError when a gradient's size differs from its parameter's (the kernels do not check).
   */
  step(): void {
    this.params.forEach((p, i) => {
      if (p.grad === null || !p.requiresGrad) return;
      if (p.grad.size !== p.size) {
        throw new ShapeError(
          `${this.kind}.step: params[${i}].grad size must equal the parameter's size ${p.size}, got ${p.grad.size}.`,
        );
      }
      this.updateParam(i, p.data, p.grad.data);
    });
  }

  /** The learning rate the next `step()` uses for parameter `index`: `lr` × its group's scale. */
  lrOf(index: number): number {
    return this.lr * (this.lrScales[index] as number);
  }

  /** Clears every parameter's gradient before the next backward pass. */
  zeroGrad(options: ZeroGradOptions = {}): void {
    for (const p of this.params) {
      if (options.setToNone) {
        releaseArray(p.grad?.data);
        p.grad = null;
      } else p.grad?.data.fill(0);
    }
  }

  /** A deep copy of the hyper-parameters and per-parameter state. */
  stateDict(): OptimizerStateDict {
    return {
      kind: this.kind,
      hyper: this.hyper(),
      state: this.state.map((s) => (s === null ? null : copyState(s))),
    };
  }

  /**
   * Restores hyper-parameters (including lr) and state from `stateDict()` output (copied, not shared).
   * @throws ConfigError (code 'state-dict') naming the entry that is missing, of the wrong kind or size.
   */
  loadStateDict(dict: OptimizerStateDict): void {
    const where = `${this.kind}.loadStateDict`;
    const fail = (message: string): never => {
      throw new ConfigError(`${where}: ${message}`, 'state-dict');
    };
    if (dict.kind !== this.kind) fail(`kind must be '${this.kind}', got '${String(dict.kind)}'.`);
    if (!Array.isArray(dict.state) || dict.state.length !== this.params.length) {
      fail(
        `state must have one entry per parameter (${this.params.length}), got ${Array.isArray(dict.state) ? dict.state.length : typeof dict.state}.`,
      );
    }
    const previous = this.hyper();
    for (const key of Object.keys(previous)) {
      if (typeof dict.hyper?.[key] !== 'number') {
        fail(`hyper.${key} must be a number, got ${String(dict.hyper?.[key])}.`);
      }
    }
    this.setHyper(dict.hyper);
    const required = this.requiredStateKeys();
    const state = dict.state.map((s, i) => {
      if (s === null) return null;
      const size = (this.params[i] as Tensor).size;
      for (const key of required) {
        const v = s[key];
        if (v === undefined) fail(`state[${i}].${key} is missing.`);
        if (v instanceof Float32Array && v.length !== size) {
          fail(
            `state[${i}].${key} length must equal the parameter's size ${size}, got ${v.length}.`,
          );
        }
      }
      // Loaded buffers go where the backend's kernels read them in place (see Backend.stateArray).
      return copyState(s, (length) => getBackend().stateArray(length));
    });
    this.state = state;
  }

  /** Updates `param` in place from `grad` (both the parameter's size). */
  protected abstract updateParam(index: number, param: Float32Array, grad: Float32Array): void;
  /** The hyper-parameters as numbers (booleans as 0/1). */
  protected abstract hyper(): Record<string, number>;
  /** Validates and applies hyper-parameters read from a checkpoint. */
  protected abstract setHyper(hyper: Record<string, number>): void;
  /** The state entries every started parameter must have under the current hyper-parameters. */
  protected abstract requiredStateKeys(): string[];
}

function copyState(
  s: ParamState,
  allocate: (length: number) => Float32Array = (length) => new Float32Array(length),
): ParamState {
  const out: ParamState = {};
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === 'number') out[k] = v;
    else {
      const copy = allocate(v.length);
      copy.set(v);
      out[k] = copy;
    }
  }
  return out;
}
