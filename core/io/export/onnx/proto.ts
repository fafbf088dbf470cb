/** The messages of ONNX's protobuf schema (onnx/onnx.proto, IR version 8) the exporter writes, encoded with protobufjs's Writer. */
import { strToU8 } from 'fflate';
import protobuf from 'protobufjs/minimal.js';

// NOTE: each encoder below writes its message's fields with the field numbers of onnx/onnx.proto
// (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto,
// TensorShapeProto, OperatorSetIdProto, StringStringEntryProto); protobufjs's Writer does the wire
// encoding. Its reflection API was not used because it compiles encoders with `new Function`,
// which the app's Content-Security-Policy (script-src 'self') forbids in the renderer.
type Writer = protobuf.Writer;

/** A tag: field number and wire type (0 varint, 2 length-delimited, 5 32-bit). */
function tag(w: Writer, field: number, wireType: 0 | 2 | 5): Writer {
  return w.uint32((field << 3) | wireType);
}

function str(w: Writer, field: number, value: string): void {
  if (value !== '') tag(w, field, 2).string(value);
}

function message(w: Writer, field: number, write: (w: Writer) => void): void {
  tag(w, field, 2).fork();
  write(w);
  w.ldelim();
}

/** TensorProto.DataType values the exporter uses. */
export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;

/** AttributeProto.AttributeType values the exporter uses. */
export const ATTR_FLOAT = 1;
export const ATTR_INT = 2;
export const ATTR_STRING = 3;
export const ATTR_FLOATS = 6;
export const ATTR_INTS = 7;
export const ATTR_STRINGS = 8;

/** IR version 8 (ONNX 1.10+), which opset 17 needs; ONNX Runtime 1.13+ reads it. */
export const ONNX_IR_VERSION = 8;
/** The default-domain operator set the graphs use. */
export const ONNX_OPSET = 17;

/** A dimension: a fixed size, or a named dynamic axis. */
export type OnnxDim = number | string;

/** A graph input or output: name, element type and shape. */
export interface OnnxValueInfo {
  name: string;
  elemType: number;
  shape: readonly OnnxDim[];
  doc?: string;
}

/** One attribute of a node. */
export type OnnxAttribute =
  | { name: string; type: typeof ATTR_FLOAT; f: number }
  | { name: string; type: typeof ATTR_INT; i: number }
  | { name: string; type: typeof ATTR_STRING; s: string }
  | { name: string; type: typeof ATTR_FLOATS; floats: readonly number[] }
  | { name: string; type: typeof ATTR_INTS; ints: readonly number[] }
  | { name: string; type: typeof ATTR_STRINGS; strings: readonly string[] };

/** One node: operator, inputs, outputs (names) and attributes. */
export interface OnnxNode {
  opType: string;
  name: string;
  input: readonly string[];
  output: readonly string[];
  attribute: readonly OnnxAttribute[];
}

/** A constant tensor stored in the graph (weights, shapes, indices). */
export interface OnnxInitializer {
  name: string;
  dataType: typeof ONNX_FLOAT | typeof ONNX_INT64;
  dims: readonly number[];
  /** Little-endian bytes of the values. */
  rawData: Uint8Array;
}

/** A whole model: one graph with its metadata. */
export interface OnnxModel {
  graphName: string;
  doc: string;
  producerVersion: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxInitializer[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  /** Key/value metadata (the run's task, vocabulary file names, decoding settings). */
  metadata: Readonly<Record<string, string>>;
}

function writeValueInfo(w: Writer, v: OnnxValueInfo): void {
  str(w, 1, v.name);
  // TypeProto { tensor_type = 1: Tensor { elem_type = 1, shape = 2: TensorShapeProto { dim = 1 } } }
  message(w, 2, (type) =>
    message(type, 1, (tensor) => {
      tag(tensor, 1, 0).int32(v.elemType);
      message(tensor, 2, (shape) => {
        for (const d of v.shape) {
          message(shape, 1, (dim) => {
            if (typeof d === 'number') tag(dim, 1, 0).int64(d);
            else str(dim, 2, d);
          });
        }
      });
    }),
  );
  str(w, 3, v.doc ?? '');
}

function writeAttribute(w: Writer, a: OnnxAttribute): void {
  str(w, 1, a.name);
  tag(w, 20, 0).int32(a.type);
  switch (a.type) {
    case ATTR_FLOAT:
      tag(w, 2, 5).float(a.f);
      break;
    case ATTR_INT:
      tag(w, 3, 0).int64(a.i);
      break;
    case ATTR_STRING:
      tag(w, 4, 2).bytes(strToU8(a.s));
      break;
    case ATTR_FLOATS:
      for (const f of a.floats) tag(w, 7, 5).float(f);
      break;
    case ATTR_INTS:
      for (const i of a.ints) tag(w, 8, 0).int64(i);
      break;
    case ATTR_STRINGS:
      for (const v of a.strings) tag(w, 9, 2).bytes(strToU8(v));
      break;
  }
}

function writeNode(w: Writer, n: OnnxNode): void {
  for (const i of n.input) tag(w, 1, 2).string(i);
  for (const o of n.output) tag(w, 2, 2).string(o);
  str(w, 3, n.name);
  str(w, 4, n.opType);
  for (const a of n.attribute) message(w, 5, (m) => writeAttribute(m, a));
}

function writeTensor(w: Writer, t: OnnxInitializer): void {
  for (const d of t.dims) tag(w, 1, 0).int64(d);
  tag(w, 2, 0).int32(t.dataType);
  str(w, 8, t.name);
  tag(w, 9, 2).bytes(t.rawData);
}

function writeGraph(w: Writer, model: OnnxModel): void {
  for (const n of model.nodes) message(w, 1, (m) => writeNode(m, n));
  str(w, 2, model.graphName);
  for (const t of model.initializers) message(w, 5, (m) => writeTensor(m, t));
  for (const v of model.inputs) message(w, 11, (m) => writeValueInfo(m, v));
  for (const v of model.outputs) message(w, 12, (m) => writeValueInfo(m, v));
}

/** Encodes a model as the bytes of an `.onnx` file. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const w = protobuf.Writer.create();
  tag(w, 1, 0).int64(ONNX_IR_VERSION);
  str(w, 2, 'rnn-studio');
  str(w, 3, model.producerVersion);
  str(w, 6, model.doc);
  message(w, 7, (g) => writeGraph(g, model));
  // OperatorSetIdProto { domain = 1 ('' = the default domain), version = 2 }
  message(w, 8, (o) => tag(o, 2, 0).int64(ONNX_OPSET));
  for (const [key, value] of Object.entries(model.metadata)) {
    message(w, 14, (e) => {
      str(e, 1, key);
      str(e, 2, value);
    });
  }
  const bytes = w.finish();
  // NOTE: under Node protobufjs hands back a Buffer; callers get a plain Uint8Array in every host.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
