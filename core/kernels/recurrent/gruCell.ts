/**
 * GRU cell kernel, gates stacked r, z, n as in PyTorch:
 * r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
 */
import { gateCount } from '../api/recurrent.ts';
import type { CellKernel, SequenceState, StepGrads } from './sequence.ts';

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export const gruCell: CellKernel = {
  gateCount: gateCount('gru'),
  hasCell: false,
  hasAux: true,
  separateHiddenGrad: true,
  forwardStep(st: SequenceState, s: number): void {
    const { batch: N, hidden: H, gates, hh, hs, sched } = st;
    const aux = st.aux as Float32Array;
    for (let b = 0; b < N; b++) {
      if (sched[s * N + b] < 0) continue;
      const gRow = (s * N + b) * 3 * H;
      const hRow = b * 3 * H;
      const prev = s * N * H + b * H;
      const next = prev + N * H;
      const auxRow = (s * N + b) * H;
      for (let j = 0; j < H; j++) {
        const r = sigmoid(gates[gRow + j] + hh[hRow + j]);
        const z = sigmoid(gates[gRow + H + j] + hh[hRow + H + j]);
        // NOTE: b_hn stays inside r ⊙ (·) — PyTorch's (and cuDNN's) GRU, not the original paper's.
        const hn = hh[hRow + 2 * H + j];
        const n = Math.tanh(gates[gRow + 2 * H + j] + r * hn);
        gates[gRow + j] = r;
        gates[gRow + H + j] = z;
        gates[gRow + 2 * H + j] = n;
        aux[auxRow + j] = hn;
        hs[next + j] = (1 - z) * n + z * hs[prev + j];
      }
    }
  },
  backwardStep(st: SequenceState, g: StepGrads, s: number): void {
    const { batch: N, hidden: H, gates, hs, sched } = st;
    const aux = st.aux as Float32Array;
    const { dh, dhPrev, dGx, dGh } = g;
    for (let b = 0; b < N; b++) {
      if (sched[s * N + b] < 0) continue;
      const gRow = (s * N + b) * 3 * H;
      const prev = s * N * H + b * H;
      const auxRow = (s * N + b) * H;
      const row = b * H;
      for (let j = 0; j < H; j++) {
        const r = gates[gRow + j];
        const z = gates[gRow + H + j];
        const n = gates[gRow + 2 * H + j];
        const hn = aux[auxRow + j];
        const dhj = dh[row + j];
        const dnPre = dhj * (1 - z) * (1 - n * n);
        const drPre = dnPre * hn * r * (1 - r);
        const dzPre = dhj * (hs[prev + j] - n) * z * (1 - z);
        dGx[gRow + j] = drPre;
        dGx[gRow + H + j] = dzPre;
        dGx[gRow + 2 * H + j] = dnPre;
        dGh[gRow + j] = drPre;
        dGh[gRow + H + j] = dzPre;
        dGh[gRow + 2 * H + j] = dnPre * r;
        dhPrev[row + j] = dhj * z;
      }
    }
  },
};
