/** Tests of the per-task default run specs. */
import { describe, expect, it } from 'vitest';
import { presetSpec } from './presets.ts';
import { runSpecSchema, taskKindSchema } from './spec.ts';

describe('presetSpec', () => {
  it.each(taskKindSchema.options)('gives a %s spec the schema accepts with clipping on', (kind) => {
    const spec = presetSpec(kind);
    expect(runSpecSchema.parse(spec)).toEqual(spec);
    expect(spec.task).toBe(kind);
    expect(spec.train.clipNorm).toBeGreaterThan(0);
  });

  it('returns a fresh copy each time so callers may change it', () => {
    const a = presetSpec('classify');
    a.train.lr = 5;
    a.model.recurrent.hiddenSize = 3;
    expect(presetSpec('classify').train.lr).toBe(2e-3);
    expect(presetSpec('classify').model.recurrent.hiddenSize).toBe(128);
  });

  it('gives the tagger a character encoder and no other task one', () => {
    expect(presetSpec('tag').model.charEncoder).toEqual({ embeddingDim: 25, hiddenSize: 25 });
    for (const kind of taskKindSchema.options.filter((k) => k !== 'tag')) {
      expect(presetSpec(kind).model.charEncoder).toBeUndefined();
    }
  });

  it('keeps generate unidirectional', () => {
    expect(presetSpec('generate').model.recurrent.bidirectional).toBe(false);
  });
});
