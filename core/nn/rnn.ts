/** `nn.RNN`, `nn.LSTM`, `nn.GRU` with PyTorch's options, shapes, gate order, init and parameter names. */
import { ConfigError, ShapeError } from '../errors.ts';
import { type CellType, gateCount } from '../kernels/api/recurrent.ts';
import { releaseArray, standIn } from '../kernels/arrayPool.ts';
import { globalRandom, type Random } from '../random.ts';
import { isGradEnabled, releaseDataAfterBackward } from '../tensor/autograd.ts';
import { formatShape } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { concatLast, reshapeCopy, sliceFlat, stackLeading, swapLeadingAxes } from './blocks.ts';
import { dropout, dropoutForConsumer } from './dropout.ts';
import { Module } from './module.ts';
import { type LayerWeights, recurrentLayer } from './recurrentOp.ts';

/** Constructor options shared by RNN, LSTM and GRU (PyTorch's, in camelCase). */
export interface RecurrentOptions {
  /** Features per input step, H_in. */
  inputSize: number;
  /** Features of the hidden state, H. */
  hiddenSize: number;
  /** Stacked layers; default 1. */
  numLayers?: number;
  /** Learnable b_ih and b_hh; default true. */
  bias?: boolean;
  /** Input and output as [N, L, ·] instead of [L, N, ·] (h_n is unaffected); default false. */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training only; default 0. */
  dropout?: number;
  /** Add a reverse-direction layer per layer (D = 2); default false. */
  bidirectional?: boolean;
  /**
   * DropConnect on every hidden-to-hidden matrix W_hh, in training only: each forward pass draws
   * one mask per matrix (kept for all steps), as AWD-LSTM's WeightDrop (Merity et al. 2018); default 0.
   */
  weightDrop?: number;
  /** Generator for initialisation and dropout; default `globalRandom`. */
  random?: Random;
}

export interface RNNOptions extends RecurrentOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
}

export interface LSTMOptions extends RecurrentOptions {
  /** PyTorch's proj_size; only 0 (no projection) is supported. */
  projSize?: number;
}

export interface ForwardOptions {
  /**
   * Per-sequence lengths, each in [1, L] (what pack_padded_sequence takes, in any order):
   * padding never reaches h_n of either direction and outputs past a sequence's end are zero.
   */
  lengths?: Int32Array | readonly number[];
}

/** The names of one layer-direction's parameters: `weight_ih_l{k}[_reverse]` and so on. */
export function rnnParameterNames(
  layer: number,
  options: { reverse: boolean },
): {
  wIh: string;
  wHh: string;
  bIh: string;
  bHh: string;
} {
  const suffix = `_l${layer}${options.reverse ? '_reverse' : ''}`;
  return {
    wIh: `weight_ih${suffix}`,
    wHh: `weight_hh${suffix}`,
    bIh: `bias_ih${suffix}`,
    bHh: `bias_hh${suffix}`,
  };
}

interface RunResult {
  output: Tensor;
  hN: Tensor;
  cN: Tensor | null;
}

