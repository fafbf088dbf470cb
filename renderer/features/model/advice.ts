/** Inline explanations of model settings that do nothing or cannot work, as PyTorch warns or refuses. */
import type { RecurrentSpec, RunSpec } from '../../../core/tasks/spec.ts';

/** How serious a remark is: `error` blocks training, `warn` wastes something, `info` explains. */
export type AdviceLevel = 'error' | 'warn' | 'info';

/** Remarks the builder can make; each has a message `model.advice.<id>` in both languages. */
export type AdviceId =
  | 'dropoutOneLayer'
  | 'bidirectionalGenerate'
  | 'bidirectionalDecoder'
  | 'reluNotRnn'
  | 'reluNoClipping'
  | 'lastPoolingBidirectional'
  | 'decoderStateSize';

/** One remark about one part of the model. */
export interface Advice {
  id: AdviceId;
  level: AdviceLevel;
  /** Which card it belongs to. */
  where: 'encoder' | 'decoder' | 'head';
}

function stackAdvice(r: RecurrentSpec, where: 'encoder' | 'decoder'): Advice[] {
  const out: Advice[] = [];
  // PyTorch parity: nn.RNNBase warns "dropout option adds dropout after all but last recurrent
  // layer, so non-zero dropout expects num_layers greater than 1".
  if (r.dropout > 0 && r.numLayers === 1) out.push({ id: 'dropoutOneLayer', level: 'warn', where });
  if (r.cell !== 'rnn' && r.nonlinearity === 'relu')
    out.push({ id: 'reluNotRnn', level: 'warn', where });
  return out;
}

/**
 * Remarks on `spec`: settings that have no effect (dropout on a single layer, relu on an LSTM or
 * GRU) and ones that cannot work (a bidirectional generator or decoder: generation is
 * auto-regressive, so the future the backward direction reads does not exist yet).
 */
export function adviseModel(spec: RunSpec): Advice[] {
  const m = spec.model;
  const out = stackAdvice(m.recurrent, 'encoder');
  if (spec.task === 'generate' && m.recurrent.bidirectional)
    out.push({ id: 'bidirectionalGenerate', level: 'error', where: 'encoder' });
  if (
    m.recurrent.cell === 'rnn' &&
    m.recurrent.nonlinearity === 'relu' &&
    spec.train.clipNorm === 0
  )
    out.push({ id: 'reluNoClipping', level: 'warn', where: 'encoder' });
  if (spec.task === 'classify' && m.recurrent.bidirectional && (m.pooling ?? 'last') === 'last')
    out.push({ id: 'lastPoolingBidirectional', level: 'info', where: 'head' });
  if (spec.task === 'seq2seq' && m.decoder !== undefined) {
    out.push(...stackAdvice(m.decoder, 'decoder'));
    if (m.decoder.bidirectional)
      out.push({ id: 'bidirectionalDecoder', level: 'error', where: 'decoder' });
    const encoderState = (m.recurrent.bidirectional ? 2 : 1) * m.recurrent.hiddenSize;
    if (m.decoder.hiddenSize !== encoderState)
      out.push({ id: 'decoderStateSize', level: 'info', where: 'decoder' });
  }
  return out;
}
