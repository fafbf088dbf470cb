/** Small specs and real data the export suites share: the Tatoeba pairs and the seq2seq and classify specs their parity tests train for a few steps. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RecurrentSpec, RunSpec } from '../../core/tasks/spec.ts';
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
