/** Finite-difference checks of the fused RNN/LSTM/GRU backward, with reverse direction and per-sequence lengths. */
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
} from './index.ts';

const L = 4;
const N = 3;
const I = 3;
const H = 2;

function setup(cell: CellType, options: { reverse: boolean; lengths: Int32Array | null }) {
  const rng = new Random(7);
  const rand = (n: number): Float32Array => rng.fillUniform(new Float32Array(n), -0.8, 0.8);
  const G = gateCount(cell);
  const layer: LayerForwardOptions = {
    seqLen: L,
    batch: N,
    inputSize: I,
    hiddenSize: H,
    reverse: options.reverse,
    lengths: options.lengths,
    x: rand(L * N * I),
    h0: rand(N * H),
    c0: cell === 'lstm' ? rand(N * H) : null,
    wIh: rand(G * H * I),
    wHh: rand(G * H * H),
    bIh: rand(G * H),
    bHh: rand(G * H),
  };
  const weights = { out: rand(L * N * H), hN: rand(N * H), cN: rand(N * H) };
  return { layer, weights };
}

/** The scalar loss Σ out·w1 + Σ hN·w2 (+ Σ cN·w3), accumulated in float64. */
function loss(cell: CellType, layer: LayerForwardOptions, w: Record<string, Float32Array>): number {
  const r = recurrentForward(cellKernel(cell), layer, getBackend().gemm);
  let sum = 0;
  for (let i = 0; i < r.out.length; i++) sum += r.out[i] * w.out[i];
  for (let i = 0; i < r.hN.length; i++) sum += r.hN[i] * w.hN[i];
  if (r.cN !== null) for (let i = 0; i < r.cN.length; i++) sum += r.cN[i] * w.cN[i];
  return sum;
}

const cells: CellType[] = ['rnn-tanh', 'rnn-relu', 'lstm', 'gru'];
const layouts = [
  { reverse: false, lengths: null },
  { reverse: true, lengths: null },
  { reverse: false, lengths: new Int32Array([2, 4, 1]) },
  { reverse: true, lengths: new Int32Array([2, 4, 1]) },
];

describe.each(cells)('%s fused backward', (cell) => {
  it.each(layouts)(
    'matches central finite differences (reverse $reverse, lengths $lengths)',
    (layout) => {
      const { layer, weights } = setup(cell, layout);
      const kernel = cellKernel(cell);
      const fwd = recurrentForward(kernel, layer, getBackend().gemm);
      const grads = recurrentBackward(
        kernel,
        fwd.cache,
        {
          dOut: weights.out,
          dhN: weights.hN,
          dcN: fwd.cN === null ? null : weights.cN,
          needInputGrad: true,
        },
        getBackend().gemm,
      );
      const checks: [keyof LayerForwardOptions, Float32Array | null][] = [
        ['x', grads.dx],
        ['h0', grads.dh0],
        ['c0', grads.dc0],
        ['wIh', grads.dWih],
        ['wHh', grads.dWhh],
        ['bIh', grads.dbIh],
        ['bHh', grads.dbHh],
      ];
      const eps = 1e-2;
      for (const [name, analytic] of checks) {
        const param = layer[name] as Float32Array | null;
        if (param === null || analytic === null) continue;
        for (let i = 0; i < param.length; i++) {
          const keep = param[i];
          param[i] = keep + eps;
          const up = loss(cell, layer, weights);
          param[i] = keep - eps;
          const down = loss(cell, layer, weights);
          param[i] = keep;
          const numeric = (up - down) / (2 * eps);
          const tolerance = 2e-3 + 1e-2 * Math.abs(numeric);
          if (Math.abs(numeric - analytic[i]) > tolerance) {
            expect.fail(`${name}[${i}]: analytic ${analytic[i]}, numeric ${numeric}`);
          }
        }
      }
    },
  );
});

describe('padding', () => {
  it('gives zero dx at padded positions and ignores padded inputs entirely', () => {
    const lengths = new Int32Array([2, 4, 1]);
    const { layer, weights } = setup('lstm', { reverse: true, lengths });
    const before = recurrentForward(cellKernel('lstm'), layer, getBackend().gemm);
    // Scribble over the padding: t ≥ len_b.
    for (let t = 0; t < L; t++)
      for (let b = 0; b < N; b++)
        if (t >= lengths[b]) for (let j = 0; j < I; j++) layer.x[(t * N + b) * I + j] = 99;
    const after = recurrentForward(cellKernel('lstm'), layer, getBackend().gemm);
    expect(after.out).toEqual(before.out);
    expect(after.hN).toEqual(before.hN);
    const grads = recurrentBackward(
      cellKernel('lstm'),
      after.cache,
      {
        dOut: weights.out,
        dhN: weights.hN,
        dcN: weights.cN,
        needInputGrad: true,
      },
      getBackend().gemm,
    );
    const dx = grads.dx as Float32Array;
    for (let t = 0; t < L; t++)
      for (let b = 0; b < N; b++) if (t >= lengths[b]) expect(dx[(t * N + b) * I]).toBe(0);
  });
});
