/** Tests of the model advice: what PyTorch warns about or what cannot work is explained. */
import { describe, expect, it } from 'vitest';
import { defaultRunSpec } from '../../app/runSpec.ts';
import { adviseModel } from './advice.ts';

describe('adviseModel', () => {
  it('says dropout does nothing with one layer, as PyTorch warns', () => {
    const spec = defaultRunSpec('forecast');
    spec.model.recurrent.dropout = 0.3;
    expect(adviseModel(spec).map((a) => a.id)).toEqual(['dropoutOneLayer']);
    spec.model.recurrent.numLayers = 2;
    expect(adviseModel(spec)).toEqual([]);
  });

  it('refuses a bidirectional generator', () => {
    const spec = defaultRunSpec('generate');
    spec.model.recurrent.bidirectional = true;
    expect(adviseModel(spec)).toContainEqual({
      id: 'bidirectionalGenerate',
      level: 'error',
      where: 'encoder',
    });
  });

  it('says relu applies to plain RNN cells only', () => {
    const spec = defaultRunSpec('forecast');
    spec.model.recurrent.nonlinearity = 'relu';
    expect(adviseModel(spec).map((a) => a.id)).toEqual(['reluNotRnn']);
    spec.model.recurrent.cell = 'rnn';
    expect(adviseModel(spec)).toEqual([]);
    spec.train.clipNorm = 0;
    expect(adviseModel(spec).map((a) => a.id)).toEqual(['reluNoClipping']);
  });

  it('refuses a bidirectional decoder and notes a decoder state of another size', () => {
    const spec = defaultRunSpec('seq2seq');
    expect(adviseModel(spec)).toEqual([]);
    const decoder = spec.model.decoder;
    if (decoder === undefined) throw new Error('the seq2seq preset must have a decoder');
    decoder.bidirectional = true;
    expect(adviseModel(spec).map((a) => a.id)).toEqual(['bidirectionalDecoder']);
    decoder.bidirectional = false;
    spec.model.recurrent.bidirectional = true;
    expect(adviseModel(spec).map((a) => a.id)).toEqual(['decoderStateSize']);
  });
});
