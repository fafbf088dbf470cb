/** The tanh, sigmoid and relu the wasm recurrent cells apply match Math to float rounding from −100 to 100, read through one-step layers whose gate pre-activation is the input itself. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import type { CellType, LayerForwardOptions } from '../api/recurrent.ts';
import { loadWasmKernelsSync } from './index.ts';
import { wasmRecurrentForward } from './recurrent.ts';
import type { WasmKernels } from './wasmKernels.ts';

const VARIANTS = {
  simd: loadWasmKernelsSync({ variant: 'simd' }),
  'the runtime default': loadWasmKernelsSync(),
};

/** Inputs over the range the cells see: ±3, ±100, 0, tiny, and the tanh polynomial's edge. */
function inputs(count: number): Float32Array {
  const rng = new Random(99);
  const x = Float32Array.from(
    { length: count },
    (_, i) => rng.uniform(-1, 1) * (i < count / 2 ? 3 : 100),
  );
  x.set([0, 1e-6, -1e-6, -0.6, 0.625, -0.625, 20, -20], count - 8);
  return x;
}

/**
 * One step of `cell` over x as [1, N, w] with identity (or, for LSTM, identity on the i gate)
 * input weights and zero recurrent weights and state, so each unit's pre-activation is its x:
 * w = 4 runs the cells' 4-lane path, w = 1 their one-lane tail.
 */
function oneStep(
  kernels: WasmKernels,
  cell: CellType,
  x: Float32Array,
  w: number,
): { hN: Float32Array; cN: Float32Array | null } {
  const G = cell === 'lstm' ? 4 : 1;
  const wIh = new Float32Array(G * w * w);
  for (let j = 0; j < w; j++) wIh[j * w + j] = 1;
  // LSTM: i = σ(x), f = σ(0), g = tanh(20) = 1 in float32, c0 = 0, so c' = f·c0 + i·g = σ(x).
  const bIh = cell === 'lstm' ? new Float32Array(G * w).fill(20, 2 * w, 3 * w) : null;
  const o: LayerForwardOptions = {
    seqLen: 1,
    batch: x.length / w,
    inputSize: w,
    hiddenSize: w,
    reverse: false,
    lengths: null,
    x,
    h0: null,
    c0: null,
    wIh,
    wHh: new Float32Array(G * w * w),
    bIh,
    bHh: null,
  };
  return wasmRecurrentForward(kernels, cell, o);
}

function expectFloatRounding(got: Float32Array, x: Float32Array, f: (x: number) => number): void {
  for (let i = 0; i < x.length; i++) {
    const want = f(x[i] as number);
    expect(Math.abs((got[i] as number) - want), `f(${x[i]})`).toBeLessThanOrEqual(
      2e-7 + 4e-7 * Math.abs(want),
    );
  }
}

describe('wasm cell activations', () => {
  for (const [variant, kernels] of Object.entries(VARIANTS)) {
    for (const w of [4, 1]) {
      const x = inputs(1004);

      it(`tanh (RNN cell) matches Math.tanh, ${variant}, ${w} lane(s)`, () => {
        expectFloatRounding(oneStep(kernels, 'rnn-tanh', x, w).hN, x, Math.tanh);
      });

      it(`sigmoid (LSTM input gate) matches 1 / (1 + e^−x), ${variant}, ${w} lane(s)`, () => {
        const { cN } = oneStep(kernels, 'lstm', x, w);
        expectFloatRounding(cN as Float32Array, x, (v) => 1 / (1 + Math.exp(-v)));
      });

      it(`relu (RNN cell) is max(x, 0) exactly, ${variant}, ${w} lane(s)`, () => {
        const got = oneStep(kernels, 'rnn-relu', x, w).hN;
        expect([...got]).toEqual(Array.from(x, (v) => Math.max(v, 0)));
      });
    }

    it(`relu keeps NaN as torch.relu does, ${variant}`, () => {
      const x = Float32Array.of(Number.NaN, -1, 2, Number.NaN, -0.5);
      expect([...oneStep(kernels, 'rnn-relu', x, 1).hN]).toEqual([Number.NaN, 0, 2, Number.NaN, 0]);
    });
  }
});
