import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TokenizerConfig, tokenize } from '../../core/data/tokenizers.ts';
import { Vocab } from '../../core/data/vocab.ts';
import { Random } from '../../core/random.ts';
import { encodeSide, makeBatch } from '../../core/tasks/seq2seq/data.ts';
import { seq2seqTask } from '../../core/tasks/seq2seq/index.ts';
import type { Seq2seqModel } from '../../core/tasks/seq2seq/model.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import type { LanguageModelInit, Seq2seqPrediction } from '../../core/tasks/task.ts';
import { noGrad } from '../../core/tensor/autograd.ts';
import { quickTrain } from '../support/quickTrain.ts';
import {
  exportToTemp,
  maxAbsDiff,
  removeTempDirs,
  runPythonJson,
  torchAvailable,
} from './helpers.ts';
import { koreanLanguageModel, seq2seqFromLmSpec, seq2seqSpec, tatoebaPairs } from './specs.ts';

const pairs = tatoebaPairs;
const parityScript = join(import.meta.dirname, 'parity.py');

const spec = seq2seqSpec;

const CASES: { name: string; spec: RunSpec; lm?: () => Promise<LanguageModelInit> }[] = [
  {
    name: 'Luong attention, 2-layer GRU encoder started from a language model (its tokenizer and vocabulary)',
    spec: seq2seqFromLmSpec(),
    lm: koreanLanguageModel,
  },
  {
    name: 'Luong attention, bidirectional GRU encoder (bridge)',
    spec: spec('luong', { bidirectional: true }, {}),
  },
  {
    name: 'Bahdanau attention, 2-layer LSTMs (bridge_h and bridge_c)',
    spec: spec(
      'bahdanau',
      { cell: 'lstm', numLayers: 2, bidirectional: true, dropout: 0.1 },
      { cell: 'lstm', numLayers: 2, hiddenSize: 12 },
    ),
  },
  {
    name: 'no attention, unidirectional RNNs passing the state through',
    spec: spec('none', { cell: 'rnn' }, { cell: 'rnn' }),
  },
  {
    name: 'Luong attention, LSTM encoder and decoder of equal size (no bridge)',
    spec: spec('luong', { cell: 'lstm' }, { cell: 'lstm' }),
  },
];

interface ParityOut {
  stateKeys: string[];
  src: number[][];
  tgt: number[][];
  logits: number[][][];
  beams: Seq2seqPrediction[];
}

afterAll(removeTempDirs);

describe.runIf(torchAvailable('PyTorch export (seq2seq)'))('PyTorch export: seq2seq', () => {
  for (const c of CASES) {
    it(`matches the core's teacher-forced decoder logits to 1e-5 and its beam search (${c.name})`, async () => {
      const body = pairs
        .slice(0, 300)
        .map((p) => p.join('\t'))
        .join('\n');
      const bytes = new TextEncoder().encode(`ko\ten\n${body}\n`);
      const task = await seq2seqTask.prepare({
        spec: c.spec,
        fileName: 'kor.tsv',
        bytes,
        random: new Random(0),
        ...(c.lm === undefined ? {} : { initFrom: await c.lm() }),
      });
      quickTrain(task, { steps: 3 });
      const dir = exportToTemp(task);
      const sample = pairs.slice(400, 406);
      const state = task.state as unknown as {
        srcTokenizer: TokenizerConfig;
        tgtTokenizer: TokenizerConfig;
        srcVocab: string[];
        tgtVocab: string[];
        maxLength: number;
      };
      const sv = new Vocab(state.srcVocab);
      const tv = new Vocab(state.tgtVocab);
      const items = sample.map(([s, t]) => ({
        src: encodeSide(s as string, state.srcTokenizer, sv, state.maxLength),
        tgt: tv.encode(tokenize(state.tgtTokenizer, t as string).slice(0, state.maxLength)),
      }));
      const batch = makeBatch(items);
      const model = task.model as Seq2seqModel;
      model.eval();
      const logits = noGrad(() => {
        const enc = model.encode(batch.ids, batch.shape, batch.lengths);
        return model.decode(batch.tgtIn, batch.tgtShape, enc.state, enc.memory).logits;
      });
      const out = runPythonJson<ParityOut>(parityScript, [dir], {
        sources: sample.map((p) => p[0]),
        targets: sample.map((p) => p[1]),
      });
      expect(out.src).toEqual(items.map((i) => i.src));
      expect(out.tgt).toEqual(items.map((i) => i.tgt));
      expect(out.stateKeys).toEqual(Object.keys(task.model.stateDict()).sort());
      expect(maxAbsDiff(out.logits.flat(2), logits.data)).toBeLessThan(1e-5);
      const predictor = task.predictor();
      out.beams.forEach((beam, i) => {
        const app = predictor.predict({
          text: sample[i]?.[0] as string,
          decode: { beamSize: 3 },
        }) as Seq2seqPrediction;
        expect(beam.candidates.map((c) => c.text)).toEqual(app.candidates.map((c) => c.text));
        expect(
          maxAbsDiff(
            beam.candidates.map((c) => c.score),
            app.candidates.map((c) => c.score),
          ),
        ).toBeLessThan(1e-5);
      });
    }, 30_000);
  }
});
