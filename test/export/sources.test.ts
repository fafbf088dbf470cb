/** The export folder's contents without torch: the generated Python module is up to date with core/io/export/python/*.py, and config.json, vocabularies, weights and README carry the bundle. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelBundle } from '../../core/io/bundle.ts';
import { exportPytorch } from '../../core/io/export/pytorch.ts';
import { readSafetensors } from '../../core/io/safetensors.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { generatedPath, pythonSourcesModule } from './generatePythonSources.ts';

function bundle(): ModelBundle {
  return {
    spec: presetSpec('classify'),
    taskState: { kind: 'classify', vocab: { $file: 'vocab.json' }, classes: ['neg', 'pos'] },
    weights: new Map([
      ['head.weight', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
      ['head.bias', { shape: [2], data: Float32Array.from([0.5, -0.5]) }],
    ]),
    vocabularies: { vocab: ['<pad>', '<unk>', '<bos>', '<eos>', 'good'] },
    history: [],
    metrics: { accuracy: 0.75 },
  };
}

describe('PyTorch export folder', () => {
  it('ships the current Python sources (regenerate with npx tsx test/export/generatePythonSources.ts)', () => {
    expect(readFileSync(generatedPath, 'utf8')).toBe(pythonSourcesModule());
  });

  it('writes config.json, the vocabulary, the weights under their names and a README with the two loading lines', () => {
    const files = new Map(exportPytorch(bundle()).map((f) => [f.name, f.content]));
    expect([...files.keys()].sort()).toEqual([
      'README.md',
      'config.json',
      'data.py',
      'model.py',
      'model.safetensors',
      'predict.py',
      'safetensors_lite.py',
      'tasks.py',
      'train.py',
      'vocab.json',
    ]);
    const config = JSON.parse(files.get('config.json') as string) as Record<string, unknown>;
    expect(config).toMatchObject({
      exportFormat: 1,
      task: 'classify',
      metrics: { accuracy: 0.75 },
    });
    expect(config.taskState).toEqual(bundle().taskState);
    expect(JSON.parse(files.get('vocab.json') as string)).toEqual(bundle().vocabularies.vocab);
    const weights = readSafetensors(files.get('model.safetensors') as Uint8Array).tensors;
    expect([...weights.keys()]).toEqual(['head.weight', 'head.bias']);
    expect([...(weights.get('head.weight')?.data ?? [])]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(files.get('README.md')).toContain("import model as m\nnet, config = m.load('.')");
  });
});
