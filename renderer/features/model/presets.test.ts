/** Tests that each model preset's summary names its network, depth, tokens and attention. */
import { describe, expect, it } from 'vitest';
import type { TaskKind } from '../../../core/tasks/spec.ts';
import { presetSummaryParts, presetsFor } from './presets.ts';

const byId = (task: TaskKind, id: string) => {
  const preset = presetsFor(task).find((p) => p.id === id);
  if (preset === undefined) throw new Error(`no preset ${id}`);
  return preset;
};

describe('preset summaries', () => {
  it('lists every task default first, then the alternatives', () => {
    for (const task of ['classify', 'forecast', 'tag', 'seq2seq', 'generate'] as const) {
      expect(presetsFor(task)[0]?.id).toBe('default');
    }
  });

  it('describes a two-layer bidirectional RNN on word tokens', () => {
    expect(presetSummaryParts(byId('classify', 'classify-rnn-w2'))).toEqual({
      network: 'BiRNN 128',
      layers: 2,
      tokenizer: 'word',
    });
  });

  it('names the attention of a seq2seq preset and no tokenizer for a tagger', () => {
    expect(presetSummaryParts(byId('seq2seq', 'seq2seq-gru-attention'))).toMatchObject({
      network: 'GRU 256',
      attention: 'luong',
    });
    expect(presetSummaryParts(byId('tag', 'tag-bilstm'))).toEqual({
      network: 'BiLSTM 128',
      layers: 1,
    });
  });

  it('says when a tagger also reads characters', () => {
    const preset = { ...byId('tag', 'tag-bilstm') };
    preset.model = { ...preset.model, charEncoder: { embeddingDim: 25, hiddenSize: 25 } };
    expect(presetSummaryParts(preset).charEncoder).toBe(true);
  });
});
