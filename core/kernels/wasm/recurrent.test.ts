/** The wasm fused recurrent layer gives the TypeScript layer's outputs and gradients for every cell, direction, length pattern and initial state. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { gateCount } from '../api/recurrent.ts';
import { getBackend } from '../backend.ts';
import {
  type CellType,
  cellKernel,
  type LayerForwardOptions,
  recurrentBackward,
  recurrentForward,
} from '../recurrent/index.ts';
import { loadWasmKernelsSync } from './index.ts';
import { wasmRecurrentBackward, wasmRecurrentForward } from './recurrent.ts';

const kernels = loadWasmKernelsSync();
const rng = new Random(5);

function randomArray(n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(-scale, scale));
}

/** Max |x − y| / (1 + |y|); both null counts as equal. */
function maxRelError(x: Float32Array | null, y: Float32Array | null): number {
  if (x === null || y === null) {
    expect(x).toBe(y);
    return 0;
  }
  expect(x.length).toBe(y.length);
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const e = Math.abs((x[i] as number) - (y[i] as number)) / (1 + Math.abs(y[i] as number));
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

interface Case {
  cell: CellType;
  hidden: number;
  reverse: boolean;
  lengths: boolean;
  initial: boolean;
  bias: boolean;
}

function layerOptions(c: Case): LayerForwardOptions {
  const [L, N, I, H] = [7, 3, 6, c.hidden];
  const GH = gateCount(c.cell) * H;
  const k = 1 / Math.sqrt(H);
  return {
    seqLen: L,
    batch: N,
    inputSize: I,
    hiddenSize: H,
    reverse: c.reverse,
    lengths: c.lengths ? Int32Array.of(7, 3, 5) : null,
    x: randomArray(L * N * I),
    h0: c.initial ? randomArray(N * H) : null,
    c0: c.initial && c.cell === 'lstm' ? randomArray(N * H) : null,
    wIh: randomArray(GH * I, k),
    wHh: randomArray(GH * H, k),
    bIh: c.bias ? randomArray(GH, k) : null,
    bHh: c.bias ? randomArray(GH, k) : null,
  };
}

const CASES: Case[] = [];
for (const cell of ['rnn-tanh', 'rnn-relu', 'lstm', 'gru'] as const) {
  for (const hidden of [8, 5]) {
    for (const reverse of [false, true]) {
      CASES.push({
        cell,
        hidden,
        reverse,
        lengths: reverse,
        initial: !reverse,
        bias: hidden === 8,
      });
      CASES.push({
        cell,
        hidden,
        reverse,
        lengths: !reverse,
        initial: reverse,
        bias: hidden !== 8,
      });
    }
  }
}

describe('wasm fused recurrent layer', () => {
  for (const c of CASES) {
    const name = `${c.cell}, H ${c.hidden}${c.reverse ? ', reverse' : ''}${c.lengths ? ', lengths' : ''}${c.initial ? ', h0' : ''}${c.bias ? ', bias' : ''}`;
    it(`matches the TypeScript layer forward and backward (${name})`, () => {
      const o = layerOptions(c);
      const ts = recurrentForward(cellKernel(c.cell), o, getBackend().gemm);
      const wasm = wasmRecurrentForward(kernels, c.cell, o);
      expect(maxRelError(wasm.out, ts.out)).toBeLessThan(1e-5);
      expect(maxRelError(wasm.hN, ts.hN)).toBeLessThan(1e-5);
      expect(maxRelError(wasm.cN, ts.cN)).toBeLessThan(1e-5);

      const H = c.hidden;
      const g = {
        dOut: randomArray(7 * 3 * H),
        dhN: randomArray(3 * H),
        dcN: c.cell === 'lstm' ? randomArray(3 * H) : null,
        needInputGrad: true,
      };
      const want = recurrentBackward(cellKernel(c.cell), ts.cache, g, getBackend().gemm);
      for (const cache of [wasm.cache, ts.cache]) {
        const got = wasmRecurrentBackward(kernels, c.cell, cache, g);
        for (const key of ['dx', 'dh0', 'dc0', 'dWih', 'dWhh', 'dbIh', 'dbHh'] as const) {
          expect(maxRelError(got[key], want[key]), key).toBeLessThan(1e-4);
        }
      }
    });
  }

  it('writes out, h_n and c_n into a given array as [out | h_n | c_n], bit for bit what it returns fresh, on both backends', () => {
    for (const reverse of [false, true]) {
      const c: Case = {
        cell: 'lstm',
        hidden: 8,
        reverse,
        lengths: reverse,
        initial: true,
        bias: true,
      };
      const o = layerOptions(c);
      const NH = 3 * 8;
      const LNH = 7 * NH;
      const runs = [
        (x: LayerForwardOptions) => wasmRecurrentForward(kernels, 'lstm', x),
        (x: LayerForwardOptions) => recurrentForward(cellKernel('lstm'), x, getBackend().gemm),
      ];
      for (const run of runs) {
        const fresh = run(o);
        const into = new Float32Array(LNH + 2 * NH + 5).fill(7);
        const packed = run({ ...o, into });
        expect(packed.out.buffer).toBe(into.buffer);
        expect([...into.subarray(0, LNH)]).toEqual([...fresh.out]);
        expect([...into.subarray(LNH, LNH + NH)]).toEqual([...fresh.hN]);
        expect([...into.subarray(LNH + NH, LNH + 2 * NH)]).toEqual([...(fresh.cN ?? [])]);
        expect([...into.subarray(LNH + 2 * NH)]).toEqual([7, 7, 7, 7, 7]);
        expect(() => run({ ...o, into: new Float32Array(LNH + NH) })).toThrow(
          `recurrentForward: into must hold at least ${LNH + 2 * NH} values (out, h_n, c_n), got ${LNH + NH}.`,
        );
      }
    }
  });

  it('skips dx when the input needs no gradient and accepts no output gradient', () => {
    const o = layerOptions({
      cell: 'gru',
      hidden: 8,
      reverse: false,
      lengths: false,
      initial: false,
      bias: true,
    });
    const fwd = wasmRecurrentForward(kernels, 'gru', o);
    const g = { dOut: null, dhN: randomArray(3 * 8), dcN: null, needInputGrad: false };
    const got = wasmRecurrentBackward(kernels, 'gru', fwd.cache, g);
    const want = recurrentBackward(cellKernel('gru'), fwd.cache, g, getBackend().gemm);
    expect(got.dx).toBeNull();
    expect(maxRelError(got.dWhh, want.dWhh)).toBeLessThan(1e-4);
    expect(maxRelError(got.dh0, want.dh0)).toBeLessThan(1e-4);
  });
});
