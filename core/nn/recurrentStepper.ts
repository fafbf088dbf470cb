/** A unidirectional recurrent stack and Linear layers prepared for decoding: weights made ready once, the state kept in flat arrays, one kernel call per layer and step, no autograd. */
import { ConfigError } from '../errors.ts';
import type {
  PreparedLinear,
  PreparedRecurrentStep,
  PrepareLinearOptions,
  PrepareRecurrentStepOptions,
} from '../kernels/api/backend.ts';
import { getBackend } from '../kernels/backend.ts';
import type { Linear } from './linear.ts';
import { type GRU, LSTM, type RNN } from './rnn.ts';

/** The state of a stack between steps: h `[numLayers, rows, H]`, c like h for an LSTM (else null). */
export interface StepState {
  rows: number;
  h: Float32Array;
  c: Float32Array | null;
}

/** A Linear's weights as Backend.prepareLinear takes them. */
export function linearOptions(linear: Linear): PrepareLinearOptions {
  const [outF, inF] = linear.weight.shape as [number, number];
  return {
    inF,
    outF,
    weight: linear.weight.data,
    bias: linear.bias === null ? null : linear.bias.data,
  };
}

/** A Linear prepared by the installed backend (see Backend.prepareLinear). */
export function prepareLinear(linear: Linear): PreparedLinear {
  return getBackend().prepareLinear(linearOptions(linear));
}

/**
 * Each layer's weights of a unidirectional stack, as Backend.prepareRecurrentStep takes them.
 * @throws ConfigError for a bidirectional module (a decoder reads left to right).
 */
export function stackStepOptions(module: RNN | LSTM | GRU): PrepareRecurrentStepOptions[] {
  if (module.bidirectional) {
    throw new ConfigError(
      `${module.typeName}: bidirectional must be false to decode step by step, got true.`,
    );
  }
  const H = module.hiddenSize;
  return Array.from({ length: module.numLayers }, (_, layer) => {
    const w = module.layerParameters(layer, 0);
    return {
      inputSize: layer === 0 ? module.inputSize : H,
      hiddenSize: H,
      wIh: w.wIh.data,
      wHh: w.wHh.data,
      bIh: w.bIh === null ? null : w.bIh.data,
      bHh: w.bHh === null ? null : w.bHh.data,
    };
  });
}

/**
 * The stack of `module` prepared for one time step at a time (inference: dropout between layers
 * never applies). Values are those of the module's forward over the same inputs.
 */
export class RecurrentStepper {
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly inputSize: number;
  /** An LSTM carries a cell state. */
  readonly hasCell: boolean;
  private readonly layers: PreparedRecurrentStep[];

  /** @throws ConfigError for a bidirectional module (a decoder reads left to right). */
  constructor(module: RNN | LSTM | GRU) {
    const layers = stackStepOptions(module);
    this.hiddenSize = module.hiddenSize;
    this.numLayers = module.numLayers;
    this.inputSize = module.inputSize;
    this.hasCell = module instanceof LSTM;
    const backend = getBackend();
    this.layers = layers.map((o) => backend.prepareRecurrentStep(module.cellType, o));
  }

  /** Zeros for `rows` rows. */
  zeroState(rows: number): StepState {
    const size = this.numLayers * rows * this.hiddenSize;
    return { rows, h: new Float32Array(size), c: this.hasCell ? new Float32Array(size) : null };
  }

  /**
   * One time step of every layer over x `[rows, inputSize]`, updating `state` in place.
   * @returns the top layer's output `[rows, H]`, a view of `state.h` (copy it to keep it).
   */
  step(x: Float32Array, state: StepState): Float32Array {
    const NH = state.rows * this.hiddenSize;
    let input = x;
    for (let l = 0; l < this.numLayers; l++) {
      const h = state.h.subarray(l * NH, (l + 1) * NH);
      const c = state.c === null ? null : state.c.subarray(l * NH, (l + 1) * NH);
      (this.layers[l] as PreparedRecurrentStep).step(input, state.rows, h, c);
      input = h;
    }
    return input;
  }

  /** Gives the prepared weights back (resident memory on the wasm backend). */
  free(): void {
    for (const layer of this.layers) layer.free();
  }
}

/** Rows `index` of every layer of `state` (beam search's reordering), as a new state. */
export function selectStateRows(state: StepState, index: Int32Array, hidden: number): StepState {
  const pick = (a: Float32Array): Float32Array => {
    const layers = a.length / (state.rows * hidden);
    const out = new Float32Array(layers * index.length * hidden);
    for (let l = 0; l < layers; l++) {
      for (let r = 0; r < index.length; r++) {
        const src = (l * state.rows + (index[r] as number)) * hidden;
        out.set(a.subarray(src, src + hidden), (l * index.length + r) * hidden);
      }
    }
    return out;
  };
  return { rows: index.length, h: pick(state.h), c: state.c === null ? null : pick(state.c) };
}
