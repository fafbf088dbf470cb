/** Generation on the prepared language model: the prompt and then every new token one recurrent step each, weights made ready once, the state resident, no autograd. */
import { EOS_ID } from '../../data/vocab.ts';
import { prepareLinear, RecurrentStepper } from '../../nn/recurrentStepper.ts';
import type { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import type { LanguageModel } from './model.ts';
import { pickToken, type SampleOptions } from './sample.ts';

/** What to generate after a prompt. */
export interface GenerateOptions {
  /** How each token is chosen. */
  sample: SampleOptions;
  /** Most tokens to generate (<eos> ends sooner and is not included). */
  maxTokens: number;
  /** Draws of the sampler (unused when greedy). */
  random: Random;
}

/**
 * Runs the model over `prompt` (ids, starting with <bos>, at least one) and continues it token by
 * token, as LanguageModel.continue does step by step in eval mode, with the same values.
 * @returns the generated ids, without the prompt and without <eos>.
 */
export function generateIds(
  model: LanguageModel,
  prompt: readonly number[],
  options: GenerateOptions,
): number[] {
  return noGrad(() => {
    const rnn = new RecurrentStepper(model.rnn);
    const head = prepareLinear(model.head);
    try {
      const state = rnn.zeroState(1);
      const stepOn = (id: number): Float32Array =>
        rnn.step(model.embedding.forward([id], [1, 1]).data, state);
      let features: Float32Array = new Float32Array(rnn.hiddenSize);
      for (const id of prompt) features = stepOn(id);
      const logits = new Float32Array(head.outF);
      const generated: number[] = [];
      for (let i = 0; i < options.maxTokens; i++) {
        head.apply(features, 1, logits);
        const id = pickToken(logits, options.sample, options.random);
        if (id === EOS_ID) break;
        generated.push(id);
        features = stepOn(id);
      }
      return generated;
    } finally {
      rnn.free();
      head.free();
    }
  });
}