/** The machinery shared by RNN, LSTM and GRU (PyTorch's RNNBase). */
abstract class RecurrentBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  protected readonly cell: CellType;
  /** DropConnect probability on W_hh in training (PyTorch parity: not an nn.RNN option; AWD-LSTM's WeightDrop). */
  readonly weightDrop: number;
  private readonly random: Random;
  /** Parameters of layer-direction `layer · D + d`. */
  private readonly layerWeights: LayerWeights[] = [];

  protected constructor(typeName: string, cell: CellType, options: RecurrentOptions) {
    super();
    const numLayers = options.numLayers ?? 1;
    const dropoutP = options.dropout ?? 0;
    const positive = (name: string, v: number): void => {
      if (!Number.isInteger(v) || v <= 0) {
        throw new ConfigError(`${typeName}: ${name} must be a positive integer, got ${v}.`);
      }
    };
    positive('inputSize', options.inputSize);
    positive('hiddenSize', options.hiddenSize);
    if (!Number.isInteger(numLayers) || numLayers < 1) {
      throw new ConfigError(`${typeName}: numLayers must be an integer ≥ 1, got ${numLayers}.`);
    }
    if (!(dropoutP >= 0 && dropoutP <= 1)) {
      throw new ConfigError(`${typeName}: dropout must be in [0, 1], got ${dropoutP}.`);
    }
    const weightDrop = options.weightDrop ?? 0;
    if (!(weightDrop >= 0 && weightDrop < 1)) {
      throw new ConfigError(`${typeName}: weightDrop must be in [0, 1), got ${weightDrop}.`);
    }
    this.weightDrop = weightDrop;
    // NOTE: PyTorch warns when dropout > 0 with one layer (it has no effect); core/ has no
    // console, so the option is accepted silently and simply never applies.
    this.inputSize = options.inputSize;
    this.hiddenSize = options.hiddenSize;
    this.numLayers = numLayers;
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = dropoutP;
    this.bidirectional = options.bidirectional ?? false;
    this.cell = cell;
    this.random = options.random ?? globalRandom;
  }

  /** Directions D. */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** The cell the kernels run ('rnn-tanh', 'rnn-relu', 'lstm' or 'gru'). */
  get cellType(): CellType {
    return this.cell;
  }

  /**
   * The parameters of one layer-direction (`direction` 1 = reverse), for code that runs the
   * kernels itself (decoding's prepared steps).
   * @throws ConfigError for a layer or direction the module does not have.
   */
  layerParameters(layer: number, direction: number): LayerWeights {
    const weights = this.layerWeights[layer * this.numDirections + direction];
    if (weights === undefined || direction >= this.numDirections || direction < 0) {
      throw new ConfigError(
        `${this.typeName}: layer ${layer}, direction ${direction} must exist (${this.numLayers} layers, ${this.numDirections} directions).`,
      );
    }
    return weights;
  }

  /** Layer-direction `index`'s weights for one forward pass: W_hh through a fresh DropConnect mask when training with weight drop. */
  private passWeights(index: number): LayerWeights {
    const w = this.layerWeights[index] as LayerWeights;
    if (!this.training || this.weightDrop === 0) return w;
    return { ...w, wHh: dropout(w.wHh, { p: this.weightDrop, random: this.random }) };
  }

  /**
   * Registers and initialises every parameter in PyTorch's order (weight_ih_l0, weight_hh_l0,
   * bias_ih_l0, bias_hh_l0, the _reverse ones, then the next layer), each ~ U(−1/√H, 1/√H).
   */
  protected createParameters(): void {
    const H = this.hiddenSize;
    const GH = gateCount(this.cell) * H;
    const bound = 1 / Math.sqrt(H);
    const make = (name: string, shape: number[]): Tensor => {
      const data = this.random.fillUniform(
        new Float32Array(shape[0] * (shape[1] ?? 1)),
        -bound,
        bound,
      );
      return this.registerParameter(name, new Tensor(data, shape));
    };
    for (let layer = 0; layer < this.numLayers; layer++) {
      const layerInput = layer === 0 ? this.inputSize : this.numDirections * H;
      for (let d = 0; d < this.numDirections; d++) {
        const names = rnnParameterNames(layer, { reverse: d === 1 });
        const wIh = make(names.wIh, [GH, layerInput]);
        const wHh = make(names.wHh, [GH, H]);
        const bIh = this.bias ? make(names.bIh, [GH]) : null;
        const bHh = this.bias ? make(names.bHh, [GH]) : null;
        this.layerWeights.push({ wIh, wHh, bIh, bHh });
      }
    }
  }

  /** Validates `x`, returns it time-major [L, N, H_in] with its layout facts. */
  private timeMajorInput(x: Tensor): { xt: Tensor; unbatched: boolean } {
    if (x.ndim !== 2 && x.ndim !== 3) {
      throw new ShapeError(
        `${this.typeName}: input must be 2-D (unbatched) or 3-D, got shape ${formatShape(x.shape)}.`,
      );
    }
    const features = x.shape[x.ndim - 1];
    if (features !== this.inputSize) {
      throw new ShapeError(
        `${this.typeName}: input.size(-1) must equal inputSize ${this.inputSize}, got ${features}.`,
      );
    }
    if (x.ndim === 2) return { xt: reshapeCopy(x, [x.shape[0], 1, features]), unbatched: true };
    // The time-major copy is read by the first layer alone (its forward and its backward).
    if (!this.batchFirst) return { xt: x, unbatched: false };
    return { xt: releaseDataAfterBackward(swapLeadingAxes(x)), unbatched: false };
  }

  private checkState(name: string, t: Tensor | null, expected: number[]): void {
    if (t === null) return;
    const ok = t.ndim === expected.length && t.shape.every((d, i) => d === expected[i]);
    if (!ok) {
      throw new ShapeError(
        `${this.typeName}: ${name} must have shape ${formatShape(expected)}, got ${formatShape(t.shape)}.`,
      );
    }
  }

  private checkLengths(
    lengths: Int32Array | readonly number[] | undefined,
    seqLen: number,
    batch: number,
  ): Int32Array | null {
    if (lengths === undefined) return null;
    if (lengths.length !== batch) {
      throw new ShapeError(
        `${this.typeName}: lengths must have ${batch} entries (one per sequence), got ${lengths.length}.`,
      );
    }
    for (let b = 0; b < batch; b++) {
      const len = lengths[b];
      if (!Number.isInteger(len) || len < 1 || len > seqLen) {
        throw new ShapeError(
          `${this.typeName}: lengths[${b}] must be an integer in [1, ${seqLen}], got ${len}.`,
        );
      }
    }
    return Int32Array.from(lengths);
  }

  /**
   * The layer stack over a sequence.
   * @param x [L, N, H_in] ([N, L, H_in] if batchFirst) or unbatched [L, H_in].
   * @param h0 [D·numLayers, N, H] (unbatched [D·numLayers, H]) or null for zeros.
   * @param c0 like h0 (LSTM only).
   * @throws ShapeError on a wrong input, state or lengths shape.
   */
  protected run(
    x: Tensor,
    h0: Tensor | null,
    c0: Tensor | null,
    options: ForwardOptions,
  ): RunResult {
    const { xt, unbatched } = this.timeMajorInput(x);
    const [L, N] = xt.shape;
    const H = this.hiddenSize;
    const D = this.numDirections;
    const stateShape = unbatched ? [D * this.numLayers, H] : [D * this.numLayers, N, H];
    this.checkState('h0', h0, stateShape);
    this.checkState('c0', c0, stateShape);
    const lengths = this.checkLengths(options.lengths, L, N);
    const hNs: Tensor[] = [];
    const cNs: Tensor[] = [];
    // Arrays nothing reads once this call has copied out of them (given back to the pool at the end).
    const spent: Float32Array[] = [];
    let layerInput = xt;
    // One direction: the last layer's packed [out | h_n], which its successors read (see below).
    let lastStorage: Float32Array | null = null;
    // Without a graph no backward reads a layer's input: once the layer has run, an input this
    // call made goes back to the pool. A copy (the time-major input, a concatenation) goes back at
    // once, in time for the next layer's result to reuse it; a layer's packed result (one
    // direction) only at the end, since its h_n slice is copied out by the final stack.
    const graphless = !isGradEnabled();
    let made: Float32Array | null = xt === x ? null : xt.data;
    // Whether `made` is a one-direction layer's packed result.
    let madeIsResult = false;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < D; d++) {
        const index = layer * D + d;
        const r = recurrentLayer({
          cell: this.cell,
          x: layerInput,
          h0: h0 === null ? null : sliceFlat(h0, index * N * H, [N, H]),
          c0: c0 === null ? null : sliceFlat(c0, index * N * H, [N, H]),
          weights: this.passWeights(index),
          reverse: d === 1,
          lengths,
        });
        outs.push(r.out);
        hNs.push(r.hN);
        if (r.cN !== null) cNs.push(r.cN);
        // Two directions: out is copied by the concatenation and h_n, c_n by the final stack.
        if (D === 2) spent.push(r.storage);
        else lastStorage = r.storage;
      }
      if (graphless && made !== null) {
        if (madeIsResult) spent.push(made);
        else releaseArray(made);
      }
      layerInput = D === 1 ? outs[0] : concatLast(outs, [L, N, D * H]);
      made = D === 1 ? lastStorage : layerInput.data;
      madeIsResult = D === 1;
      if (layer < this.numLayers - 1 && this.training && this.dropout > 0) {
        // The concatenation is read by the dropout alone (its backward reads only its mask).
        if (D === 2) spent.push(layerInput.data);
        else if (graphless && made !== null) spent.push(made);
        // Read by the next layer alone (its forward and its backward).
        layerInput = dropoutForConsumer(layerInput, { p: this.dropout, random: this.random });
        made = layerInput.data;
        madeIsResult = false;
      }
    }
    const finalState = (parts: Tensor[]): Tensor => {
      const stacked = stackLeading(parts);
      return unbatched ? reshapeCopy(stacked, stateShape) : stacked;
    };
    let output = layerInput;
    if (unbatched) output = reshapeCopy(output, [L, D * H]);
    else if (this.batchFirst) output = swapLeadingAxes(output);
    // The last concatenation, when the output is a copy of it.
    if (D === 2 && output !== layerInput) spent.push(layerInput.data);
    // One direction, batch-first or unbatched: the output and the final states are copies of the
    // last layer's packed result (a layer below it is still read by the backward of the one
    // above, whose cache keeps its input).
    if (D === 1 && output !== layerInput && lastStorage !== null) spent.push(lastStorage);
    // One direction, time-major: the output is a view of that packed result, and the caller's
    // only reference to it (h_n and c_n are copies), so releasing the output gives all of it back.
    if (D === 1 && output === layerInput && lastStorage !== null) {
      standIn(output.data, lastStorage);
    }
    const result = { output, hN: finalState(hNs), cN: cNs.length > 0 ? finalState(cNs) : null };
    // NOTE: no backward reads these (the layers' backwards read their caches, the copies'
    // backwards only their gradients), and the caller is handed copies, never views of them.
    for (const array of spent) releaseArray(array);
    return result;
  }
}

