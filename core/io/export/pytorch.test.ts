/** The PyTorch export's file names: a vocabulary name becomes a file name, so only safe ones are exported. */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../tasks/presets.ts';
import { exportPytorch } from './pytorch.ts';

const bundle = (vocabularies: Record<string, unknown>) => ({
  spec: presetSpec('classify'),
  taskState: {},
  weights: new Map([['w', { shape: [1], data: Float32Array.from([1]) }]]),
  vocabularies,
  history: [],
  metrics: {},
});

describe('exportPytorch', () => {
  it('names each vocabulary file after its entry', () => {
    const names = exportPytorch(bundle({ vocab: ['a'], 'vocab-source': ['b'] })).map((f) => f.name);
    expect(names).toContain('vocab.json');
    expect(names).toContain('vocab-source.json');
  });

  it.each(['../package', 'vocab/../../x', 'vocab-a.b', ''])(
    "refuses the vocabulary name '%s' that is not a safe file name",
    (name) => {
      expect(() => exportPytorch(bundle({ [name]: [] }))).toThrow(
        `exportPytorch: a vocabulary name must be 'vocab' or 'vocab-<word>', got '${name}'.`,
      );
    },
  );
});
