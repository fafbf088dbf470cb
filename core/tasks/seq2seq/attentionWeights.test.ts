/** Tests of the attention weights the seq2seq decoder returns: softmax rows, zero at padding, and the rows beam search keeps for each hypothesis. */
import { describe, expect, it } from 'vitest';
import { BOS_ID } from '../../data/vocab.ts';
import { Random } from '../../random.ts';
import type { RecurrentSpec } from '../spec.ts';
import { makeBatch } from './data.ts';
import { beamSearch } from './decode.ts';
import { type Seq2seqConfig, Seq2seqModel } from './model.ts';

function rec(cell: RecurrentSpec['cell'], hiddenSize: number, bidirectional: boolean) {
  return {
    cell,
    hiddenSize,
    numLayers: 1,
    bidirectional,
    dropout: 0,
    nonlinearity: 'tanh' as const,
  };
}

function modelOf(attention: Seq2seqConfig['attention'], seed: number): Seq2seqModel {
  const config: Seq2seqConfig = {
    srcVocab: 9,
    tgtVocab: 8,
    embeddingDim: 5,
    encoder: rec('gru', 6, true),
    decoder: rec('lstm', 6, false),
    attention,
    headDropout: 0,
  };
  return new Seq2seqModel(config, new Random(seed)).eval();
}

const sources = [
  { src: [4, 5, 6, 7], tgt: [2, 3, 4] },
  { src: [5, 6], tgt: [3, 4, 5] },
  { src: [8, 4, 4], tgt: [6, 7, 3] },
];

describe('Seq2seqModel.decode attention weights', () => {
  for (const kind of ['luong', 'bahdanau'] as const) {
    it(`${kind}: rows are softmaxes over the source that are 0 at padding`, () => {
      const model = modelOf(kind, 1);
      const b = makeBatch(sources);
      const enc = model.encode(b.ids, b.shape, b.lengths);
      const { weights } = model.decode(b.tgtIn, b.tgtShape, enc.state, enc.memory);
      const [N, S] = b.shape;
      const T = b.tgtShape[1];
      expect(weights?.shape).toEqual([N, T, S]);
      const w = weights?.data as Float32Array;
      for (let n = 0; n < N; n++) {
        for (let t = 0; t < T; t++) {
          const row = w.subarray((n * T + t) * S, (n * T + t + 1) * S);
          const length = b.lengths[n] as number;
          expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
          for (let s = 0; s < S; s++) {
            if (s >= length) expect(row[s]).toBe(0);
            else expect(row[s]).toBeGreaterThan(0);
          }
        }
      }
    });
  }

  it('gives no weights without attention', () => {
    const model = modelOf('none', 1);
    const b = makeBatch(sources);
    const enc = model.encode(b.ids, b.shape, b.lengths);
    expect(model.decode(b.tgtIn, b.tgtShape, enc.state, enc.memory).weights).toBeNull();
  });
});

describe('beamSearch attention', () => {
  for (const kind of ['luong', 'bahdanau'] as const) {
    it(`${kind}: each hypothesis keeps the rows that produced its own ids (beam 3 and greedy)`, () => {
      const model = modelOf(kind, 4);
      const source = makeBatch([sources[0] as { src: number[]; tgt: number[] }]);
      for (const beamSize of [1, 3]) {
        const hyps = beamSearch(model, source, { beamSize, lengthPenalty: 1, maxLength: 5 });
        for (const h of hyps) {
          const rows = h.attention as Float32Array[];
          expect(rows.length).toBe(h.ids.length);
          if (h.ids.length === 0) continue;
          // Teacher-forcing the hypothesis's own ids must reproduce the rows beam search kept.
          const enc = model.encode(source.ids, source.shape, source.lengths);
          const input = Int32Array.from([BOS_ID, ...h.ids.slice(0, -1)]);
          const { weights } = model.decode(input, [1, h.ids.length], enc.state, enc.memory);
          const S = source.shape[1];
          rows.forEach((row, t) => {
            expect(row.length).toBe(S);
            const expected = weights?.data.subarray(t * S, (t + 1) * S) as Float32Array;
            for (let s = 0; s < S; s++) expect(row[s]).toBeCloseTo(expected[s] as number, 5);
          });
        }
      }
    });
  }

  it('leaves hypotheses without attention when the model has none', () => {
    const model = modelOf('none', 4);
    const hyps = beamSearch(model, makeBatch([sources[0] as { src: number[]; tgt: number[] }]), {
      beamSize: 2,
      lengthPenalty: 1,
      maxLength: 4,
    });
    expect(hyps.every((h) => h.attention === undefined)).toBe(true);
  });
});
