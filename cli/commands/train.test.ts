/** `rnn-studio train / eval / predict` on the toy task: option mapping, JSON lines, exit codes, divergence, and a killed child process resumed with --resume. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { captureIo } from '../../test/support/captureIo.ts';
import { toyTaskDefinition } from '../../test/support/toyTask.ts';
import { parseArgs } from '../args.ts';
import { runEval } from './eval.ts';
import { runPredict } from './predict.ts';
import { runTrain, specFromArgs } from './train.ts';

const tasks = () => toyTaskDefinition;
const TOY = [
  '--task',
  'forecast',
  '--hidden',
  '8',
  '--cell',
  'gru',
  '--batch-size',
  '8',
  '--lr',
  '0.02',
];

function workDir(): { dir: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-train-'));
  const data = join(dir, 'series.csv');
  writeFileSync(data, 'date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n');
  return { dir, data };
}

describe('specFromArgs', () => {
  const inspection = {
    suggestedTask: 'classify' as const,
    roles: { text: 'document', label: 'label' },
  };

  it('starts from the preset and fills the columns inspect suggests', () => {
    const spec = specFromArgs(parseArgs([], {}), inspection);
    expect(spec.task).toBe('classify');
    expect(spec.data).toMatchObject({
      textColumn: 'document',
      labelColumn: 'label',
      tokenizer: 'word',
    });
    expect(spec.train.clipNorm).toBe(1);
  });

  it('applies every model and training option given', () => {
    const args = parseArgs(
      [
        '--task',
        'classify',
        '--label-col',
        'y',
        '--cell',
        'lstm',
        '--hidden',
        '32',
        '--layers',
        '2',
        '--no-bidirectional',
        '--dropout',
        '0.1',
        '--embedding-dim',
        '16',
        '--pooling',
        'mean',
        '--head-dropout',
        '0.5',
        '--tokenizer',
        'char',
        '--epochs',
        '3',
        '--batch-size',
        '4',
        '--lr',
        '0.01',
        '--seed',
        '7',
        '--val-split',
        '0.2',
        '--max-minutes',
        '1.5',
        '--clip-norm',
        '0',
        '--schedule',
        'cosine',
        '--optimizer',
        'sgd',
      ],
      {
        values: [
          'task',
          'label-col',
          'cell',
          'hidden',
          'layers',
          'dropout',
          'embedding-dim',
          'pooling',
          'head-dropout',
          'tokenizer',
          'epochs',
          'batch-size',
          'lr',
          'seed',
          'val-split',
          'max-minutes',
          'clip-norm',
          'schedule',
          'optimizer',
        ],
        flags: ['no-bidirectional'],
      },
    );
    const spec = specFromArgs(args, inspection);
    expect(spec.data).toMatchObject({
      textColumn: 'document',
      labelColumn: 'y',
      tokenizer: 'char',
    });
    expect(spec.model.recurrent).toMatchObject({
      cell: 'lstm',
      hiddenSize: 32,
      numLayers: 2,
      bidirectional: false,
      dropout: 0.1,
    });
    expect(spec.model).toMatchObject({ embeddingDim: 16, pooling: 'mean', headDropout: 0.5 });
    expect(spec.train).toMatchObject({
      epochs: 3,
      batchSize: 4,
      lr: 0.01,
      seed: 7,
      valSplit: 0.2,
      maxMinutes: 1.5,
      clipNorm: 0,
      schedule: 'cosine',
      optimizer: 'sgd',
    });
  });

  it('reads the vocabulary options into spec.data (BPE merges, min frequency, size)', () => {
    const argv = [
      '--tokenizer',
      'bpe',
      '--bpe-merges',
      '800',
      '--min-freq',
      '3',
      '--max-vocab',
      '4000',
    ];
    const args = parseArgs(argv, { values: ['tokenizer', 'bpe-merges', 'min-freq', 'max-vocab'] });
    expect(specFromArgs(args, inspection).data).toMatchObject({
      tokenizer: 'bpe',
      bpeMerges: 800,
      minFreq: 3,
      maxVocab: 4000,
    });
    const bad = parseArgs(['--max-vocab', '5'], { values: ['max-vocab'] });
    expect(() => specFromArgs(bad, inspection)).toThrow(/data\.maxVocab/);
  });

  it('names an option whose value is not a number or not allowed', () => {
    const bad = (argv: string[]) =>
      specFromArgs(parseArgs(argv, { values: ['epochs', 'cell'] }), inspection);
    expect(() => bad(['--epochs', 'ten'])).toThrow(
      "Option '--epochs' must be a number, got 'ten'.",
    );
    expect(() => bad(['--cell', 'transformer'])).toThrow(
      "Option '--cell' must be 'rnn', 'lstm', 'gru', got 'transformer'.",
    );
    const pooling = parseArgs(['--pooling', 'first'], { values: ['pooling'] });
    expect(() => specFromArgs(pooling, inspection)).toThrow(
      "Option '--pooling' must be 'last', 'mean', 'max', got 'first'.",
    );
    expect(() => bad(['--epochs', '0'])).toThrow(/^The run spec is not valid: train\.epochs: /);
  });

  it('reads --derive formulas into spec.data.derivedColumns for a forecast, naming a bad formula', () => {
    const forecast = (derive: string) =>
      specFromArgs(
        parseArgs(['--task', 'forecast', '--target-col', 'Range', '--derive', derive], {
          values: ['task', 'target-col', 'derive'],
        }),
        inspection,
      );
    const spec = forecast('Range = High - Low; Mid = High + Low');
    expect(spec.data.targetColumn).toBe('Range');
    expect(spec.data.derivedColumns).toEqual([
      { name: 'Range', op: 'subtract', left: 'High', right: 'Low' },
      { name: 'Mid', op: 'add', left: 'High', right: 'Low' },
    ]);
    expect(() => forecast('Range = High-Low')).toThrow(
      "Option '--derive': Derived column: the formula must read 'Name = Left op Right' with op one of - + * / between spaces (e.g. 'Range = High - Low'), got 'Range = High-Low'.",
    );
  });
});

describe('rnn-studio train memory warning', () => {
  it("warns on stderr before a run that would not fit in the computer's memory, then trains", async () => {
    const { dir, data } = workDir();
    const out = join(dir, 'toy.rnnmodel');
    const io = captureIo();
    const code = await runTrain(
      [...TOY, '--epochs', '1', '--data', data, '--out', out, '--json'],
      io,
      { tasks, totalMemoryBytes: 64 * 1024 * 1024 },
    );
    expect(code).toBe(0);
    expect(io.err).toMatch(/^rnn-studio train: warning: training on '.*series\.csv' needs about/);
    expect(io.err).toContain("more than this computer's 64 MiB");
    expect(JSON.parse(io.out.trim().split('\n').at(-1) as string).type).toBe('result');
  });
});

describe('rnn-studio train, eval and predict', () => {
  it('trains with --json lines ending in the result, then evaluates and predicts with the bundle', async () => {
    const { dir, data } = workDir();
    const out = join(dir, 'toy.rnnmodel');
    const io = captureIo();
    const code = await runTrain(
      [...TOY, '--epochs', '3', '--data', data, '--out', out, '--json'],
      io,
      { tasks },
    );
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const lines = io.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'training-epoch')).toHaveLength(3);
    expect(lines.at(-1)).toMatchObject({
      type: 'result',
      model: out,
      metrics: { mae: expect.any(Number) },
    });
    // The result's count is the split's size the trainer announced before scoring all of it.
    const announced = lines.find(
      (l) => l.type === 'training-log' && String(l.message).startsWith('Evaluating the best model'),
    );
    const [, split, size] =
      /whole (\w+) split \((\d+) examples\)\.$/.exec(announced?.message) ?? [];
    expect(lines.at(-1).split).toBe(split);
    expect(lines.at(-1).examples).toBe(Number(size));
    expect(Number(size)).toBeGreaterThan(0);
    expect(readBundle(readFileSync(out)).history).toHaveLength(3);
    expect(existsSync(join(`${out}.ckpt`, 'last.ckpt'))).toBe(true);

    const ev = captureIo();
    expect(await runEval(['--model', out, '--data', data, '--json'], ev, { tasks })).toBe(0);
    expect(JSON.parse(ev.out)).toMatchObject({
      type: 'result',
      metrics: { mae: expect.any(Number) },
    });

    const pr = captureIo();
    expect(
      await runPredict(['--model', out, '--text', '0.1;0.2;0.3;0.1;0.2;0.3', '--json'], pr, {
        tasks,
      }),
    ).toBe(0);
    expect(JSON.parse(pr.out).predictions[0]).toMatchObject({
      kind: 'forecast',
      values: [expect.any(Number)],
    });
  });

  it('exits 2 for a missing --out and 1 with one line for a missing data file', async () => {
    const io = captureIo();
    expect(await runTrain(['--data', 'x.csv'], io, { tasks })).toBe(2);
    expect(io.err.split('\n')[0]).toBe("rnn-studio train: Option '--out' is required.");
    const io2 = captureIo();
    expect(
      await runTrain(['--data', '/nonexistent/x.csv', '--out', '/tmp/x.rnnmodel'], io2, { tasks }),
    ).toBe(1);
    expect(io2.err).toBe("rnn-studio train: cannot read '/nonexistent/x.csv': no such file.\n");
  });

  it('exits 1 for a bundle that is not a zip', async () => {
    const { dir, data } = workDir();
    const model = join(dir, 'bad.rnnmodel');
    writeFileSync(model, 'not a zip');
    const io = captureIo();
    expect(await runEval(['--model', model, '--data', data], io, { tasks })).toBe(1);
    expect(io.err).toMatch(
      /^rnn-studio eval: .*bad\.rnnmodel: this is not an RNN Studio model \(the zip is corrupt or truncated: .*\); open a model saved by RNN Studio, or save this one again\.\n$/,
    );
  });

  it('stops a diverging run with the explanation and exit 1, and no NaN in the output', async () => {
    const { dir, data } = workDir();
    const io = captureIo();
    const code = await runTrain(
      [
        ...TOY,
        '--lr',
        '10',
        '--optimizer',
        'sgd',
        '--clip-norm',
        '0',
        '--epochs',
        '3',
        '--data',
        data,
        '--out',
        join(dir, 'm.rnnmodel'),
        '--json',
      ],
      { ...io, stdout: io.stdout, stderr: io.stderr },
      {
        tasks: () => ({
          ...toyTaskDefinition,
          prepare: async ({ spec, random }) =>
            (await import('../../test/support/toyTask.ts')).prepareToyTask(spec, random, {
              lossScale: 1e38,
            }),
        }),
      },
    );
    expect(code).toBe(1);
    expect(io.err).toBe(
      'rnn-studio train: The loss became NaN at epoch 1, step 2. Lower the learning rate (now 10, try 1) or turn on gradient clipping (clip norm 1).\n',
    );
    const lines = io.out.trim().split('\n');
    // JSON writes NaN and ±Infinity as null: every number the run reported must be finite. The
    // one field allowed to be null is etaSeconds, before the first timed step gives a rate.
    for (const line of lines.slice(0, -1)) {
      expect(line).not.toMatch(/NaN|Infinity/);
      const visit = (value: unknown, key: string): void => {
        if (key === 'etaSeconds' && value === null) return;
        expect(value, `${key} in ${line}`).not.toBeNull();
        if (typeof value === 'number') expect(Number.isFinite(value), key).toBe(true);
        if (typeof value === 'object' && value !== null) {
          for (const [k, v] of Object.entries(value)) visit(v, k);
        }
      };
      visit(JSON.parse(line), '(event)');
    }
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({
      type: 'error',
      name: 'DivergenceError',
    });
  });

  it('continues a child process killed mid-run with --resume and finishes', async () => {
    const { dir, data } = workDir();
    const out = join(dir, 'toy.rnnmodel');
    const script = join(dir, 'train.mts');
    // The child is the CLI's train command over the toy task (its data is generated from the seed).
    writeFileSync(
      script,
      `import { runTrain } from ${JSON.stringify(join(import.meta.dirname, 'train.ts'))};
import { nodeIo } from ${JSON.stringify(join(import.meta.dirname, '..', 'io.ts'))};
import { prepareToyTask, toyTaskDefinition } from ${JSON.stringify(join(import.meta.dirname, '..', '..', 'test', 'support', 'toyTask.ts'))};
const tasks = () => ({ ...toyTaskDefinition, prepare: async ({ spec, random }) => prepareToyTask(spec, random, { examples: 400 }) });
process.exitCode = await runTrain(process.argv.slice(2), nodeIo, { tasks, handleSignals: true });
`,
    );
    const args = [
      ...TOY,
      '--epochs',
      '4',
      '--checkpoint-seconds',
      '0',
      '--data',
      data,
      '--out',
      out,
      '--json',
    ];
    const root = join(import.meta.dirname, '..', '..');
    // NOTE: node itself with tsx's loader (not the tsx wrapper), so the kill reaches the trainer.
    const node = (extra: string[]) =>
      spawn(process.execPath, ['--import', 'tsx', script, ...extra], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    // First run: killed hard (SIGKILL, like a crash) once the 2nd epoch has begun.
    const first = node(args);
    let seen = '';
    await new Promise<void>((resolve) => {
      first.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/"type":"training-progress","epoch":1,/.test(seen)) {
          first.kill('SIGKILL');
        }
      });
      first.on('exit', () => resolve());
    });
    expect(seen).not.toMatch(/"type":"result"/);
    expect(existsSync(join(`${out}.ckpt`, 'last.ckpt'))).toBe(true);
    // Second run: --resume picks up from the last checkpoint and finishes.
    const second = node([...args, '--resume']);
    let output = '';
    second.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(0);
    const lines = output
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const firstProgress = lines.find((l) => l.type === 'training-progress');
    expect(firstProgress.step).toBeGreaterThan(1);
    expect(lines.at(-1)).toMatchObject({ type: 'result', model: out });
    expect(readBundle(readFileSync(out)).history).toHaveLength(4);
  }, 60_000);
});
