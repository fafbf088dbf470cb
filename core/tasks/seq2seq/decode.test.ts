/** The prepared decoder's greedy and beam search give the same tokens, scores and attention as decoding through model.decode step by step, on both backends, for every cell, attention kind and a bidirectional encoder. */
import { describe, expect, it } from 'vitest';
import { describeOnEachBackend } from '../../../test/support/eachBackend.ts';
import {
  beamSearchReference,
  greedyDecodeReference,
} from '../../../test/support/seq2seqDecodeReference.ts';
import { EOS_ID } from '../../data/vocab.ts';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { RecurrentSpec } from '../spec.ts';
import { makeBatch } from './data.ts';
import {
  beamSearch,
  beamSearchBatch,
  type DecoderStart,
  greedyDecode,
  type SourceBatch,
} from './decode.ts';
import { type Seq2seqConfig, Seq2seqModel } from './model.ts';

interface Case {
  name: string;
  enc: RecurrentSpec['cell'];
  dec: RecurrentSpec['cell'];
  bi: boolean;
  layers: number;
  He: number;
  Hd: number;
  attention: Seq2seqConfig['attention'];
}

const CASES: Case[] = [
  {
    name: 'GRU, Luong',
    enc: 'gru',
    dec: 'gru',
    bi: false,
    layers: 1,
    He: 24,
    Hd: 24,
    attention: 'luong',
  },
  {
    name: 'bi-LSTM → LSTM, 2 layers, Luong',
    enc: 'lstm',
    dec: 'lstm',
    bi: true,
    layers: 2,
    He: 12,
    Hd: 20,
    attention: 'luong',
  },
  {
    name: 'bi-GRU → GRU, Bahdanau',
    enc: 'gru',
    dec: 'gru',
    bi: true,
    layers: 1,
    He: 16,
    Hd: 18,
    attention: 'bahdanau',
  },
  {
    name: 'GRU → LSTM (c₀ = 0), 2 layers, Bahdanau',
    enc: 'gru',
    dec: 'lstm',
    bi: false,
    layers: 2,
    He: 20,
    Hd: 20,
    attention: 'bahdanau',
  },
  {
    name: 'LSTM, no attention',
    enc: 'lstm',
    dec: 'lstm',
    bi: false,
    layers: 1,
    He: 32,
    Hd: 32,
    attention: 'none',
  },
  {
    name: 'GRU, 2 layers, no attention',
    enc: 'gru',
    dec: 'gru',
    bi: false,
    layers: 2,
    He: 24,
    Hd: 24,
    attention: 'none',
  },
  {
    name: 'RNN tanh, 2 layers, no attention',
    enc: 'rnn',
    dec: 'rnn',
    bi: false,
    layers: 2,
    He: 16,
    Hd: 16,
    attention: 'none',
  },
];

function rec(cell: RecurrentSpec['cell'], hiddenSize: number, numLayers: number, bi: boolean) {
  return {
    cell,
    hiddenSize,
    numLayers,
    bidirectional: bi,
    dropout: 0,
    nonlinearity: 'tanh' as const,
  };
}

/**
 * A model whose weights look trained: random ones scaled up, so each step's distribution is
 * peaked (clear winners, hypotheses that end at <eos> at different steps) rather than flat.
 */
function trainedLooking(c: Case, seed: number): Seq2seqModel {
  const model = new Seq2seqModel(
    {
      srcVocab: 30,
      tgtVocab: 27,
      embeddingDim: 16,
      encoder: rec(c.enc, c.He, c.layers, c.bi),
      decoder: rec(c.dec, c.Hd, c.layers, false),
      attention: c.attention,
      headDropout: 0,
    },
    new Random(seed),
  );
  for (const p of model.parameters()) for (let i = 0; i < p.data.length; i++) p.data[i] *= 3;
  // <eos> about as likely as a typical token, so hypotheses end at different steps.
  (model.out.bias as Tensor).data[EOS_ID] += 1.5;
  return model.eval();
}

/** The batch through the model's encoder: where the reference's decoding starts. */
function encoded(model: Seq2seqModel, batch: SourceBatch): DecoderStart {
  return noGrad(() => model.encode(batch.ids, batch.shape, batch.lengths));
}

function sources(seed: number, count: number): { src: number[]; tgt: number[] }[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => ({
    src: Array.from({ length: 1 + rng.int(7) }, () => 4 + rng.int(26)),
    tgt: [],
  }));
}

describeOnEachBackend('prepared decoding on the %s backend', () => {
  for (const [i, c] of CASES.entries()) {
    it(`${c.name}: greedy decoding gives the tokens of model.decode step by step`, () => {
      const model = trainedLooking(c, 10 + i);
      const batch = makeBatch(sources(100 + i, 7));
      const expected = greedyDecodeReference(model, encoded(model, batch), { maxLength: 9 });
      expect(greedyDecode(model, batch, { maxLength: 9 })).toEqual(expected);
      // Rows stop at different steps, so the comparison covers <eos> handling too.
      expect(new Set(expected.map((ids) => ids.length)).size).toBeGreaterThan(1);
    });

    it(`${c.name}: beam search over the batch equals each row's search through model.decode`, () => {
      const model = trainedLooking(c, 20 + i);
      const items = sources(200 + i, 5);
      const options = { beamSize: 3, lengthPenalty: 0.8, maxLength: 7 };
      const batched = beamSearchBatch(model, makeBatch(items), options);
      expect(batched).toHaveLength(items.length);
      for (const [r, item] of items.entries()) {
        const alone = beamSearchReference(model, encoded(model, makeBatch([item])), options);
        expect(batched[r]).toEqual(alone);
        expect(beamSearch(model, makeBatch([item]), options)).toEqual(alone);
      }
    });
  }
});

describe('prepared decoding does not record autograd', () => {
  it('leaves no gradient function on the logits even with gradients enabled', () => {
    const model = trainedLooking(CASES[0] as Case, 1);
    const batch = makeBatch(sources(1, 3));
    // greedyDecode works on flat arrays: calling it with gradients on must not fail or record.
    expect(greedyDecode(model, batch, { maxLength: 3 })).toEqual(
      greedyDecodeReference(model, encoded(model, batch), { maxLength: 3 }),
    );
  });
});
