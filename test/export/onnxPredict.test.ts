/** The ONNX export's predict.py: greedy decoding of seq2seq and generate exports in ONNX Runtime gives the app's greedy text, tokenizing with the export's tokenization.py. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportFolderFiles } from '../../core/io/export/formats.ts';
import { Random } from '../../core/random.ts';
import { generateTask } from '../../core/tasks/generate/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { seq2seqTask } from '../../core/tasks/seq2seq/index.ts';
import type { PreparedTask } from '../../core/tasks/task.ts';
import { bundleFromTask } from '../../core/train/modelBundle.ts';
import { quickTrain } from '../support/quickTrain.ts';
import { PYTHON, removeTempDirs, sharedData, tempDir } from './helpers.ts';
import { seq2seqSpec, tatoebaPairs } from './specs.ts';

// NOTE: Debian has no onnxruntime for Python and pip cannot reach its index here, so the script
// imports a stand-in `onnxruntime` (test/export/ortShim) whose InferenceSession hands each run to
// ONNX Runtime's Node binding: the graphs run in ONNX Runtime, the loop and tokenizing in Python.
const SHIM = join(import.meta.dirname, 'ortShim');

afterAll(removeTempDirs);

function numpyAvailable(): boolean {
  const ok = spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
  if (!ok) console.log(`ONNX predict.py: skipped — ${PYTHON} cannot import numpy.`);
  return ok;
}

/** Writes the ONNX export of a trained task into a fresh folder. */
function exportFolder(task: PreparedTask): string {
  const dir = tempDir();
  const bundle = bundleFromTask(task, { history: [], metrics: {} });
  for (const file of exportFolderFiles(bundle, 'onnx'))
    writeFileSync(join(dir, file.name), file.content);
  return dir;
}

/** predict.py's JSON answer for one text. */
function predictPy(
  dir: string,
  text: string,
  extra: string[] = [],
): { text: string; ids: number[] } {
  const r = spawnSync(PYTHON, [join(dir, 'predict.py'), '--text', text, '--json', ...extra], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: SHIM },
  });
  if (r.status !== 0) throw new Error(`predict.py exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { text: string; ids: number[] };
}

describe.runIf(numpyAvailable())('ONNX export: predict.py', () => {
  it('writes predict.py and tokenization.py beside the decoder graphs only', async () => {
    const spec = seq2seqSpec('luong', {}, {});
    const body = tatoebaPairs
      .slice(0, 120)
      .map((p) => p.join('\t'))
      .join('\n');
    const task = await seq2seqTask.prepare({
      spec,
      fileName: 'kor.tsv',
      bytes: new TextEncoder().encode(`ko\ten\n${body}\n`),
      random: new Random(0),
    });
    const bundle = bundleFromTask(task, { history: [], metrics: {} });
    const names = exportFolderFiles(bundle, 'onnx').map((f) => f.name);
    expect(exportFolderFiles(bundle, 'pytorch').map((f) => f.name)).not.toContain(
      'onnx_predict.py',
    );
    expect(names).toContain('predict.py');
    expect(names).toContain('tokenization.py');
    expect(names.filter((n) => n.endsWith('.py'))).toHaveLength(2);
  });

  for (const attention of ['luong', 'none'] as const) {
    it(`seq2seq (${attention} attention): predict.py decodes greedily to the app's text`, async () => {
      const spec =
        attention === 'luong'
          ? seq2seqSpec('luong', { bidirectional: true }, {})
          : seq2seqSpec('none', { cell: 'lstm' }, { cell: 'lstm' });
      // NOTE: 40 pairs learnt by heart, so greedy decoding of their sources runs several tokens.
      const pairs = tatoebaPairs.slice(0, 40);
      const task = await seq2seqTask.prepare({
        spec: { ...spec, train: { ...spec.train, lr: 2e-2 } },
        fileName: 'kor.tsv',
        bytes: new TextEncoder().encode(`ko\ten\n${pairs.map((p) => p.join('\t')).join('\n')}\n`),
        random: new Random(0),
      });
      quickTrain(task, { steps: 150 });
      const dir = exportFolder(task);
      const predictor = task.predictor();
      for (const [source] of pairs.slice(0, 5)) {
        const app = predictor.predict({ text: source as string, decode: { greedy: true } });
        const py = predictPy(dir, source as string);
        expect(app.kind).toBe('seq2seq');
        expect(py.text).toBe((app as { text: string }).text);
        expect(py.ids.length).toBeGreaterThanOrEqual(2);
      }
    }, 120_000);
  }

  for (const direction of ['forward', 'backward'] as const) {
    it(`generate: predict.py continues a prompt greedily to the app's text (${direction}: a backward LM writes the text before it)`, async () => {
      const spec = presetSpec('generate');
      spec.data = { tokenizer: 'char', minFreq: 2, maxVocab: 400, maxLength: 24 };
      spec.model = {
        embeddingDim: 12,
        recurrent: { ...spec.model.recurrent, cell: 'lstm', hiddenSize: 16, numLayers: 2 },
        headDropout: 0,
        direction,
      };
      spec.train = { ...spec.train, batchSize: 8, lr: 2e-2 };
      const reviews = readFileSync(join(sharedData, 'nsmc-sample', 'nsmc_sample_10k.txt'), 'utf8')
        .split('\n')
        .slice(1, 11)
        .map((l) => l.split('\t')[1] ?? '');
      const task = await generateTask.prepare({
        spec,
        fileName: 'nsmc.txt',
        bytes: new TextEncoder().encode(`text\n${reviews.join('\n')}\n`),
        random: new Random(0),
      });
      // NOTE: ten reviews learnt by heart, so greedy decoding continues a prompt with varied text.
      quickTrain(task, { steps: 150 });
      const dir = exportFolder(task);
      const predictor = task.predictor();
      for (const prompt of [(reviews[0] as string).slice(0, 4), '']) {
        const app = predictor.predict({ text: prompt, decode: { greedy: true, maxTokens: 15 } });
        const py = predictPy(dir, prompt, ['--max-tokens', '15']);
        expect(py.text).toBe((app as { text: string }).text);
        if (prompt !== '') expect(new Set(py.ids).size).toBeGreaterThan(1);
      }
    }, 120_000);
  }
});