/**
 * `nn.RNN`: h_t = act(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), act = tanh or relu.
 * Parameters per layer k and direction: weight_ih_l{k} [H, H_in or D·H], weight_hh_l{k} [H, H],
 * bias_ih_l{k} [H], bias_hh_l{k} [H] (+ `_reverse`).
 */
export class RNN extends RecurrentBase {
  readonly typeName = 'RNN';
  readonly nonlinearity: 'tanh' | 'relu';

  /** @throws ConfigError for a non-positive size, numLayers < 1, dropout outside [0, 1], or an unknown nonlinearity. */
  constructor(options: RNNOptions) {
    const nonlinearity = options.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new ConfigError(
        `RNN: nonlinearity must be 'tanh' or 'relu', got '${String(nonlinearity)}'.`,
      );
    }
    super('RNN', nonlinearity === 'tanh' ? 'rnn-tanh' : 'rnn-relu', options);
    this.nonlinearity = nonlinearity;
    this.createParameters();
  }

  /**
   * @param x [L, N, H_in] ([N, L, H_in] if batchFirst) or unbatched [L, H_in].
   * @param hx h0 [D·numLayers, N, H] (unbatched [D·numLayers, H]); zeros when omitted.
   * @returns [output [L, N, D·H] (batchFirst [N, L, D·H]; unbatched [L, D·H]), h_n like h0].
   * @throws ShapeError on a wrong input, h0 or lengths shape.
   */
  forward(x: Tensor, hx?: Tensor | null, options: ForwardOptions = {}): [Tensor, Tensor] {
    const r = this.run(x, hx ?? null, null, options);
    return [r.output, r.hN];
  }
}

