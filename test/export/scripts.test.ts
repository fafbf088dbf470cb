/** The export folder's scripts: predict.py gives the app's predictions, and `torchrun --nproc_per_node 2 train.py` trains on the CPU (gloo) with a falling loss and writes a folder predict.py reads. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import { forecastTask } from '../../core/tasks/forecast/index.ts';
import { generateTask } from '../../core/tasks/generate/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { seq2seqTask } from '../../core/tasks/seq2seq/index.ts';
import { tagTask } from '../../core/tasks/tag/index.ts';
import type { ClassifyPrediction, PreparedTask } from '../../core/tasks/task.ts';
import { quickTrain } from '../support/quickTrain.ts';
import {
  exportToTemp,
  maxAbsDiff,
  PYTHON,
  removeTempDirs,
  sharedData,
  torchAvailable,
  writeText,
} from './helpers.ts';

const nsmcLines = readFileSync(
  join(sharedData, 'nsmc-sample', 'nsmc_sample_10k.txt'),
  'utf8',
).split('\n');

async function classifier(rows: number): Promise<{ task: PreparedTask; data: string }> {
  const spec = presetSpec('classify');
  spec.data = { tokenizer: 'char', minFreq: 2, maxVocab: 500, maxLength: 40 };
  spec.model = {
    embeddingDim: 16,
    recurrent: {
      cell: 'gru',
      hiddenSize: 16,
      numLayers: 1,
      bidirectional: true,
      dropout: 0,
      nonlinearity: 'tanh',
    },
    pooling: 'mean',
    headDropout: 0.1,
  };
  spec.train = { ...spec.train, batchSize: 16, lr: 1e-2 };
  const data = `${nsmcLines.slice(0, rows + 1).join('\n')}\n`;
  const task = await classifyTask.prepare({
    spec,
    fileName: 'nsmc.txt',
    bytes: new TextEncoder().encode(data),
    random: new Random(0),
  });
  quickTrain(task, { steps: 2 });
  return { task, data };
}

function run(
  args: string[],
  cwd: string,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(args[0] as string, args.slice(1), { cwd, encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(removeTempDirs);

describe.runIf(torchAvailable('PyTorch export scripts'))('PyTorch export scripts', () => {
  it("predict.py prints the app's label and probabilities for the same text", async () => {
    const { task } = await classifier(200);
    const dir = exportToTemp(task);
    const text = nsmcLines[500]?.split('\t')[1] as string;
    const r = run([PYTHON, 'predict.py', '--text', text, '--json'], dir);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { type: string; predictions: ClassifyPrediction[] };
    const app = task.predictor().predict({ text }) as ClassifyPrediction;
    expect(out.type).toBe('result');
    expect(out.predictions[0]?.label).toBe(app.label);
    out.predictions[0]?.probabilities.forEach((p, i) => {
      expect(p.label).toBe(app.probabilities[i]?.label);
      expect(Math.abs(p.probability - (app.probabilities[i]?.probability as number))).toBeLessThan(
        1e-5,
      );
    });
  }, 30_000);

  it('torchrun --nproc_per_node 2 train.py trains on the CPU with gloo, the loss goes down, and predict.py reads the result', async () => {
    const { task, data } = await classifier(600);
    const dir = exportToTemp(task);
    const dataPath = writeText(dir, 'nsmc-slice.txt', data);
    const r = run(
      // NOTE: '--redirects 2 --tee 2' works around torchrun of Debian's torch 1.13 on Python 3.11,
      // whose defaults ('0') fail with "'NoneType' object has no attribute 'get'" (README.md says so).
      [
        PYTHON,
        '-m',
        'torch.distributed.run',
        '--standalone',
        '--nproc_per_node',
        '2',
        '--redirects',
        '2',
        '--tee',
        '2',
        'train.py',
        '--data',
        dataPath,
        '--max-steps',
        '40',
        '--epochs',
        '20',
        '--lr',
        '0.01',
        '--out',
        'trained',
      ],
      dir,
    );
    expect(r.status, r.stderr).toBe(0);
    const events = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const start = events.find((e) => e.type === 'start');
    expect(start).toMatchObject({ task: 'classify', world: 2, device: 'cpu' });
    // The same seeded split as the app (xoshiro128** port): the same part sizes.
    expect(start?.examples).toEqual({
      train: task.sizes.train,
      val: task.sizes.val,
      test: task.sizes.test,
    });
    const losses = events.filter((e) => e.type === 'step').map((e) => e.loss as number);
    expect(losses).toHaveLength(40);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(losses.slice(-8))).toBeLessThan(mean(losses.slice(0, 8)) - 0.03);
    expect(events.at(-1)).toMatchObject({ type: 'result', steps: 40 });
    expect(existsSync(join(dir, 'trained', 'checkpoint.pt'))).toBe(true);
    const p = run(
      [PYTHON, 'predict.py', '--model-dir', 'trained', '--text', '정말 재미있는 영화', '--json'],
      dir,
    );
    expect(p.stderr).toBe('');
    const label = (JSON.parse(p.stdout) as { predictions: ClassifyPrediction[] }).predictions[0]
      ?.label;
    expect(['0', '1']).toContain(label);
  }, 100_000);

  const SINGLE_PROCESS: {
    task: 'forecast' | 'tag' | 'seq2seq' | 'generate';
    file: string;
    data: () => string;
    text: string;
  }[] = [
    {
      task: 'forecast',
      file: 'weather.csv',
      data: () =>
        `${readFileSync(join(sharedData, 'seattle-weather', 'seattle-weather.csv'), 'utf8')
          .split('\n')
          .slice(0, 300)
          .join('\n')}\n`,
      text: '',
    },
    {
      task: 'tag',
      file: 'ewt.conllu',
      data: () =>
        `${readFileSync(join(sharedData, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'), 'utf8')
          .split(/\n\n/)
          .slice(0, 120)
          .join('\n\n')}\n\n`,
      text: 'The cat sat on the mat .',
    },
    {
      task: 'seq2seq',
      file: 'pairs.tsv',
      data: () =>
        `ko\ten\n${readFileSync(join(sharedData, 'tatoeba-kor-eng', 'kor.txt'), 'utf8')
          .split('\n')
          .slice(0, 150)
          .map((l) => {
            const f = l.split('\t');
            return `${f[1]}\t${f[0]}`;
          })
          .join('\n')}\n`,
      text: '안녕',
    },
    {
      task: 'generate',
      file: 'reviews.txt',
      data: () =>
        `text\n${nsmcLines
          .slice(1, 150)
          .map((l) => l.split('\t')[1])
          .join('\n')}\n`,
      text: '영화',
    },
  ];
  for (const c of SINGLE_PROCESS) {
    it(`python train.py trains a ${c.task} model in one process and predict.py reads the result`, async () => {
      const spec = presetSpec(c.task);
      spec.model = {
        ...spec.model,
        embeddingDim: 8,
        recurrent: { ...spec.model.recurrent, hiddenSize: 8 },
        ...(spec.model.decoder ? { decoder: { ...spec.model.decoder, hiddenSize: 8 } } : {}),
      };
      if (c.task === 'seq2seq')
        spec.data = { ...spec.data, sourceColumn: 'ko', targetColumn: 'en' };
      if (c.task === 'tag') {
        spec.model.charEncoder = { embeddingDim: 4, hiddenSize: 4 };
        spec.model.inputDropout = 0.2;
      }
      if (c.task === 'forecast') {
        spec.model = { recurrent: { ...spec.model.recurrent, hiddenSize: 8 } };
        // Derived columns: a target computed from two columns, and a feature from a derived one.
        spec.data = {
          ...spec.data,
          derivedColumns: [
            { name: 'spread', op: 'subtract', left: 'temp_max', right: 'temp_min' },
            { name: 'spread per wind', op: 'divide', left: 'spread', right: 'wind' },
          ],
          targetColumn: 'spread',
          dateColumn: 'date',
          featureColumns: ['temp_min', 'wind', 'spread per wind'],
          window: 7,
          horizon: 2,
          // Window-normalised targets, and temp_min known in advance (train.py feeds its next 2 rows).
          targetMode: 'window-norm',
          knownFutureColumns: ['temp_min'],
        };
      }
      const data = c.data();
      const definition = {
        forecast: forecastTask,
        tag: tagTask,
        seq2seq: seq2seqTask,
        generate: generateTask,
      }[c.task];
      const task = await definition.prepare({
        spec,
        fileName: c.file,
        bytes: new TextEncoder().encode(data),
        random: new Random(0),
      });
      const dir = exportToTemp(task);
      const dataPath = writeText(dir, c.file, data);
      const r = run(
        [
          PYTHON,
          'train.py',
          '--data',
          dataPath,
          '--max-steps',
          '3',
          '--batch-size',
          '8',
          '--out',
          'trained',
        ],
        dir,
      );
      expect(r.status, r.stderr).toBe(0);
      const events = r.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(events[0]).toMatchObject({ type: 'start', task: c.task, world: 1 });
      expect(events[0]?.examples).toEqual({
        train: task.sizes.train,
        val: task.sizes.val,
        test: task.sizes.test,
      });
      expect(events.at(-1)).toMatchObject({ type: 'result', steps: 3 });
      if (c.task === 'forecast') {
        // The series is read (derived columns computed), sorted, split and scaled as the app does:
        // the same scaler and last rows.
        const trained = JSON.parse(readFileSync(join(dir, 'trained', 'config.json'), 'utf8')) as {
          taskState: { scaler: { offset: number[]; scale: number[] }; lastRows: number[][] };
        };
        const app = task.state as unknown as {
          scaler: { offset: number[]; scale: number[] };
          lastRows: number[][];
        };
        expect(maxAbsDiff(trained.taskState.scaler.offset, app.scaler.offset)).toBeLessThan(1e-6);
        expect(maxAbsDiff(trained.taskState.scaler.scale, app.scaler.scale)).toBeLessThan(1e-6);
        expect(trained.taskState.lastRows).toEqual(app.lastRows);
      }
      if (c.task === 'tag') {
        // The character vocabulary is fitted on the training words as the app fits it.
        const trained = JSON.parse(readFileSync(join(dir, 'trained', 'config.json'), 'utf8')) as {
          taskState: { charVocab: string[] };
        };
        const app = task.state as unknown as { charVocab: string[] };
        expect(app.charVocab.length).toBeGreaterThan(20);
        expect(trained.taskState.charVocab).toEqual(app.charVocab);
      }
      const p = run(
        [
          PYTHON,
          'predict.py',
          '--model-dir',
          'trained',
          '--text',
          c.text,
          '--json',
          '--max-tokens',
          '5',
          ...(c.task === 'forecast' ? ['--future', '5.5;6'] : []),
        ],
        dir,
      );
      expect(p.stderr).toBe('');
      expect(
        (JSON.parse(p.stdout) as { predictions: { kind: string }[] }).predictions[0]?.kind,
      ).toBe(c.task);
    }, 60_000);
  }
});
