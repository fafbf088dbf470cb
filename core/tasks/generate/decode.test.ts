/** Generation on the prepared language model gives the tokens of LanguageModel.continue step by step (greedy and sampled), on both backends and for every cell. */
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../../../test/support/eachBackend.ts';
import { BOS_ID, EOS_ID } from '../../data/vocab.ts';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { RecurrentSpec } from '../spec.ts';
import { generateIds } from './decode.ts';
import { LanguageModel, type LmState } from './model.ts';
import { pickToken, type SampleOptions } from './sample.ts';

/** The generation loop as it ran before the prepared model: LanguageModel.continue per token. */
function continueReference(
  model: LanguageModel,
  prompt: number[],
  o: { sample: SampleOptions; maxTokens: number; random: Random },
): number[] {
  return noGrad(() => {
    const out: number[] = [];
    let step = model.continue(prompt, null);
    for (let i = 0; i < o.maxTokens; i++) {
      const id = pickToken(step.logits, o.sample, o.random);
      if (id === EOS_ID) break;
      out.push(id);
      step = model.continue([id], step.state as LmState);
    }
    return out;
  });
}

function trainedLooking(cell: RecurrentSpec['cell'], numLayers: number, seed: number) {
  const model = new LanguageModel({
    vocabSize: 40,
    model: {
      embeddingDim: 12,
      recurrent: {
        cell,
        hiddenSize: 20,
        numLayers,
        bidirectional: false,
        dropout: 0,
        nonlinearity: 'tanh',
      },
      headDropout: 0,
    },
    random: new Random(seed),
  });
  for (const p of model.parameters()) for (let i = 0; i < p.data.length; i++) p.data[i] *= 3;
  (model.head.bias as Tensor).data[EOS_ID] -= 2;
  return model.eval();
}

describeOnEachBackend('generateIds on the %s backend', () => {
  const cases: [RecurrentSpec['cell'], number][] = [
    ['gru', 1],
    ['lstm', 2],
    ['rnn', 2],
  ];
  for (const [cell, layers] of cases) {
    for (const greedy of [true, false]) {
      it(`${cell}, ${layers} layer(s), ${greedy ? 'greedy' : 'sampled'}: the tokens of continue() step by step`, () => {
        const model = trainedLooking(cell, layers, layers * 7 + cell.length);
        const sample = {
          greedy,
          temperature: 0.8,
          topK: greedy ? 0 : 5,
          banned: new Set([0, BOS_ID]),
        };
        const prompt = [BOS_ID, 5, 9, 12];
        const expected = continueReference(model, prompt, {
          sample,
          maxTokens: 30,
          random: new Random(4),
        });
        const got = generateIds(model, prompt, { sample, maxTokens: 30, random: new Random(4) });
        expect(got).toEqual(expected);
        expect(got.length).toBeGreaterThan(3);
      });
    }
  }
});
