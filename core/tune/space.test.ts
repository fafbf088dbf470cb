/** The search space: the base spec first, seeded distinct draws, only the dimensions a task has. */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../tasks/presets.ts';
import { runSpecSchema } from '../tasks/spec.ts';
import {
  configOf,
  describeConfig,
  relativeCost,
  STEP_OVERHEAD_MULTIPLY_ADDS,
  sampleConfigs,
  specWith,
  type TrialConfig,
  windowChoices,
} from './space.ts';

describe('search space', () => {
  it('starts from the base spec and draws the same distinct configs under the same seed', () => {
    const base = presetSpec('classify');
    const a = sampleConfigs(base, 12, 4);
    expect(a[0]).toEqual(configOf(base));
    expect(sampleConfigs(base, 12, 4)).toEqual(a);
    expect(sampleConfigs(base, 12, 5)).not.toEqual(a);
    expect(new Set(a.map((c) => JSON.stringify(c))).size).toBe(12);
    expect(new Set(a.map((c) => c.tokenizer)).size).toBeGreaterThan(1);
  });

  it('gives forecast no tokenizer or embedding and tag the character encoder instead of a tokenizer', () => {
    for (const config of sampleConfigs(presetSpec('forecast'), 8, 0)) {
      expect(config.tokenizer).toBeUndefined();
      expect(config.embeddingDim).toBeUndefined();
    }
    const tag = sampleConfigs(presetSpec('tag'), 8, 0);
    expect(tag.every((c) => c.tokenizer === undefined && typeof c.charEncoder === 'boolean')).toBe(
      true,
    );
  });

  it('draws forecast windows around the base window, none longer than the data allows', () => {
    const base = presetSpec('forecast');
    expect(windowChoices(30)).toEqual([15, 30, 60, 120]);
    expect(windowChoices(30, 70)).toEqual([15, 30, 60]);
    // The base's own window stays even when the limit is below it.
    expect(windowChoices(30, 20)).toEqual([15, 30]);
    expect(configOf(base).window).toBe(30);
    const configs = sampleConfigs(base, 40, 1, { limits: { maxWindow: 70 } });
    expect(new Set(configs.map((c) => c.window))).toEqual(new Set([15, 30, 60]));
    const own = (list: typeof configs) => list[1] as (typeof configs)[number];
    const spec = specWith(base, { ...own(configs), window: 60 });
    expect(spec.data.window).toBe(60);
    expect(runSpecSchema.parse(spec)).toEqual(spec);
    expect(
      describeConfig({
        hiddenSize: 64,
        numLayers: 1,
        dropout: 0,
        lr: 0.001,
        window: 60,
        schedule: 'plateau',
      }),
    ).toBe('hidden 64 × 1 · dropout 0 · lr 0.001 · window 60 · plateau lr');
    // The schedule too: the base's own first, the others drawn.
    expect(configOf(base).schedule).toBe('constant');
    expect(new Set(configs.map((c) => c.schedule))).toEqual(
      new Set(['constant', 'cosine', 'plateau']),
    );
    const cosine = specWith(base, { ...own(configs), schedule: 'cosine' });
    expect(cosine.train.schedule).toBe('cosine');
    // A cosine run trains to the end of its schedule: no early stopping cuts it while the rate is high.
    expect(cosine.train.earlyStoppingPatience).toBe(0);
    expect(base.train.earlyStoppingPatience).toBe(5);
    expect(
      specWith(base, { ...own(configs), schedule: 'plateau' }).train.earlyStoppingPatience,
    ).toBe(5);
    // A window twice as long is twice the recurrent steps.
    const asSet = configOf(base);
    expect(relativeCost({ ...asSet, window: 60 }, asSet, 1)).toBe(2);
  });

  it("adds a step's fixed work to the multiply-adds, so a tiny spec's larger settings cost tens of its steps, not thousands", () => {
    const sized = (n: number): TrialConfig => ({
      tokenizer: 'word',
      embeddingDim: n,
      hiddenSize: n,
      numLayers: 1,
      dropout: 0,
      lr: 0.001,
    });
    // Measured (docs/results.md): 256 wide took 41 times the 4-wide step, 128 wide 9.9 times;
    // multiply-adds alone say 4,096 and 1,024.
    const tiny = sized(4);
    expect(relativeCost(sized(256), tiny, 1)).toBeCloseTo((2 * 256 * 256 + 3000) / (32 + 3000), 6);
    expect(relativeCost(sized(256), tiny, 1)).toBeGreaterThan(30);
    expect(relativeCost(sized(256), tiny, 1)).toBeLessThan(60);
    expect(relativeCost(sized(128), tiny, 1)).toBeGreaterThan(8);
    expect(relativeCost(sized(128), tiny, 1)).toBeLessThan(15);
    // Between large settings the multiply-adds dominate: twice as wide is nearly 4 times the step.
    expect(relativeCost(sized(256), sized(128), 1)).toBeGreaterThan(3.5);
    // Characters are 5 times the tokens of words, fixed work included.
    expect(relativeCost({ ...tiny, tokenizer: 'char' }, tiny, 1)).toBeCloseTo(5, 9);
    expect(STEP_OVERHEAD_MULTIPLY_ADDS).toBe(3000);
  });

  it('draws only settings not tried yet for a later round, without the base first', () => {
    const base = presetSpec('forecast');
    const first = sampleConfigs(base, 8, 0);
    const later = sampleConfigs(base, 8, 1, { seen: first });
    expect(later).toHaveLength(8);
    const tried = new Set(first.map((c) => JSON.stringify(c)));
    expect(later.some((c) => tried.has(JSON.stringify(c)))).toBe(false);
    expect(later[0]).not.toEqual(configOf(base));
  });

  it('writes a config into a valid spec, dropout between layers only with two of them', () => {
    const base = presetSpec('tag');
    const spec = specWith(base, {
      embeddingDim: 32,
      hiddenSize: 64,
      numLayers: 1,
      dropout: 0.4,
      lr: 0.004,
      charEncoder: false,
    });
    expect(runSpecSchema.parse(spec)).toEqual(spec);
    expect(spec.model.recurrent).toMatchObject({ hiddenSize: 64, numLayers: 1, dropout: 0 });
    expect(spec.model).toMatchObject({ embeddingDim: 32, headDropout: 0.4, inputDropout: 0.4 });
    expect(spec.model.charEncoder).toBeUndefined();
    expect(spec.train.lr).toBe(0.004);
    expect(base.model.charEncoder).toBeDefined();
    expect(describeConfig(configOf(presetSpec('classify')))).toBe(
      'word · emb 64 · hidden 128 × 1 · dropout 0.2 · lr 0.002',
    );
  });

  it('costs a setting by its recurrent multiply-adds and fixed work per token times the tokens per text', () => {
    const base = {
      tokenizer: 'word' as const,
      embeddingDim: 64,
      hiddenSize: 64,
      numLayers: 1,
      dropout: 0,
      lr: 1e-3,
    };
    expect(relativeCost(base, base, 2)).toBe(1);
    // Twice the hidden size: 64·128 + 128² against 64·64 + 64² is 3 times the recurrent work,
    // each with the step's fixed work per token beside it.
    const fixed = STEP_OVERHEAD_MULTIPLY_ADDS;
    expect(relativeCost({ ...base, hiddenSize: 128 }, base, 1)).toBeCloseTo(
      (3 * 8192 + fixed) / (8192 + fixed),
      9,
    );
    expect(relativeCost({ ...base, tokenizer: 'char' }, base, 1)).toBeCloseTo(5, 9);
    // A second layer reads the first's 64 outputs: as much recurrent work again.
    expect(relativeCost({ ...base, numLayers: 2 }, base, 1)).toBeCloseTo(
      (2 * 8192 + fixed) / (8192 + fixed),
      9,
    );
  });
});
