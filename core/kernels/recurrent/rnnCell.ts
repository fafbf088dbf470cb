/** Elman RNN cell kernels: h' = tanh(W_ih x + b_ih + W_hh h + b_hh), or relu in place of tanh. */
import { gateCount } from '../api/recurrent.ts';
import type { CellKernel, SequenceState, StepGrads } from './sequence.ts';

function makeRnnCell(activation: 'tanh' | 'relu'): CellKernel {
  const isTanh = activation === 'tanh';
  return {
    gateCount: gateCount(`rnn-${activation}`),
    hasCell: false,
    hasAux: false,
    separateHiddenGrad: false,
    forwardStep(st: SequenceState, s: number): void {
      const { batch: N, hidden: H, gates, hh, hs, sched } = st;
      for (let b = 0; b < N; b++) {
        if (sched[s * N + b] < 0) continue;
        const gRow = (s * N + b) * H;
        const hRow = b * H;
        const next = (s + 1) * N * H + b * H;
        for (let j = 0; j < H; j++) {
          const a = gates[gRow + j] + hh[hRow + j];
          const h = isTanh ? Math.tanh(a) : Math.max(a, 0);
          gates[gRow + j] = h;
          hs[next + j] = h;
        }
      }
    },
    backwardStep(st: SequenceState, g: StepGrads, s: number): void {
      const { batch: N, hidden: H, gates, sched } = st;
      const { dh, dhPrev, dGx } = g;
      for (let b = 0; b < N; b++) {
        if (sched[s * N + b] < 0) continue;
        const gRow = (s * N + b) * H;
        const r = b * H;
        for (let j = 0; j < H; j++) {
          const h = gates[gRow + j];
          const d = dh[r + j];
          // relu'(a) is taken as 0 at a = 0, as PyTorch's threshold_backward does.
          dGx[gRow + j] = isTanh ? d * (1 - h * h) : h > 0 ? d : 0;
          dhPrev[r + j] = 0;
        }
      }
    },
  };
}

/** RNN cell with tanh. */
export const rnnTanhCell: CellKernel = makeRnnCell('tanh');
/** RNN cell with relu. */
export const rnnReluCell: CellKernel = makeRnnCell('relu');
