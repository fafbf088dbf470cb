/** Tests for safetensors: byte layout, round trips, half/bfloat/double reading, and refusal of malformed files. */
import { describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from './safetensors.ts';

/** Builds a file from a header object (or raw header text) and data bytes, with honest framing. */
function file(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(
    typeof header === 'string' ? header : JSON.stringify(header),
  );
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

function le(kind: 'u16' | 'f32' | 'f64', values: number[]): Uint8Array {
  const size = kind === 'u16' ? 2 : kind === 'f32' ? 4 : 8;
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (kind === 'u16') view.setUint16(i * size, v, true);
    else if (kind === 'f32') view.setFloat32(i * size, v, true);
    else view.setFloat64(i * size, v, true);
  });
  return out;
}

describe('writeSafetensors', () => {
  it('writes the documented layout: u64 LE header length, space-padded JSON, packed F32 data', () => {
    const bytes = writeSafetensors(
      {
        a: { shape: [2], data: Float32Array.from([1, -2]) },
        b: { shape: [], data: Float32Array.from([0.5]) },
      },
      { format: 'pt' },
    );
    const view = new DataView(bytes.buffer);
    const headerLength = Number(view.getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    expect(text.trimEnd()).toBe(
      '{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[],"data_offsets":[8,12]}}',
    );
    expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
    expect(bytes.length).toBe(8 + headerLength + 12);
    const data = new DataView(bytes.buffer, 8 + headerLength);
    expect([data.getFloat32(0, true), data.getFloat32(4, true), data.getFloat32(8, true)]).toEqual([
      1, -2, 0.5,
    ]);
  });

  it('round-trips names, order, shapes, values and metadata, from a record or [name, tensor] pairs', () => {
    const weight = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i) * 1e3);
    const pairs = new Map([
      ['weight_ih_l0', { shape: [3, 4], data: weight }],
      [
        'bias_ih_l0',
        { shape: [3], data: Float32Array.from([Number.POSITIVE_INFINITY, -0, 1e-40]) },
      ],
      ['empty', { shape: [0, 5], data: new Float32Array(0) }],
    ]);
    const read = readSafetensors(writeSafetensors(pairs, { note: '한국어 ✓' }));
    expect([...read.tensors.keys()]).toEqual(['weight_ih_l0', 'bias_ih_l0', 'empty']);
    expect(read.tensors.get('weight_ih_l0')).toEqual({ dtype: 'F32', shape: [3, 4], data: weight });
    expect(Object.is(read.tensors.get('bias_ih_l0')?.data[1], -0)).toBe(true);
    expect(read.tensors.get('bias_ih_l0')?.data[2]).toBe(Math.fround(1e-40));
    expect(read.tensors.get('empty')?.shape).toEqual([0, 5]);
    expect(read.metadata).toEqual({ note: '한국어 ✓' });
    expect(readSafetensors(writeSafetensors({})).tensors.size).toBe(0);
  });

  it('refuses data that does not fit its shape, and empty, repeated or reserved names', () => {
    const t = { shape: [2, 2], data: new Float32Array(3) };
    expect(() => writeSafetensors({ w: t })).toThrow(
      "writeSafetensors: 'w' data length must equal the product of shape [2, 2], got 3.",
    );
    const ok = { shape: [1], data: new Float32Array(1) };
    expect(() =>
      writeSafetensors([
        ['x', ok],
        ['x', ok],
      ]),
    ).toThrow("writeSafetensors: tensor name must be unique, got 'x' twice.");
    expect(() => writeSafetensors({ __metadata__: ok })).toThrow(
      "writeSafetensors: tensor name must be non-empty and not '__metadata__', got '__metadata__'.",
    );
    expect(() => writeSafetensors({ x: ok }, { n: 3 as unknown as string })).toThrow(
      "writeSafetensors: metadata 'n' must be a string, got number.",
    );
  });
});

