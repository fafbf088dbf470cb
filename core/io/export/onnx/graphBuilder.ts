/** Builds an ONNX graph node by node: weights as initializers, unique value names, and the small ops the task graphs share. */
import { ConfigError } from '../../../errors.ts';
import { formatShape } from '../../../tensor/shape.ts';
import {
  ATTR_FLOAT,
  ATTR_INT,
  ATTR_INTS,
  ATTR_STRING,
  ATTR_STRINGS,
  ONNX_FLOAT,
  ONNX_INT64,
  type OnnxAttribute,
  type OnnxInitializer,
  type OnnxNode,
} from './proto.ts';

/** A weight as the bundle holds it: shape and float32 values. */
export interface WeightTensor {
  shape: readonly number[];
  data: Float32Array;
}

/** Attribute values by name: numbers are INT unless listed as floats, arrays INTS, strings STRING. */
export type AttributeValues = Record<
  string,
  number | string | readonly number[] | readonly string[] | { float: number }
>;

function toAttribute(name: string, value: AttributeValues[string]): OnnxAttribute {
  if (typeof value === 'number') return { name, type: ATTR_INT, i: value };
  if (typeof value === 'string') return { name, type: ATTR_STRING, s: value };
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) {
      return { name, type: ATTR_STRINGS, strings: value as readonly string[] };
    }
    return { name, type: ATTR_INTS, ints: value as readonly number[] };
  }
  return { name, type: ATTR_FLOAT, f: (value as { float: number }).float };
}

function littleEndianFloats(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i] as number, true);
  return out;
}

function littleEndianInt64(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++)
    view.setBigInt64(i * 8, BigInt(values[i] as number), true);
  return out;
}

/** Accumulates the nodes and initializers of one graph. */
export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private readonly used = new Set<string>();
  private counter = 0;
  private readonly weights: ReadonlyMap<string, WeightTensor>;

  /** @param weights the state dict (PyTorch names) the graph's initializers come from */
  constructor(weights: ReadonlyMap<string, WeightTensor>) {
    this.weights = weights;
  }

  /** A fresh value name starting with `hint`. */
  fresh(hint: string): string {
    let name = hint;
    while (this.used.has(name)) name = `${hint}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  /**
   * A weight of the state dict, checked against the expected shape.
   * @throws ConfigError when the bundle lacks the weight or its shape differs.
   */
  weight(key: string, shape?: readonly number[]): WeightTensor {
    const w = this.weights.get(key);
    if (w === undefined) {
      throw new ConfigError(`exportOnnx: the model has no weight '${key}'.`);
    }
    if (shape !== undefined && w.shape.join(',') !== shape.join(',')) {
      throw new ConfigError(
        `exportOnnx: weight '${key}' must be ${formatShape(shape)}, got ${formatShape(w.shape)}.`,
      );
    }
    return w;
  }

  /** Whether the state dict holds `key`. */
  has(key: string): boolean {
    return this.weights.has(key);
  }

  /** Adds a float32 initializer; returns its name. */
  floats(hint: string, data: Float32Array, dims: readonly number[]): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dataType: ONNX_FLOAT, dims, rawData: littleEndianFloats(data) });
    return name;
  }

  /** Adds an int64 initializer (shapes, axes, indices); returns its name. */
  int64(
    hint: string,
    values: readonly number[],
    dims: readonly number[] = [values.length],
  ): string {
    const name = this.fresh(hint);
    this.initializers.push({
      name,
      dataType: ONNX_INT64,
      dims,
      rawData: littleEndianInt64(values),
    });
    return name;
  }

  /** Adds a state-dict weight as an initializer under its own PyTorch name; returns the name. */
  param(key: string, shape?: readonly number[]): string {
    const w = this.weight(key, shape);
    return this.floats(key, w.data, w.shape);
  }

  /** Adds one node; returns its output names (`outputs` hints, made unique). */
  node(
    opType: string,
    inputs: readonly string[],
    attributes: AttributeValues = {},
    outputs: readonly string[] = [opType.toLowerCase()],
  ): string[] {
    const names = outputs.map((o) => (o === '' ? '' : this.fresh(o)));
    this.nodes.push({
      opType,
      name: this.fresh(`${opType}_node`),
      input: inputs,
      output: names,
      attribute: Object.entries(attributes).map(([k, v]) => toAttribute(k, v)),
    });
    return names;
  }

  /** One-output node. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: AttributeValues = {},
    hint?: string,
  ): string {
    return this.node(opType, inputs, attributes, [hint ?? opType.toLowerCase()])[0] as string;
  }

  /** Renames a value to a fixed graph-output name through Identity. */
  output(value: string, name: string): void {
    if (this.used.has(name)) throw new ConfigError(`exportOnnx: output name '${name}' is taken.`);
    this.used.add(name);
    this.nodes.push({
      opType: 'Identity',
      name: this.fresh('Identity_node'),
      input: [value],
      output: [name],
      attribute: [],
    });
  }

  /** Reserves a graph-input name. */
  input(name: string): string {
    if (this.used.has(name)) throw new ConfigError(`exportOnnx: input name '${name}' is taken.`);
    this.used.add(name);
    return name;
  }

  /** nn.Linear over the last axis of `x` (any rank): `x · Wᵀ + b`, W `[out, in]`. */
  linear(x: string, prefix: string, shape: readonly [number, number]): string {
    const w = this.weight(`${prefix}.weight`, shape);
    const [out, inp] = shape;
    const transposed = new Float32Array(out * inp);
    for (let o = 0; o < out; o++) {
      for (let i = 0; i < inp; i++) transposed[i * out + o] = w.data[o * inp + i] as number;
    }
    const wt = this.floats(`${prefix}.weight_t`, transposed, [inp, out]);
    const y = this.op('MatMul', [x, wt]);
    if (!this.has(`${prefix}.bias`)) return y;
    return this.op('Add', [y, this.param(`${prefix}.bias`, [out])]);
  }

  /** nn.Embedding: rows of `${prefix}.weight` `[V, E]` for int64 ids of any shape. */
  embedding(ids: string, prefix: string): string {
    return this.op('Gather', [this.param(`${prefix}.weight`), ids], { axis: 0 }, 'embedded');
  }

  /** Unsqueeze along `axes`. */
  unsqueeze(x: string, axes: readonly number[]): string {
    return this.op('Unsqueeze', [x, this.int64('axes', axes)]);
  }

  /** Reshape to `shape` (0 keeps a dimension, −1 infers one). */
  reshape(x: string, shape: readonly number[]): string {
    return this.op('Reshape', [x, this.int64('shape', shape)]);
  }
}
