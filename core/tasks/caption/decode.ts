/** The captioner's greedy and beam search: the decoder starts from an image's feature map (model.start), then runs seq2seq's prepared search (tasks/seq2seq/decode.ts). */
import { ConfigError } from '../../errors.ts';
import { noGrad } from '../../tensor/autograd.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import {
  type BeamHypothesis,
  type BeamOptions,
  beamSearchFrom,
  greedyDecodeFrom,
} from '../seq2seq/decode.ts';
import type { CaptionModel } from './model.ts';

/**
 * Greedy captions of images, one per feature map. The model runs as in eval mode.
 * @param features [N, C, h, w], the encoder's feature maps.
 * @returns the caption ids per image, without <eos>.
 */
export function greedyCaptions(
  model: CaptionModel,
  features: Tensor,
  options: { maxLength: number },
): number[][] {
  return greedyDecodeFrom(
    model,
    noGrad(() => model.start(features)),
    options,
  );
}

/**
 * Beam search for the caption of one image. The model runs as in eval mode.
 * @param features [1, C, h, w], the encoder's feature map.
 * @returns finished hypotheses, best normalised score first; with attention each keeps the
 *   weights over the h·w regions of every id.
 * @throws ConfigError for out-of-range options or feature maps of several images.
 */
export function beamCaptions(
  model: CaptionModel,
  features: Tensor,
  options: BeamOptions,
): BeamHypothesis[] {
  if (features.shape[0] !== 1) {
    throw new ConfigError(`beamCaptions: features must hold 1 image, got ${features.shape[0]}.`);
  }
  return beamSearchFrom(
    model,
    noGrad(() => model.start(features)),
    options,
  )[0] as BeamHypothesis[];
}
