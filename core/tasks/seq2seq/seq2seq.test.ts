/**
 * Tests of the seq2seq task on a synthetic-but-real task built from the Tatoeba file: the short
 * English sentences (≤ 14 characters) reversed character by character. It beats copying the
 * source and the constant answer on BLEU, decodes with beam search, restores from its state and
 * weights, and repeats exactly under the same seed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describedTensors,
  smallRecurrent,
  stateDictTensors,
  trainedTask,
} from '../../../test/support/taskTesting.ts';
import { Random } from '../../random.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import type { PreparedTask, Seq2seqPrediction } from '../task.ts';
import { seq2seqTask } from './index.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const tatoeba = join(repoRoot, '..', 'shared', 'data', 'tatoeba-kor-eng', 'kor.txt');

/** A TSV of (English sentence, the sentence reversed) for the short sentences of the file. */
function reversalTsv(): Uint8Array {
  const rows = readFileSync(tatoeba, 'utf8')
    .split('\n')
    .map((line) => line.split('\t')[0] ?? '')
    .filter((en) => en.length > 0 && en.length <= 14 && !en.includes('"'));
  const body = rows.map((en) => `${en}\t${[...en].reverse().join('')}`).join('\n');
  return new TextEncoder().encode(`sentence\treversed\n${body}\n`);
}

function smallSpec(attention: 'luong' | 'bahdanau' | 'none'): RunSpec {
  const spec = presetSpec('seq2seq');
  spec.data = {
    sourceColumn: 'sentence',
    targetColumn: 'reversed',
    tokenizer: 'char',
    minFreq: 1,
    maxLength: 16,
  };
  const rec = smallRecurrent({ hiddenSize: 64 });
  spec.model = { embeddingDim: 32, recurrent: rec, decoder: rec, attention, headDropout: 0 };
  spec.train = { ...spec.train, batchSize: 32, lr: 4e-3, valSplit: 0.05, testSplit: 0.1 };
  return spec;
}

function trained(spec: RunSpec, steps: number): Promise<PreparedTask> {
  return trainedTask(seq2seqTask, { spec, fileName: 'reversed.tsv', bytes: reversalTsv(), steps });
}

describe('seq2seq task', () => {
  it('beats copying the source and the constant answer on BLEU (char reversal, Luong attention)', async () => {
    const task = await trained(smallSpec('luong'), 110);
    const model = task.evaluate('test');
    const baseline = task.baseline('test');
    expect(task.sizes.test).toBeGreaterThan(50);
    expect(baseline.metrics.copyBleu).toBeLessThan(10);
    expect(baseline.metrics.constantBleu).toBeLessThan(5);
    expect(model.metrics.bleu).toBeGreaterThan((baseline.metrics.bleu as number) + 15);
    expect(model.metrics.loss).toBeLessThan(1.5);
    expect(task.state.bleuTokenize).toBe('char');

    const prediction = task.predictor().predict({
      text: 'Tom is here.',
      decode: { beamSize: 3, lengthPenalty: 1 },
    }) as Seq2seqPrediction;
    expect(prediction.candidates.length).toBe(3);
    expect(prediction.text).toBe(prediction.candidates[0]?.text);
    const scores = prediction.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const attention = prediction.attention as NonNullable<Seq2seqPrediction['attention']>;
    expect(attention.source.length).toBe('Tom is here.'.length);
    expect(attention.weights.length).toBe(attention.output.length);
    for (const row of attention.weights) {
      expect(row.length).toBe(attention.source.length);
      expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
    }

    const restored = seq2seqTask.restore({
      spec: task.spec,
      state: task.state,
      weights: task.model.stateDict(),
    });
    expect(restored.predict({ text: 'Tom is here.', decode: { beamSize: 3 } })).toEqual(prediction);
    const greedy = restored.predict({ text: 'Tom is here.', decode: { greedy: true } });
    expect((greedy as Seq2seqPrediction).candidates.length).toBe(1);
  }, 60_000);

  it('repeats the same losses and metrics under the same seed (Bahdanau attention)', async () => {
    const a = await trained(smallSpec('bahdanau'), 6);
    const b = await trained(smallSpec('bahdanau'), 6);
    expect(b.evaluate('val')).toEqual(a.evaluate('val'));
  }, 30_000);

  it('describes the layers with PyTorch names and counts the parameters of the model', async () => {
    const task = await seq2seqTask.prepare({
      spec: smallSpec('bahdanau'),
      fileName: 'reversed.tsv',
      bytes: reversalTsv(),
      random: new Random(0),
    });
    const d = task.describeModel();
    expect(d.layers.map((l) => l.kind)).toEqual([
      'embedding',
      'encoder',
      'decoder-embedding',
      // Bahdanau's context goes into the decoder with each input token.
      'attention',
      'decoder',
      'head',
    ]);
    expect(describedTensors(d)).toEqual(stateDictTensors(task.model));
    const count = task.model.parameters().reduce((s, p) => s + p.size, 0);
    expect(d.totalParameters).toBe(count);
    expect(d.sizes.estimated).toBe(false);
  });

  it('refuses a bidirectional decoder', () => {
    const spec = smallSpec('luong');
    spec.model.decoder = {
      ...(spec.model.decoder as NonNullable<RunSpec['model']['decoder']>),
      bidirectional: true,
    };
    expect(() => seq2seqTask.checkSpec(spec)).toThrow(
      'seq2seq: model.decoder.bidirectional must be false (a decoder reads left to right), got true.',
    );
  });
});
