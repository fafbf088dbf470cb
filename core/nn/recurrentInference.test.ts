/** Tests of the forward-only recurrent stack: on the TypeScript and the wasm backend it gives the final hidden states of the modules' own forward in eval mode, for every cell, two layers and both directions; a forward-only cache refuses a backward. */
import { afterEach, describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '../kernels/backend.ts';
import { jsBackend } from '../kernels/js/index.ts';
import { createWasmBackend } from '../kernels/wasm/index.ts';
import { Random } from '../random.ts';
import { noGrad } from '../tensor/autograd.ts';
import { Tensor } from '../tensor/tensor.ts';
import { finalHiddenRows } from './recurrentInference.ts';
import { GRU, LSTM, RNN } from './rnn.ts';

const installed = getBackend();
afterEach(() => setBackend(installed));

const N = 5;
const L = 7;
const I = 3;
const H = 6;

function build(cell: 'rnn' | 'lstm' | 'gru', bidirectional: boolean) {
  const options = {
    inputSize: I,
    hiddenSize: H,
    numLayers: 2,
    bidirectional,
    dropout: 0.5,
    batchFirst: true,
    random: new Random(3),
  };
  const module =
    cell === 'rnn' ? new RNN(options) : cell === 'lstm' ? new LSTM(options) : new GRU(options);
  module.eval();
  return module;
}

/** The top layer's h_n as [N, D·H] rows, from the module's own forward. */
function expected(module: RNN | LSTM | GRU, x: Float32Array): Float32Array {
  const D = module.numDirections;
  const h = noGrad(() => {
    const input = new Tensor(x, [N, L, I]);
    return module instanceof LSTM ? module.forward(input)[1][0] : module.forward(input)[1];
  }).data;
  const out = new Float32Array(N * D * H);
  for (let d = 0; d < D; d++) {
    const layer = (module.numLayers - 1) * D + d;
    for (let n = 0; n < N; n++) {
      out.set(h.subarray((layer * N + n) * H, (layer * N + n + 1) * H), (n * D + d) * H);
    }
  }
  return out;
}

describe('finalHiddenRows', () => {
  const random = new Random(9);
  const x = Float32Array.from({ length: N * L * I }, () => random.uniform(-1, 1));
  for (const [name, backend] of [
    ['TypeScript', jsBackend],
    ['wasm', createWasmBackend()],
  ] as const) {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      for (const bidirectional of [false, true]) {
        it(`gives forward's final states (${name}, ${cell}, ${bidirectional ? 'bidirectional' : 'one direction'})`, () => {
          setBackend(backend);
          const module = build(cell, bidirectional);
          const got = finalHiddenRows(module, x, [N, L, I]);
          const want = expected(module, x);
          expect(got.length).toBe(want.length);
          got.forEach((v, i) => {
            expect(v).toBeCloseTo(want[i] as number, 6);
          });
        });
      }
    }
  }

  it('leaves a cache on the wasm backend that refuses a backward', () => {
    const backend = createWasmBackend();
    const module = build('gru', false);
    const w = module.layerParameters(0, 0);
    const r = backend.recurrentForward('gru', {
      seqLen: L,
      batch: N,
      inputSize: I,
      hiddenSize: H,
      reverse: false,
      lengths: null,
      x: new Float32Array(L * N * I),
      h0: null,
      c0: null,
      wIh: w.wIh.data,
      wHh: w.wHh.data,
      bIh: w.bIh?.data ?? null,
      bHh: w.bHh?.data ?? null,
      forwardOnly: true,
    });
    expect(() =>
      backend.recurrentBackward('gru', r.cache, {
        dOut: null,
        dhN: new Float32Array(N * H),
        dcN: null,
        needInputGrad: false,
      }),
    ).toThrow('recurrentBackward: the cache must come from a forward that keeps its states');
  });
});
