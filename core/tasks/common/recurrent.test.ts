/** Tests of the recurrent stack builder: PyTorch parameter names, both layouts, state in and out, and an LSTM started from h only. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import '../../tensor/ops.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { RecurrentSpec } from '../spec.ts';
import { buildRecurrent, runRecurrent } from './recurrent.ts';

const spec: RecurrentSpec = {
  cell: 'lstm',
  hiddenSize: 3,
  numLayers: 2,
  bidirectional: true,
  dropout: 0.5,
  nonlinearity: 'tanh',
};

/** `[L, N, F]` time-major data and the same values laid out `[N, L, F]`. */
function layouts(L: number, N: number, F: number): { timeMajor: Tensor; batchFirst: Tensor } {
  const x = new Random(4).fillUniform(new Float32Array(L * N * F), -1, 1);
  const bf = new Float32Array(x.length);
  for (let t = 0; t < L; t++)
    for (let n = 0; n < N; n++)
      for (let f = 0; f < F; f++) bf[(n * L + t) * F + f] = x[(t * N + n) * F + f] as number;
  return { timeMajor: new Tensor(x, [L, N, F]), batchFirst: new Tensor(bf, [N, L, F]) };
}

describe('buildRecurrent', () => {
  it('names parameters as PyTorch does and keeps dropout for stacked layers only', () => {
    const lstm = buildRecurrent(spec, { inputSize: 2, random: new Random(1) });
    expect([...lstm.namedParameters()].map(([name]) => name).slice(0, 5)).toEqual([
      'weight_ih_l0',
      'weight_hh_l0',
      'bias_ih_l0',
      'bias_hh_l0',
      'weight_ih_l0_reverse',
    ]);
    expect(lstm.dropout).toBe(0.5);
    const single = buildRecurrent(
      { ...spec, numLayers: 1 },
      { inputSize: 2, random: new Random(1) },
    );
    expect(single.dropout).toBe(0);
  });

  it('gives the same outputs and final state time-major and batch-first', () => {
    const { timeMajor, batchFirst } = layouts(4, 2, 2);
    const a = buildRecurrent(spec, { inputSize: 2, random: new Random(7) }).eval();
    const b = buildRecurrent(spec, {
      inputSize: 2,
      random: new Random(7),
      batchFirst: true,
    }).eval();
    const ra = runRecurrent(a, timeMajor, { lengths: [4, 2] });
    const rb = runRecurrent(b, batchFirst, { lengths: [4, 2] });
    expect(Array.from(rb.state.h.data)).toEqual(Array.from(ra.state.h.data));
    expect(Array.from(rb.state.c?.data ?? [])).toEqual(Array.from(ra.state.c?.data ?? []));
    expect(rb.output.shape).toEqual([2, 4, 6]);
  });
});

describe('runRecurrent', () => {
  it('continues from a returned state exactly as one run over the whole sequence', () => {
    for (const cell of ['lstm', 'gru', 'rnn'] as const) {
      const module = buildRecurrent(
        { ...spec, cell, bidirectional: false },
        { inputSize: 2, random: new Random(2), batchFirst: true },
      ).eval();
      const { batchFirst: x } = layouts(4, 1, 2);
      const whole = runRecurrent(module, x);
      const first = runRecurrent(module, x.narrow(1, 0, 2));
      const rest = runRecurrent(module, x.narrow(1, 2, 2), { state: first.state });
      const gap = rest.state.h.data.reduce(
        (m, v, i) => Math.max(m, Math.abs(v - (whole.state.h.data[i] as number))),
        0,
      );
      expect(gap).toBeLessThan(1e-6);
      expect(rest.state.c === null).toBe(cell !== 'lstm');
    }
  });

  it('starts an LSTM from c = 0 when the state carries h only', () => {
    const module = buildRecurrent(
      { ...spec, bidirectional: false },
      { inputSize: 2, random: new Random(3) },
    ).eval();
    const { timeMajor: x } = layouts(3, 2, 2);
    const h = new Tensor(new Random(5).fillUniform(new Float32Array(2 * 2 * 3), -1, 1), [2, 2, 3]);
    const zeros = new Tensor(new Float32Array(h.size), h.shape);
    const withoutC = runRecurrent(module, x, { state: { h, c: null } });
    const withZeroC = runRecurrent(module, x, { state: { h, c: zeros } });
    expect(Array.from(withoutC.output.data)).toEqual(Array.from(withZeroC.output.data));
  });
});