describe('readSafetensors', () => {
  it('converts I64 (a BatchNorm num_batches_tracked) to float32', () => {
    const data = new Uint8Array(16);
    const view = new DataView(data.buffer);
    view.setBigInt64(0, 7n, true);
    view.setBigInt64(8, -3n, true);
    const bytes = file({ n: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, data);
    const n = readSafetensors(bytes).tensors.get('n');
    expect(n?.dtype).toBe('I64');
    expect([...(n?.data ?? [])]).toEqual([7, -3]);
  });

  it('converts F16 (normal, subnormal, infinite), BF16 and F64 to float32', () => {
    const f16 = le('u16', [0x3c00, 0xc000, 0x3555, 0x0001, 0x7c00, 0xfbff]);
    const bf16 = le('u16', [0x3f80, 0xc049, 0x0000]);
    const f64 = le('f64', [Math.PI, -1e-3]);
    const data = new Uint8Array([...f16, ...bf16, ...f64]);
    const bytes = file(
      {
        h: { dtype: 'F16', shape: [2, 3], data_offsets: [0, 12] },
        b: { dtype: 'BF16', shape: [3], data_offsets: [12, 18] },
        d: { dtype: 'F64', shape: [2], data_offsets: [18, 34] },
      },
      data,
    );
    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata).toEqual({});
    expect([...(tensors.get('h')?.data ?? [])]).toEqual([
      1,
      -2,
      Math.fround(0.333251953125),
      Math.fround(2 ** -24),
      Infinity,
      -65504,
    ]);
    expect(tensors.get('h')?.dtype).toBe('F16');
    expect([...(tensors.get('b')?.data ?? [])]).toEqual([1, -3.140625, 0]);
    expect([...(tensors.get('d')?.data ?? [])]).toEqual([Math.fround(Math.PI), Math.fround(-1e-3)]);
  });

  it('reads from a view at any byte offset, and tensors listed out of order', () => {
    const inner = file(
      {
        second: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        first: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
      },
      le('f32', [7, 9]),
    );
    const padded = new Uint8Array(inner.length + 3);
    padded.set(inner, 3);
    const { tensors } = readSafetensors(padded.subarray(3));
    expect([...tensors.keys()]).toEqual(['first', 'second']);
    expect(tensors.get('second')?.data[0]).toBe(9);
  });

  const f32 = (offsets: number[], shape = [2]) => ({ dtype: 'F32', shape, data_offsets: offsets });
  const cases: [string, Uint8Array, string][] = [
    [
      'a file shorter than 8 bytes',
      new Uint8Array(5),
      'readSafetensors: file must start with an 8-byte header length, got 5 bytes.',
    ],
    [
      'a header length beyond the file',
      (() => {
        const b = file({}, new Uint8Array(4));
        new DataView(b.buffer).setBigUint64(0, 1000n, true);
        return b;
      })(),
      'readSafetensors: header length 1000 must fit in the 6 bytes after it.',
    ],
    ['a header that is not JSON', file('{"a": '), 'readSafetensors: header must be UTF-8 JSON.'],
    [
      'a header that is not valid UTF-8',
      file('\u0000').map((v, i) => (i === 8 ? 0xff : v)),
      'readSafetensors: header must be UTF-8 JSON.',
    ],
    ['a header that is a JSON array', file('[]'), 'readSafetensors: header must be a JSON object.'],
    [
      'an unknown dtype',
      file({ x: { dtype: 'I32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4)),
      "readSafetensors: tensor 'x' dtype must be one of F32, F16, BF16, F64, I64, got 'I32'.",
    ],
    [
      "the inherited name 'constructor' as a dtype",
      file({ x: { dtype: 'constructor', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4)),
      "readSafetensors: tensor 'x' dtype must be one of F32, F16, BF16, F64, I64, got 'constructor'.",
    ],
    [
      'a header nested deeper than 64 levels',
      file(`{"__metadata__":${'['.repeat(100)}${']'.repeat(100)}}`),
      'readSafetensors: header must be UTF-8 JSON.',
    ],
    [
      'an entry that is not an object',
      file({ x: 3 }),
      "readSafetensors: tensor 'x' must be an object with dtype, shape and data_offsets.",
    ],
    [
      'a negative dimension',
      file({ x: f32([0, 8], [-2]) }, new Uint8Array(8)),
      "readSafetensors: tensor 'x' shape must be a list of non-negative integers, got [-2].",
    ],
    [
      'offsets that are not a pair',
      file({ x: f32([0]) }, new Uint8Array(8)),
      "readSafetensors: tensor 'x' data_offsets must be two non-negative integers, got [0].",
    ],
    [
      'offsets past the data',
      file({ x: f32([0, 8]) }, new Uint8Array(6)),
      "readSafetensors: tensor 'x' data_offsets [0, 8] must lie within the 6 data bytes.",
    ],
    [
      'offsets in reverse',
      file({ x: f32([8, 0]) }, new Uint8Array(8)),
      "readSafetensors: tensor 'x' data_offsets [8, 0] must lie within the 8 data bytes.",
    ],
    [
      'a size that does not match shape × dtype',
      file({ x: f32([0, 12]) }, new Uint8Array(12)),
      "readSafetensors: tensor 'x' must have 8 bytes for F32 [2], got 12.",
    ],
    [
      'overlapping tensors',
      file({ x: f32([0, 8]), y: f32([4, 12]) }, new Uint8Array(12)),
      "readSafetensors: tensor 'y' data_offsets [4, 12] must not overlap 'x' [0, 8].",
    ],
    [
      'non-string metadata',
      file({ __metadata__: { epochs: 3 } }),
      "readSafetensors: __metadata__ 'epochs' must be a string, got 3.",
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(`refuses ${what} with a format error`, () => {
      expect(() => readSafetensors(bytes)).toThrow(message);
      try {
        readSafetensors(bytes);
      } catch (error) {
        expect((error as { name: string; code: string }).name).toBe('DatasetError');
        expect((error as { code: string }).code).toBe('format');
      }
    });
  }
});
