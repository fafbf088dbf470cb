/** The captioner's greedy and beam search on seq2seq's prepared decoder give the tokens, scores and attention of stepping the model's own decode from the image (the search it ran before), for Show and Tell and both attention kinds, on both backends. */
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../../../test/support/eachBackend.ts';
import {
  beamSearchReference,
  greedyDecodeReference,
} from '../../../test/support/seq2seqDecodeReference.ts';
import { EOS_ID } from '../../data/vocab.ts';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { RecurrentSpec } from '../spec.ts';
import { beamCaptions, greedyCaptions } from './decode.ts';
import { type CaptionConfig, CaptionModel } from './model.ts';

interface Case {
  name: string;
  cell: RecurrentSpec['cell'];
  layers: number;
  attention: CaptionConfig['attention'];
  /** Added to <eos>'s bias: about as likely as a typical word, so captions end at different steps. */
  eos: number;
}

const CASES: Case[] = [
  { name: 'Show and Tell, LSTM, 2 layers', cell: 'lstm', layers: 2, attention: 'none', eos: 1.5 },
  { name: 'Show and Tell, GRU', cell: 'gru', layers: 1, attention: 'none', eos: 1.5 },
  { name: 'Luong attention, GRU, 2 layers', cell: 'gru', layers: 2, attention: 'luong', eos: 1.5 },
  {
    name: 'Bahdanau attention (Show, Attend and Tell), LSTM',
    cell: 'lstm',
    layers: 1,
    attention: 'bahdanau',
    eos: 3.5,
  },
];

/** 16-pixel images through a two-block CNN: a 4×4 map of 8 channels (16 regions). */
const IMAGE = { backbone: 'cnn' as const, freeze: false, imageSize: 16, width: 4, blocks: 2 };
const REGIONS = 16;

/**
 * A captioner whose decoder looks trained: random weights scaled up, so each step's
 * distribution is peaked (clear winners, captions that end at <eos> at different steps).
 */
function trainedLooking(c: Case, seed: number): CaptionModel {
  const model = new CaptionModel(
    {
      vocabSize: 23,
      embeddingDim: 12,
      decoder: {
        cell: c.cell,
        hiddenSize: 20,
        numLayers: c.layers,
        bidirectional: false,
        dropout: 0,
        nonlinearity: 'tanh',
      },
      attention: c.attention,
      headDropout: 0,
      image: IMAGE,
    },
    new Random(seed),
  );
  for (const [name, p] of model.namedParameters()) {
    if (!name.startsWith('encoder.')) for (let i = 0; i < p.data.length; i++) p.data[i] *= 3;
  }
  (model.out.bias as Tensor).data[EOS_ID] += c.eos;
  return model.eval();
}

/**
 * The encoder's feature maps of `count` random normalised images, each with its own mean per
 * channel (as photos differ in colour), so their captions differ.
 */
function features(model: CaptionModel, seed: number, count: number): Tensor {
  const rng = new Random(seed);
  const plane = IMAGE.imageSize * IMAGE.imageSize;
  const pixels = new Float32Array(count * 3 * plane);
  for (let ch = 0; ch < count * 3; ch++) {
    const mean = rng.normal() * 3;
    for (let i = 0; i < plane; i++) pixels[ch * plane + i] = mean + rng.normal();
  }
  const images = new Tensor(pixels, [count, 3, IMAGE.imageSize, IMAGE.imageSize]);
  return noGrad(() => model.featureMap(images));
}

/** Image `i`'s feature map of a batch of them, as [1, C, h, w]. */
function one(maps: Tensor, i: number): Tensor {
  return noGrad(() => maps.narrow(0, i, 1));
}

describeOnEachBackend('caption decoding on the %s backend', () => {
  for (const [i, c] of CASES.entries()) {
    it(`${c.name}: greedy captions are those of model.decode step by step`, () => {
      const model = trainedLooking(c, 30 + i);
      const maps = features(model, 300 + i, 8);
      const start = noGrad(() => model.start(maps));
      const expected = greedyDecodeReference(model, start, { maxLength: 9 });

      expect(greedyCaptions(model, maps, { maxLength: 9 })).toEqual(expected);
      // Captions end at different steps, so the comparison covers <eos> handling too.
      expect(new Set(expected.map((ids) => ids.length)).size).toBeGreaterThan(1);
    });

    it(`${c.name}: beam captions are those of the search through model.decode`, () => {
      const model = trainedLooking(c, 40 + i);
      const maps = features(model, 400 + i, 4);
      const options = { beamSize: 3, lengthPenalty: 0.8, maxLength: 7 };
      for (let n = 0; n < 4; n++) {
        const start = noGrad(() => model.start(one(maps, n)));
        const expected = beamSearchReference(model, start, options);
        const hyps = beamCaptions(model, one(maps, n), options);
        expect(hyps).toEqual(expected);
        expect(hyps).toHaveLength(options.beamSize);
        const attention = hyps[0]?.attention;
        if (c.attention === 'none') expect(attention).toBeUndefined();
        else expect(attention?.map((row) => row.length)).toEqual(hyps[0]?.ids.map(() => REGIONS));
      }
    });
  }

  it('beamCaptions refuses feature maps of several images', () => {
    const model = trainedLooking(CASES[0] as Case, 1);
    const options = { beamSize: 2, lengthPenalty: 1, maxLength: 3 };
    expect(() => beamCaptions(model, features(model, 1, 2), options)).toThrowError(
      'beamCaptions: features must hold 1 image, got 2.',
    );
  });
});
