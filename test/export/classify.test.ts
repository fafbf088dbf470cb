/** PyTorch export of a classifier: torch loads model.py + model.safetensors and gives the core's logits on the same NSMC texts (ids from Python's own tokenizer). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tokenize } from '../../core/data/tokenizers.ts';
import { Vocab } from '../../core/data/vocab.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import type { ClassifierModel } from '../../core/tasks/classify/model.ts';
import { timeMajor } from '../../core/tasks/common/batching.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import { noGrad } from '../../core/tensor/autograd.ts';
import { quickTrain } from '../support/quickTrain.ts';
import { languageModelInit } from '../support/taskTesting.ts';
import {
  exportToTemp,
  maxAbsDiff,
  removeTempDirs,
  runPythonJson,
  sharedData,
  torchAvailable,
} from './helpers.ts';
import { classifySpec } from './specs.ts';

const nsmcLines = readFileSync(
  join(sharedData, 'nsmc-sample', 'nsmc_sample_10k.txt'),
  'utf8',
).split('\n');
const parityScript = join(import.meta.dirname, 'parity.py');

const spec = classifySpec;

interface ParityOut {
  stateKeys: string[];
  shapes: Record<string, number[]>;
  ids: number[][];
  logits: number[][];
}

const CASES: { name: string; spec: RunSpec; features?: boolean; backward?: boolean }[] = [
  { name: 'bidirectional GRU, max pooling, chars', spec: spec({}, {}, 'char') },
  {
    name: '2-layer LSTM, last pooling, words',
    spec: spec(
      { cell: 'lstm', numLayers: 2, dropout: 0.2, bidirectional: true },
      { pooling: 'last' },
      'word',
    ),
  },
  {
    name: 'tanh RNN, mean pooling, BPE',
    spec: spec({ cell: 'rnn', bidirectional: false }, { pooling: 'mean' }, 'bpe'),
  },
  {
    name: 'relu RNN, last pooling, unidirectional',
    spec: spec(
      { cell: 'rnn', nonlinearity: 'relu', bidirectional: false },
      { pooling: 'last' },
      'char',
    ),
  },
  {
    name: 'bidirectional GRU over a frozen language model (features), chars',
    spec: (() => {
      const s = spec({}, { pooling: 'mean' }, 'char');
      return { ...s, train: { ...s.train, initFrom: 'lm.rnnmodel', transfer: 'features' } };
    })(),
    features: true,
  },
  {
    name: 'unidirectional GRU over a forward and a backward language model (features), chars',
    spec: (() => {
      const s = spec({ bidirectional: false }, { pooling: 'last' }, 'char');
      const train = {
        ...s.train,
        initFrom: 'lm.rnnmodel',
        initFromBackward: 'lm-backward.rnnmodel',
        transfer: 'features' as const,
      };
      return { ...s, train };
    })(),
    features: true,
    backward: true,
  },
];

afterAll(removeTempDirs);

describe.runIf(torchAvailable('PyTorch export (classify)'))('PyTorch export: classify', () => {
  for (const c of CASES) {
    it(`matches the core's logits to 1e-5 (${c.name})`, async () => {
      const bytes = new TextEncoder().encode(`${nsmcLines.slice(0, 201).join('\n')}\n`);
      const lm =
        c.features === true
          ? await languageModelInit(
              new TextEncoder().encode(`${nsmcLines.slice(0, 601).join('\n')}\n`),
              {
                embeddingDim: 6,
                recurrent: { ...c.spec.model.recurrent, hiddenSize: 7, bidirectional: false },
              },
            )
          : undefined;
      const backward =
        c.backward === true
          ? await languageModelInit(
              new TextEncoder().encode(`${nsmcLines.slice(0, 601).join('\n')}\n`),
              {
                embeddingDim: 5,
                recurrent: { ...c.spec.model.recurrent, cell: 'lstm', hiddenSize: 4 },
              },
              { direction: 'backward', fileName: 'lm-backward.rnnmodel', seed: 6 },
            )
          : undefined;
      const task = await classifyTask.prepare({
        spec: c.spec,
        fileName: 'nsmc.txt',
        bytes,
        random: new Random(0),
        ...(lm === undefined ? {} : { initFrom: lm }),
        ...(backward === undefined ? {} : { initFromBackward: backward }),
      });
      quickTrain(task, { steps: 3 });
      const dir = exportToTemp(task);
      const texts = nsmcLines.slice(300, 308).map((l) => l.split('\t')[1] ?? '');
      const state = task.state as unknown as {
        tokenizer: Parameters<typeof tokenize>[0];
        vocab: string[];
        maxLength: number;
      };
      const vocab = new Vocab(state.vocab);
      const ids = texts.map((t) =>
        vocab.encode(tokenize(state.tokenizer, t).slice(0, state.maxLength)),
      );
      const model = task.model as ClassifierModel;
      model.eval();
      const logits = noGrad(() => model.forward(timeMajor(ids)));
      const out = runPythonJson<ParityOut>(parityScript, [dir], { texts });
      expect(out.ids).toEqual(ids);
      expect(out.stateKeys).toEqual(Object.keys(task.model.stateDict()).sort());
      for (const [name, t] of Object.entries(task.model.stateDict()))
        expect(out.shapes[name]).toEqual([...t.shape]);
      expect(maxAbsDiff(out.logits.flat(), logits.data)).toBeLessThan(1e-5);
    }, 30_000);
  }
});
