/**
 * LSTM cell kernel, gates stacked i, f, g, o as in PyTorch:
 * i = σ(·), f = σ(·), g = tanh(·), o = σ(·) of W_i* x + b_i* + W_h* h + b_h*;
 * c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').
 */
import { gateCount } from '../api/recurrent.ts';
import type { CellKernel, SequenceState, StepGrads } from './sequence.ts';

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export const lstmCell: CellKernel = {
  gateCount: gateCount('lstm'),
  hasCell: true,
  hasAux: true,
  separateHiddenGrad: false,
  forwardStep(st: SequenceState, s: number): void {
    const { batch: N, hidden: H, gates, hh, hs, sched } = st;
    const cs = st.cs as Float32Array;
    const aux = st.aux as Float32Array;
    for (let b = 0; b < N; b++) {
      if (sched[s * N + b] < 0) continue;
      const gRow = (s * N + b) * 4 * H;
      const hRow = b * 4 * H;
      const prev = s * N * H + b * H;
      const next = prev + N * H;
      const auxRow = (s * N + b) * H;
      for (let j = 0; j < H; j++) {
        const i = sigmoid(gates[gRow + j] + hh[hRow + j]);
        const f = sigmoid(gates[gRow + H + j] + hh[hRow + H + j]);
        const gg = Math.tanh(gates[gRow + 2 * H + j] + hh[hRow + 2 * H + j]);
        const o = sigmoid(gates[gRow + 3 * H + j] + hh[hRow + 3 * H + j]);
        gates[gRow + j] = i;
        gates[gRow + H + j] = f;
        gates[gRow + 2 * H + j] = gg;
        gates[gRow + 3 * H + j] = o;
        const c = f * cs[prev + j] + i * gg;
        const tc = Math.tanh(c);
        cs[next + j] = c;
        aux[auxRow + j] = tc;
        hs[next + j] = o * tc;
      }
    }
  },
  backwardStep(st: SequenceState, g: StepGrads, s: number): void {
    const { batch: N, hidden: H, gates, sched } = st;
    const cs = st.cs as Float32Array;
    const aux = st.aux as Float32Array;
    const dc = g.dc as Float32Array;
    const dcPrev = g.dcPrev as Float32Array;
    const { dh, dhPrev, dGx } = g;
    for (let b = 0; b < N; b++) {
      if (sched[s * N + b] < 0) continue;
      const gRow = (s * N + b) * 4 * H;
      const prev = s * N * H + b * H;
      const auxRow = (s * N + b) * H;
      const r = b * H;
      for (let j = 0; j < H; j++) {
        const i = gates[gRow + j];
        const f = gates[gRow + H + j];
        const gg = gates[gRow + 2 * H + j];
        const o = gates[gRow + 3 * H + j];
        const tc = aux[auxRow + j];
        const dhj = dh[r + j];
        const dcTotal = dc[r + j] + dhj * o * (1 - tc * tc);
        dGx[gRow + j] = dcTotal * gg * i * (1 - i);
        dGx[gRow + H + j] = dcTotal * cs[prev + j] * f * (1 - f);
        dGx[gRow + 2 * H + j] = dcTotal * i * (1 - gg * gg);
        dGx[gRow + 3 * H + j] = dhj * tc * o * (1 - o);
        dcPrev[r + j] = dcTotal * f;
        dhPrev[r + j] = 0;
      }
    }
  },
};
