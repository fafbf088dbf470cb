/** The export folder's contents without torch: the generated Python module is up to date with core/io/export/python/*.py, and config.json, vocabularies, weights and README carry the bundle. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelBundle } from '../../core/io/bundle.ts';
import { PYTHON_SOURCES } from '../../core/io/export/pythonSources.generated.ts';
import { exportPytorch } from '../../core/io/export/pytorch.ts';
import { PYTHON_FILE_ROLES } from '../../core/io/export/readme.ts';
import { readSafetensors } from '../../core/io/safetensors.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { generatedPath, pythonSourcesModule } from './generatePythonSources.ts';

/** The modules an export file may import besides its neighbours: Python's standard library, torch, torchvision (captioning, imported where images or resnet18 are needed) and safetensors. */
const STANDARD_OR_TORCH = new Set([
  'argparse',
  'collections',
  'csv',
  'datetime',
  'heapq',
  'io',
  'json',
  'math',
  'os',
  're',
  'shutil',
  'struct',
  'sys',
  'time',
  'unicodedata',
  'zipfile',
  'torch',
  'torchvision',
  'safetensors',
]);

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
      'captions.py',
      'config.json',
      'data.py',
      'finetune.py',
      'layers.py',
      'model.py',
      'model.safetensors',
      'predict.py',
      'safetensors_lite.py',
      'series.py',
      'task_caption.py',
      'task_classify.py',
      'task_forecast.py',
      'task_generate.py',
      'task_seq2seq.py',
      'task_tag.py',
      'tasks.py',
      'tokenization.py',
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

  it("lists every file of the folder in the README's Files section, each Python module with its role", () => {
    const files = exportPytorch(bundle());
    const readme = files.find((f) => f.name === 'README.md')?.content as string;
    const section = readme.slice(readme.indexOf('## Files'));
    const written = Object.keys(PYTHON_SOURCES).filter((n) => !n.startsWith('onnx_'));
    expect(Object.keys(PYTHON_FILE_ROLES).sort()).toEqual(written.sort());
    for (const [name, role] of Object.entries(PYTHON_FILE_ROLES)) {
      expect(section).toContain(`- \`${name}\`: ${role}`);
    }
    for (const file of files.filter((f) => f.name !== 'README.md')) {
      const listed = file.name.startsWith('vocab') ? 'vocab*.json' : file.name;
      expect(section).toContain(`- \`${listed}\`:`);
    }
    const forecastLike = exportPytorch({ ...bundle(), vocabularies: {} });
    const noVocabularies = forecastLike.find((f) => f.name === 'README.md')?.content as string;
    expect(noVocabularies).not.toContain('`vocab*.json`');
  });

  it('imports each Python module only from the modules written beside it', () => {
    const local = new Set(Object.keys(PYTHON_SOURCES).map((n) => n.replace(/\.py$/, '')));
    for (const [name, text] of Object.entries(PYTHON_SOURCES)) {
      for (const [, module] of text.matchAll(/^\s*(?:from|import) ([A-Za-z_]\w*)/gm)) {
        // NOTE: the ONNX export's predict.py runs in ONNX Runtime (numpy arrays in and out).
        const onnxRuntime =
          name.startsWith('onnx_') && ['numpy', 'onnxruntime'].includes(module as string);
        const known =
          local.has(module as string) || STANDARD_OR_TORCH.has(module as string) || onnxRuntime;
        expect(known, `${name} imports '${module}'`).toBe(true);
      }
    }
  });
});
