/** Starting a token model's embedding from pre-trained word vectors: rows for the vocabulary's words, the width of the vectors, frozen or fine-tuned, and the coverage report. */

import type { Vocab } from '../../data/vocab.ts';
import { SPECIAL_TOKENS, UNK_ID } from '../../data/vocab.ts';
import { readWordVectors, type VectorTable } from '../../data/wordVectors.ts';
import { ConfigError } from '../../errors.ts';
import type { Embedding } from '../../nn/embedding.ts';
import type { RunSpec } from '../spec.ts';
import type { WordVectorReport, WordVectorSource } from '../task.ts';

export type { WordVectorReport, WordVectorSource } from '../task.ts';

/**
 * The vector source `spec.model.wordVectors` names: required when it names one, refused without
 * it (the task's checkSpec refuses the field where it does not apply: core/tasks/common/lifecycle.ts).
 * @throws ConfigError (code 'word-vectors') in one line saying what to do.
 */
export function vectorSourceFor(
  spec: RunSpec,
  source: WordVectorSource | undefined,
): WordVectorSource | undefined {
  const named = spec.model.wordVectors;
  if (named === undefined) {
    if (source !== undefined) {
      throw new ConfigError(
        `${spec.task}: model.wordVectors must name the vector file '${source.fileName}', got none.`,
        'word-vectors',
      );
    }
    return undefined;
  }
  if (source === undefined) {
    throw new ConfigError(
      `${spec.task}: model.wordVectors names '${named.file}', but no vector file was read; open it again or remove model.wordVectors.`,
      'word-vectors',
      { key: 'vectors-not-read', params: { task: spec.task, file: named.file } },
    );
  }
  return source;
}

/**
 * Reads the vectors of `vocab`'s words (specials excluded) from the source.
 * @param normalise the vocabulary's spelling of a file word (lower-casing…), tried after the exact word.
 */
export async function readVocabVectors(
  source: WordVectorSource,
  vocab: Vocab,
  normalise?: (word: string) => string,
): Promise<VectorTable> {
  const rows = new Map<string, number>();
  const specials = new Set<string>(SPECIAL_TOKENS);
  vocab.tokens.forEach((t, i) => {
    if (!specials.has(t)) rows.set(t, i);
  });
  return readWordVectors(source.chunks(), {
    fileName: source.fileName,
    wanted: { rows, rowCount: vocab.size, ...(normalise === undefined ? {} : { normalise }) },
    ...(source.onProgress === undefined ? {} : { onProgress: source.onProgress }),
  });
}

/** `spec` with the embedding width of the vectors (the embedding follows the file). */
export function withVectorWidth(spec: RunSpec, table: VectorTable | undefined): RunSpec {
  if (table === undefined || spec.model.embeddingDim === table.dim) return spec;
  return { ...spec, model: { ...spec.model, embeddingDim: table.dim } };
}

/**
 * Copies the found rows into `embedding` (the others keep PyTorch's N(0, 1) initialisation; the
 * padding row stays zero), freezes it when the spec says so, and reports the coverage of the
 * vocabulary's types and of the training tokens.
 */
export function applyWordVectors(
  embedding: Embedding,
  table: VectorTable,
  o: {
    spec: RunSpec;
    fileName: string;
    vocab: Vocab;
    /** The training part's token ids, one sequence at a time. */
    trainIds: Iterable<ArrayLike<number>>;
  },
): WordVectorReport {
  const { dim } = table;
  const w = embedding.weight;
  if (embedding.embeddingDim !== dim || embedding.numEmbeddings !== table.found.length) {
    throw new ConfigError(
      `Word vectors: the embedding must be [${table.found.length}, ${dim}], got [${embedding.numEmbeddings}, ${embedding.embeddingDim}].`,
    );
  }
  const specials = new Set<string>(SPECIAL_TOKENS);
  let vocabTypes = 0;
  let coveredTypes = 0;
  o.vocab.tokens.forEach((t, row) => {
    if (specials.has(t)) return;
    vocabTypes += 1;
    if ((table.found[row] as number) === 0) return;
    coveredTypes += 1;
    w.data.set(table.values.subarray(row * dim, (row + 1) * dim), row * dim);
  });
  let trainTokens = 0;
  let coveredTokens = 0;
  for (const ids of o.trainIds) {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      trainTokens += 1;
      if (id !== UNK_ID && (table.found[id] as number) > 0) coveredTokens += 1;
    }
  }
  const freeze = o.spec.model.wordVectors?.freeze === true;
  if (freeze) {
    w.requiresGrad = false;
    w.grad = null;
  }
  return {
    fileName: o.fileName,
    format: table.format,
    dim,
    vectors: table.vectors,
    vocabTypes,
    coveredTypes,
    trainTokens,
    coveredTokens,
    freeze,
  };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0.0' : ((100 * part) / whole).toFixed(1);
}

/** One line for the run's log and the CLI: what the vectors cover and what happened to the rest. */
export function describeWordVectors(r: WordVectorReport): string {
  return `Word vectors from '${r.fileName}' (${r.vectors} vectors of ${r.dim} numbers): ${r.coveredTypes} of ${r.vocabTypes} vocabulary words (${percent(r.coveredTypes, r.vocabTypes)} %) and ${r.coveredTokens} of ${r.trainTokens} training tokens (${percent(r.coveredTokens, r.trainTokens)} %) have a vector; the other words start from random rows (PyTorch's N(0, 1)). The embedding is ${r.freeze ? 'frozen' : 'fine-tuned'}.`;
}
