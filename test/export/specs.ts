/** Small specs and real data the export suites share: the Tatoeba pairs and the classify and seq2seq specs their parity tests train for a few steps. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RecurrentSpec, RunSpec } from '../../core/tasks/spec.ts';
import type { LanguageModelInit } from '../../core/tasks/task.ts';
import { languageModelInit } from '../support/taskTesting.ts';
import { sharedData } from './helpers.ts';

/** Tatoeba's Korean → English pairs as [source, target], without quoted lines. */
export const tatoebaPairs: string[][] = readFileSync(
  join(sharedData, 'tatoeba-kor-eng', 'kor.txt'),
  'utf8',
)
  .split('\n')
  .map((l) => l.split('\t'))
  .filter((f) => f.length >= 2 && !`${f[0]}${f[1]}`.includes('"'))
  .map((f) => [f[1] as string, f[0] as string]);

/** A one-layer GRU of 10 with the given changes. */
function recurrent(changes: Partial<RecurrentSpec>): RecurrentSpec {
  return {
    cell: 'gru',
    hiddenSize: 10,
    numLayers: 1,
    bidirectional: false,
    dropout: 0,
    nonlinearity: 'tanh',
    ...changes,
  };
}

/** A tiny seq2seq spec (ko → en words, embedding 8) with the given attention, encoder and decoder. */
export function seq2seqSpec(
  attention: 'luong' | 'bahdanau' | 'none',
  encoder: Partial<RecurrentSpec>,
  decoder: Partial<RecurrentSpec>,
): RunSpec {
  const s = presetSpec('seq2seq');
  s.data = {
    sourceColumn: 'ko',
    targetColumn: 'en',
    tokenizer: 'word',
    minFreq: 1,
    maxVocab: 500,
    maxLength: 12,
  };
  s.model = {
    embeddingDim: 8,
    recurrent: recurrent(encoder),
    decoder: recurrent(decoder),
    attention,
    headDropout: 0.1,
  };
  s.train = { ...s.train, batchSize: 16, lr: 5e-3 };
  return s;
}

/** The trunk of {@link koreanLanguageModel}: embedding 8, a 2-layer GRU of 10. */
const KOREAN_LM_TRUNK = { embeddingDim: 8, recurrent: recurrent({ numLayers: 2 }) };

/**
 * A character language model (untrained: its initialisation) of Tatoeba's Korean sentences beyond
 * the first 500 pairs, for a seq2seq encoder to start from (`train.initFrom: 'lm.rnnmodel'`).
 */
export function koreanLanguageModel(): Promise<LanguageModelInit> {
  const text = tatoebaPairs
    .slice(500, 1500)
    .map(([ko], i) => `${i}\t${ko}`)
    .join('\n');
  return languageModelInit(new TextEncoder().encode(`id\tdocument\n${text}\n`), KOREAN_LM_TRUNK);
}

/** {@link seq2seqSpec} (Luong attention) whose encoder starts from {@link koreanLanguageModel}, fine-tuned. */
export function seq2seqFromLmSpec(): RunSpec {
  const s = seq2seqSpec('luong', KOREAN_LM_TRUNK.recurrent, { numLayers: 2 });
  s.train = { ...s.train, initFrom: 'lm.rnnmodel', transfer: 'fine-tune' };
  return s;
}

/** A tiny classifier spec (embedding 12, bidirectional GRU of 10, max pooling) with the given changes. */
export function classifySpec(
  changes: Partial<RecurrentSpec>,
  extra: Partial<RunSpec['model']>,
  tokenizer: 'char' | 'word' | 'bpe' = 'char',
): RunSpec {
  const s = presetSpec('classify');
  s.data = { tokenizer, minFreq: 1, maxVocab: 600, maxLength: 24, bpeMerges: 200 };
  s.model = {
    embeddingDim: 12,
    recurrent: recurrent({ bidirectional: true, ...changes }),
    pooling: 'max',
    headDropout: 0.1,
    ...extra,
  };
  s.train = { ...s.train, batchSize: 16, lr: 5e-3 };
  return s;
}
