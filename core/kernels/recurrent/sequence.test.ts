/** Tests the fused time loop with a stub step function: schedule, ended rows, output order, and gradient carry. */
import { describe, expect, it } from 'vitest';
import { getBackend } from '../backend.ts';
import { type CellKernel, makeSchedule, recurrentBackward, recurrentForward } from './sequence.ts';

/** A stub cell: h' = x-projection + h (weights are identities), recording every (step, row, time). */
function stubCell(log: [number, number, number][]): CellKernel {
  return {
    gateCount: 1,
    hasCell: false,
    hasAux: false,
    separateHiddenGrad: false,
    forwardStep(st, s) {
      const { batch: N, hidden: H } = st;
      for (let b = 0; b < N; b++) {
        const t = st.sched[s * N + b];
        if (t < 0) continue;
        log.push([s, b, t]);
        for (let j = 0; j < H; j++) {
          const v = st.gates[(s * N + b) * H + j] + st.hh[b * H + j];
          st.hs[(s + 1) * N * H + b * H + j] = v;
        }
      }
    },
    backwardStep(st, g, s) {
      const { batch: N, hidden: H } = st;
      for (let b = 0; b < N; b++) {
        if (st.sched[s * N + b] < 0) continue;
        for (let j = 0; j < H; j++) {
          g.dGx[(s * N + b) * H + j] = g.dh[b * H + j];
          g.dhPrev[b * H + j] = 0;
        }
      }
    },
  };
}

const identity = new Float32Array([1]);

function run(options: { reverse: boolean; lengths: Int32Array | null }) {
  const log: [number, number, number][] = [];
  // L = 3, N = 2, H = 1: x[t, b] = 10^t · (b + 1), so the running sum shows which steps were used.
  const x = new Float32Array([1, 2, 10, 20, 100, 200]);
  const result = recurrentForward(
    stubCell(log),
    {
      seqLen: 3,
      batch: 2,
      inputSize: 1,
      hiddenSize: 1,
      reverse: options.reverse,
      lengths: options.lengths,
      x,
      h0: new Float32Array([1000, 2000]),
      c0: null,
      wIh: identity,
      wHh: identity,
      bIh: null,
      bHh: null,
    },
    getBackend().gemm,
  );
  return { ...result, log };
}

describe('makeSchedule', () => {
  it('maps reverse steps to each sequence’s own last element and marks ended rows -1', () => {
    const sched = makeSchedule({
      seqLen: 3,
      batch: 2,
      lengths: new Int32Array([3, 2]),
      reverse: true,
    });
    expect(Array.from(sched)).toEqual([2, 1, 1, 0, 0, -1]);
  });
});

describe('recurrentForward time loop', () => {
  it('runs every row over every step forward when no lengths are given', () => {
    const { out, hN, log } = run({ reverse: false, lengths: null });
    expect(log).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [1, 0, 1],
      [1, 1, 1],
      [2, 0, 2],
      [2, 1, 2],
    ]);
    expect(Array.from(out)).toEqual([1001, 2002, 1011, 2022, 1111, 2222]);
    expect(Array.from(hN)).toEqual([1111, 2222]);
  });

  it('keeps padding out of the final state and zeroes outputs past the end', () => {
    const { out, hN } = run({ reverse: false, lengths: new Int32Array([3, 1]) });
    expect(Array.from(out)).toEqual([1001, 2002, 1011, 0, 1111, 0]);
    expect(Array.from(hN)).toEqual([1111, 2002]);
  });

  it('starts the reverse direction at each sequence’s own last element', () => {
    const { out, hN, log } = run({ reverse: true, lengths: new Int32Array([3, 2]) });
    expect(log).toEqual([
      [0, 0, 2],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
      [2, 0, 0],
    ]);
    // Row 1 reads t = 1 then t = 0: 2000 + 20 = 2020, then + 2 = 2022 written at t = 0.
    expect(Array.from(out)).toEqual([1111, 2022, 1110, 2020, 1100, 0]);
    expect(Array.from(hN)).toEqual([1111, 2022]);
  });

  it('carries gradients through ended rows and zeroes dx at padded positions', () => {
    const log: [number, number, number][] = [];
    const cell = stubCell(log);
    const { cache } = recurrentForward(
      cell,
      {
        seqLen: 3,
        batch: 2,
        inputSize: 1,
        hiddenSize: 1,
        reverse: false,
        lengths: new Int32Array([3, 1]),
        x: new Float32Array(6),
        h0: null,
        c0: null,
        wIh: identity,
        wHh: identity,
        bIh: null,
        bHh: null,
      },
      getBackend().gemm,
    );
    const grads = recurrentBackward(
      cell,
      cache,
      {
        dOut: new Float32Array([1, 1, 1, 1, 1, 1]),
        dhN: new Float32Array([10, 20]),
        dcN: null,
        needInputGrad: true,
      },
      getBackend().gemm,
    );
    // Row 0: h_t = h0 + Σ x, so dx_t = 10 + (#outputs at or after t); row 1 only has t = 0.
    expect(Array.from(grads.dx as Float32Array)).toEqual([13, 21, 12, 0, 11, 0]);
    expect(Array.from(grads.dh0)).toEqual([13, 21]);
  });
});
