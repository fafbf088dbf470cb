/** The part of ONNX's protobuf schema (onnx/onnx.proto, IR version 8) the exporter writes, encoded with protobufjs. */
import { strToU8 } from 'fflate';
import protobuf from 'protobufjs/light.js';

// NOTE: field numbers and enum values are those of onnx/onnx.proto; only the messages and fields
// the exporter writes are declared (protobuf skips nothing on encode: unknown fields simply never
// appear). protobufjs does the wire encoding; this file is the schema.
const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'int32', id: 20 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            strings: { rule: 'repeated', type: 'bytes', id: 9 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            docString: { type: 'string', id: 3 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            domain: { type: 'string', id: 7 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
          },
        },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            metadataProps: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
          },
        },
        StringStringEntryProto: {
          fields: {
            key: { type: 'string', id: 1 },
            value: { type: 'string', id: 2 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: {
                dimValue: { type: 'int64', id: 1 },
                dimParam: { type: 'string', id: 2 },
              },
            },
          },
        },
        TypeProto: {
          fields: { tensorType: { type: 'Tensor', id: 1 } },
          nested: {
            Tensor: {
              fields: {
                elemType: { type: 'int32', id: 1 },
                shape: { type: 'TensorShapeProto', id: 2 },
              },
            },
          },
        },
        OperatorSetIdProto: {
          fields: {
            domain: { type: 'string', id: 1 },
            version: { type: 'int64', id: 2 },
          },
        },
      },
    },
  },
};

/** TensorProto.DataType values the exporter uses. */
export const ONNX_FLOAT = 1;
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

const modelType = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto');

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

function valueInfo(v: OnnxValueInfo): object {
  return {
    name: v.name,
    docString: v.doc ?? '',
    type: {
      tensorType: {
        elemType: v.elemType,
        shape: {
          dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

function attribute(a: OnnxAttribute): object {
  if (a.type === ATTR_STRING) return { ...a, s: strToU8(a.s) };
  if (a.type === ATTR_STRINGS) {
    return { ...a, strings: a.strings.map((s) => strToU8(s)) };
  }
  return a;
}

/** Encodes a model as the bytes of an `.onnx` file. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const message = modelType.fromObject({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'rnn-studio',
    producerVersion: model.producerVersion,
    docString: model.doc,
    metadataProps: Object.entries(model.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: model.graphName,
      node: model.nodes.map((n) => ({ ...n, domain: '', attribute: n.attribute.map(attribute) })),
      initializer: model.initializers.map((t) => ({ ...t })),
      input: model.inputs.map(valueInfo),
      output: model.outputs.map(valueInfo),
    },
  });
  const bytes = modelType.encode(message).finish();
  // NOTE: under Node protobufjs hands back a Buffer; callers get a plain Uint8Array in every host.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