/**
 * `nn.LSTM`, gates i, f, g, o stacked in that order in weight_ih_l{k} [4H, ·] and weight_hh_l{k} [4H, H]:
 * c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t).
 */
export class LSTM extends RecurrentBase {
  readonly typeName = 'LSTM';

  /** @throws ConfigError for a non-positive size, numLayers < 1, dropout outside [0, 1], or projSize ≠ 0. */
  constructor(options: LSTMOptions) {
    super('LSTM', 'lstm', options);
    if (options.projSize !== undefined && options.projSize !== 0) {
      throw new ConfigError(
        `LSTM: projSize must be 0 (projections are not supported), got ${options.projSize}.`,
      );
    }
    this.createParameters();
  }

  /**
   * @param x [L, N, H_in] ([N, L, H_in] if batchFirst) or unbatched [L, H_in].
   * @param hx [h0, c0], each [D·numLayers, N, H] (unbatched [D·numLayers, H]); zeros when omitted.
   * @returns [output [L, N, D·H] (batchFirst [N, L, D·H]; unbatched [L, D·H]), [h_n, c_n]].
   * @throws ShapeError on a wrong input, h0, c0 or lengths shape.
   */
  forward(
    x: Tensor,
    hx?: [Tensor, Tensor] | null,
    options: ForwardOptions = {},
  ): [Tensor, [Tensor, Tensor]] {
    const r = this.run(x, hx?.[0] ?? null, hx?.[1] ?? null, options);
    return [r.output, [r.hN, r.cN as Tensor]];
  }
}

/**
 * `nn.GRU`, gates r, z, n stacked in that order in weight_ih_l{k} [3H, ·] and weight_hh_l{k} [3H, H]:
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
 */
export class GRU extends RecurrentBase {
  readonly typeName = 'GRU';

  /** @throws ConfigError for a non-positive size, numLayers < 1 or dropout outside [0, 1]. */
  constructor(options: RecurrentOptions) {
    super('GRU', 'gru', options);
    this.createParameters();
  }

  /**
   * @param x [L, N, H_in] ([N, L, H_in] if batchFirst) or unbatched [L, H_in].
   * @param hx h0 [D·numLayers, N, H] (unbatched [D·numLayers, H]); zeros when omitted.
   * @returns [output [L, N, D·H] (batchFirst [N, L, D·H]; unbatched [L, D·H]), h_n like h0].
   * @throws ShapeError on a wrong input, h0 or lengths shape.
   */
  forward(x: Tensor, hx?: Tensor | null, options: ForwardOptions = {}): [Tensor, Tensor] {
    const r = this.run(x, hx ?? null, null, options);
    return [r.output, r.hN];
  }
}
