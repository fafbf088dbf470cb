/** A tiny classify dataset and run spec that train in well under a second per epoch: shared by electron/ tests. */
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';

/** 200 rows of two separable classes, as CSV text with `text` and `label` columns. */
export function tinyClassifyCsv(): string {
  const rows = ['text,label'];
  for (let i = 0; i < 200; i++) {
    rows.push(`${i % 2 ? 'good great fine' : 'bad awful poor'} w${i % 7},${i % 2 ? 'pos' : 'neg'}`);
  }
  return `${rows.join('\n')}\n`;
}

/** The classify preset shrunk to an 8-unit GRU over that CSV, for `epochs` epochs. */
export function tinyClassifySpec(epochs: number): RunSpec {
  const base = presetSpec('classify');
  return {
    ...base,
    data: { ...base.data, textColumn: 'text', labelColumn: 'label', minFreq: 1 },
    model: {
      ...base.model,
      embeddingDim: 8,
      recurrent: { ...base.model.recurrent, hiddenSize: 8, bidirectional: false },
    },
    train: { ...base.train, epochs, batchSize: 16, earlyStoppingPatience: 0 },
  };
}
