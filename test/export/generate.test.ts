/** PyTorch export of a language model: torch gives the core's next-token logits on NSMC texts, and predict's seeded sampling (a port of the app's generator) writes the app's text, a backward model's (the text before the prompt) too. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TokenizerConfig, tokenize } from '../../core/data/tokenizers.ts';
import { Vocab } from '../../core/data/vocab.ts';
import { Random } from '../../core/random.ts';
import { timeMajor } from '../../core/tasks/common/batching.ts';
import { generateTask } from '../../core/tasks/generate/index.ts';
import type { LanguageModel } from '../../core/tasks/generate/model.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RecurrentSpec } from '../../core/tasks/spec.ts';
import type { DecodeOptions, GeneratePrediction } from '../../core/tasks/task.ts';
import { noGrad } from '../../core/tensor/autograd.ts';
import { quickTrain } from '../support/quickTrain.ts';
import {
  exportToTemp,
  maxAbsDiff,
  removeTempDirs,
  runPythonJson,
  sharedData,
  torchAvailable,
} from './helpers.ts';

const parityScript = join(import.meta.dirname, 'parity.py');
const texts = readFileSync(join(sharedData, 'nsmc-sample', 'nsmc_sample_10k.txt'), 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t')[1] ?? '')
  .filter((t) => t.trim() !== '');

const CASES: {
  name: string;
  recurrent: Partial<RecurrentSpec>;
  direction?: 'backward';
}[] = [
  { name: '2-layer LSTM', recurrent: { cell: 'lstm', numLayers: 2, dropout: 0.1 } },
  { name: 'GRU', recurrent: { cell: 'gru' } },
  {
    name: 'GRU reading right to left (a backward LM)',
    recurrent: { cell: 'gru' },
    direction: 'backward',
  },
];

afterAll(removeTempDirs);

describe.runIf(torchAvailable('PyTorch export (generate)'))('PyTorch export: generate', () => {
  for (const c of CASES) {
    it(`matches the core's next-token logits and sampled text (${c.name})`, async () => {
      const spec = presetSpec('generate');
      spec.data = { tokenizer: 'char', minFreq: 2, maxVocab: 400, maxLength: 24 };
      spec.model = {
        embeddingDim: 12,
        recurrent: { ...spec.model.recurrent, hiddenSize: 16, ...c.recurrent },
        headDropout: 0.1,
        ...(c.direction === undefined ? {} : { direction: c.direction }),
      };
      spec.train = { ...spec.train, batchSize: 16 };
      const bytes = new TextEncoder().encode(`text\n${texts.slice(0, 200).join('\n')}\n`);
      const task = await generateTask.prepare({
        spec,
        fileName: 'nsmc.txt',
        bytes,
        random: new Random(0),
      });
      quickTrain(task, { steps: 3 });
      const dir = exportToTemp(task);
      const state = task.state as unknown as { tokenizer: TokenizerConfig; vocab: string[] };
      const vocab = new Vocab(state.vocab);
      const sample = texts.slice(300, 305).map((t) => t.slice(0, 20));
      const ids = sample.map((t) =>
        vocab.encode(tokenize(state.tokenizer, t), { bos: true, eos: false }),
      );
      const model = task.model as LanguageModel;
      model.eval();
      const logits = noGrad(() => model.forward(timeMajor(ids)));
      const prompts: [string, DecodeOptions][] = [
        ['영화가', { greedy: true }],
        ['', { temperature: 0.8, topK: 5, seed: 3 }],
        ['정말', { temperature: 1.2, seed: 7 }],
      ];
      const out = runPythonJson<{
        ids: number[][];
        logits: number[][][];
        generated: GeneratePrediction[];
      }>(parityScript, [dir], {
        texts: sample,
        prompts: prompts.map(([p, o]) => [
          p,
          { greedy: o.greedy ?? false, temperature: o.temperature, top_k: o.topK, seed: o.seed },
        ]),
      });
      expect(out.ids).toEqual(ids);
      const [L, N, V] = logits.shape as [number, number, number];
      const core = new Float32Array(L * N * V);
      for (let t = 0; t < L; t++)
        for (let n = 0; n < N; n++)
          for (let k = 0; k < V; k++)
            core[(n * L + t) * V + k] = logits.data[(t * N + n) * V + k] as number;
      expect(maxAbsDiff(out.logits.flat(2), core)).toBeLessThan(1e-5);
      expect(out.generated.some((g) => g.generated.length > 0)).toBe(true);
      const predictor = task.predictor();
      prompts.forEach(([text, decode], i) => {
        const app = predictor.predict({
          text,
          decode: { ...decode, maxTokens: 30 },
        }) as GeneratePrediction;
        expect(out.generated[i]?.text).toBe(app.text);
      });
    }, 30_000);
  }
});
