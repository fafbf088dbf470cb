/** Module: the base of every layer — parameter and child registration, PyTorch-named state dicts, train/eval mode. */
import { ConfigError } from '../errors.ts';
import { formatShape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** One state-dict entry: a Tensor, or any row-major float32 array with its shape (e.g. read from safetensors). */
export interface StateEntry {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** A state dict: PyTorch-dotted parameter names to values, in registration order. */
export type StateDict = Record<string, StateEntry>;

export interface LoadStateDictOptions {
  /** Refuse missing and unexpected keys (PyTorch's `strict`); default true. Shapes are always checked. */
  strict?: boolean;
}

/**
 * Base class of layers and models, like `torch.nn.Module`: parameters and child modules are
 * registered by name, so `namedParameters()` yields PyTorch's dotted names (`encoder.weight_ih_l0`).
 */
export abstract class Module {
  /** The class name used in error messages (kept explicit: bundlers may rename classes). */
  abstract readonly typeName: string;
  /** True in training mode (dropout active), false after `eval()`. */
  training = true;
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  /**
   * Registers `tensor` as a trainable parameter under `name` and marks it requiresGrad.
   * @throws ConfigError if the name is already taken or contains a dot.
   */
  protected registerParameter(name: string, tensor: Tensor): Tensor {
    this.checkName(name);
    tensor.requiresGrad = true;
    this.ownParameters.set(name, tensor);
    return tensor;
  }

  /**
   * Registers `tensor` as a buffer under `name`: state that is saved and loaded with the
   * parameters but not trained (BatchNorm's running statistics), like PyTorch's register_buffer.
   * @throws ConfigError if the name is already taken or contains a dot.
   */
  protected registerBuffer(name: string, tensor: Tensor): Tensor {
    this.checkName(name);
    this.ownBuffers.set(name, tensor);
    return tensor;
  }

  /**
   * Registers a child module; its parameters appear as `name.<their name>`.
   * @throws ConfigError if the name is already taken or contains a dot.
   */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    this.children.set(name, module);
    return module;
  }

  private checkName(name: string): void {
    if (name === '' || name.includes('.')) {
      throw new ConfigError(
        `${this.typeName}: a parameter or module name must be non-empty without '.', got '${name}'.`,
      );
    }
    if (this.ownParameters.has(name) || this.ownBuffers.has(name) || this.children.has(name)) {
      throw new ConfigError(`${this.typeName}: name '${name}' must be unique, got it twice.`);
    }
  }

  /** Direct children with their names, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.children];
  }

  /** [name, parameter] pairs, own parameters first, then each child's with a dotted prefix. */
  *namedParameters(prefix = ''): Generator<[string, Tensor]> {
    for (const [name, p] of this.ownParameters) yield [prefix + name, p];
    for (const [name, child] of this.children) yield* child.namedParameters(`${prefix}${name}.`);
  }

  /** Every parameter, in the order of `namedParameters()`. */
  parameters(): Tensor[] {
    return [...this.namedParameters()].map(([, p]) => p);
  }

  /** [name, buffer] pairs, own buffers first, then each child's with a dotted prefix. */
  *namedBuffers(prefix = ''): Generator<[string, Tensor]> {
    for (const [name, b] of this.ownBuffers) yield [prefix + name, b];
    for (const [name, child] of this.children) yield* child.namedBuffers(`${prefix}${name}.`);
  }

  /** What a state dict holds, in PyTorch's order: own parameters, own buffers, then each child's. */
  private *namedState(prefix = ''): Generator<[string, Tensor]> {
    for (const [name, p] of this.ownParameters) yield [prefix + name, p];
    for (const [name, b] of this.ownBuffers) yield [prefix + name, b];
    for (const [name, child] of this.children) yield* child.namedState(`${prefix}${name}.`);
  }

  /** Parameters and buffers by name; the values share storage with them (as PyTorch's do). */
  stateDict(): StateDict {
    const state: StateDict = {};
    for (const [name, p] of this.namedState()) state[name] = { data: p.data, shape: p.shape };
    return state;
  }

  /**
   * Copies values into the parameters and buffers by name (the objects stay the same, so an
   * optimizer holding them keeps working).
   * @throws ConfigError (code 'state-dict') naming every missing or unexpected key (strict) and
   *   any key whose shape differs.
   */
  loadStateDict(state: StateDict, options: LoadStateDictOptions = {}): void {
    const strict = options.strict ?? true;
    const own = new Map(this.namedState());
    const problems: string[] = [];
    const missing = [...own.keys()].filter((k) => !Object.hasOwn(state, k));
    const unexpected = Object.keys(state).filter((k) => !own.has(k));
    if (strict && missing.length > 0) {
      problems.push(`missing key(s) ${missing.map((k) => `'${k}'`).join(', ')}`);
    }
    if (strict && unexpected.length > 0) {
      problems.push(`unexpected key(s) ${unexpected.map((k) => `'${k}'`).join(', ')}`);
    }
    for (const [name, p] of own) {
      const entry = state[name];
      if (entry === undefined) continue;
      const same =
        entry.shape.length === p.shape.length && entry.shape.every((d, i) => d === p.shape[i]);
      if (!same || entry.data.length !== p.data.length) {
        problems.push(
          `'${name}' must have shape ${formatShape(p.shape)}, got ${formatShape(entry.shape)}`,
        );
      }
    }
    if (problems.length > 0) {
      throw new ConfigError(
        `${this.typeName}.loadStateDict: ${problems.join('; ')}.`,
        'state-dict',
      );
    }
    for (const [name, p] of own) {
      const entry = state[name];
      if (entry !== undefined) p.data.set(entry.data);
    }
  }

  /** Training mode for this module and every descendant (dropout active). */
  train(): this {
    return this.setTraining(true);
  }

  /** Evaluation mode for this module and every descendant (dropout is the identity). */
  eval(): this {
    return this.setTraining(false);
  }

  private setTraining(training: boolean): this {
    this.training = training;
    for (const child of this.children.values()) child.setTraining(training);
    return this;
  }

  /** Clears every parameter's gradient (sets it to null, PyTorch's default `set_to_none`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }
}
