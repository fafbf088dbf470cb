/** The spec of a language model trained from the Model section ("Train a language model now"): a generate run on the current file's text or on another text file, with the settings the user set. */
import type { Inspection, ReadOptions } from '../../../core/data/index.ts';
import { DEFAULT_BPE_MERGES } from '../../../core/tasks/common/text.ts';
import { presetSpec } from '../../../core/tasks/presets.ts';
import {
  type DataSpec,
  type RecurrentSpec,
  type RunSpec,
  runSpecSchema,
} from '../../../core/tasks/spec.ts';

/** What the user sets for the language model before it trains. */
export interface LmSettings {
  /** How its text becomes tokens (the classifier's tokenizer too, and seq2seq's source side). */
  tokenizer: NonNullable<DataSpec['tokenizer']>;
  cell: RecurrentSpec['cell'];
  hiddenSize: number;
  embeddingDim: number;
  numLayers: number;
  /** Tokens seen fewer times in its text read as `<unk>` (the classifier keeps this vocabulary). */
  minFreq: number;
  /** The vocabulary's size, the specials included; left out, no limit. */
  maxVocab?: number;
  /** BPE's merges, used with the BPE tokenizer. */
  bpeMerges: number;
  epochs: number;
  /** The time budget in minutes (the run stops after it, keeping what it learned). */
  maxMinutes: number;
}

const GENERATE_DATA = presetSpec('generate').data;

/**
 * The language model of the CLI's transfer experiments (build/scripts/transferCli.mjs: a
 * character GRU of 128, embedding 64, one layer, at most 50 epochs, the generate preset's
 * vocabulary settings), with a 5-minute budget. A seq2seq encoder takes these sizes as they are
 * (its decoder follows the encoder's stack).
 */
export const LM_DEFAULTS: LmSettings = {
  tokenizer: 'char',
  cell: 'gru',
  hiddenSize: 128,
  embeddingDim: 64,
  numLayers: 1,
  minFreq: GENERATE_DATA.minFreq ?? 1,
  ...(GENERATE_DATA.maxVocab === undefined ? {} : { maxVocab: GENERATE_DATA.maxVocab }),
  bpeMerges: GENERATE_DATA.bpeMerges ?? DEFAULT_BPE_MERGES,
  epochs: 50,
  maxMinutes: 5,
};

/** Which text of a file the language model reads: a column (left out: the file's text column as inspection guesses it) read with these options. */
export interface LmText {
  textColumn?: string;
  reading?: ReadOptions;
}

/**
 * The text of the current file a language model for `spec` can read: the classifier's text
 * column or seq2seq's source column, read as the Data section reads the file; null for a tagger,
 * whose CoNLL file holds no text lines the generate task reads (its LM trains on another file).
 */
export function sameFileText(spec: RunSpec): LmText | null {
  const column =
    spec.task === 'classify'
      ? spec.data.textColumn
      : spec.task === 'seq2seq'
        ? spec.data.sourceColumn
        : null;
  if (column === null) return null;
  return {
    ...(column === undefined ? {} : { textColumn: column }),
    ...(spec.data.reading === undefined ? {} : { reading: spec.data.reading }),
  };
}

/** Why another file cannot be a language model's text. */
export class LmTextError extends Error {
  override readonly name = 'LmTextError';
  constructor(
    readonly code: 'not-text',
    readonly params: { fileName: string; format: string },
  ) {
    super(
      `Language model text: '${params.fileName}' must be plain text, CSV/TSV, JSON(L), a workbook or Parquet, got ${params.format}.`,
    );
  }
}

/**
 * The text of another file, as inspected: its text column (inspection's text or source role,
 * else its first text column, else its only column) read with the options inspection used.
 * @throws LmTextError for a CoNLL or dialog YAML file (the generate task reads tables and text).
 */
export function otherFileText(inspection: Inspection): LmText {
  const { format, fileName } = inspection;
  if (format === 'conllu' || format === 'conll' || format === 'dialog-yaml') {
    throw new LmTextError('not-text', { fileName, format });
  }
  const column =
    inspection.roles.text ??
    inspection.roles.source ??
    inspection.columns.find((c) => c.type === 'text')?.name ??
    inspection.columns[0]?.name;
  return {
    ...(column === undefined ? {} : { textColumn: column }),
    reading: structuredClone(inspection.reading.options),
  };
}

/**
 * The generate spec of a language model for `spec` reading `text` with `settings`: the generate
 * preset's data and training settings, the transfer experiments' batch (32), learning rate (0.003)
 * and splits (5 % validation, 5 % test), `spec`'s seed, and the user's tokenizer, vocabulary
 * settings, sizes, epochs and budget. Unidirectional and reading forward, as `train.initFrom` needs.
 * @throws ZodError when a setting is out of the spec's range.
 */
export function languageModelRunSpec(spec: RunSpec, settings: LmSettings, text: LmText): RunSpec {
  const base = presetSpec('generate');
  const { textColumn, reading } = text;
  const { maxVocab: _, bpeMerges: __, ...baseData } = base.data;
  return runSpecSchema.parse({
    ...base,
    data: {
      ...baseData,
      tokenizer: settings.tokenizer,
      minFreq: settings.minFreq,
      ...(settings.maxVocab === undefined ? {} : { maxVocab: settings.maxVocab }),
      ...(settings.tokenizer === 'bpe' ? { bpeMerges: settings.bpeMerges } : {}),
      ...(textColumn === undefined ? {} : { textColumn }),
      ...(reading === undefined ? {} : { reading: structuredClone(reading) }),
    },
    model: {
      ...base.model,
      embeddingDim: settings.embeddingDim,
      recurrent: {
        ...base.model.recurrent,
        cell: settings.cell,
        hiddenSize: settings.hiddenSize,
        numLayers: settings.numLayers,
        bidirectional: false,
      },
    },
    train: {
      ...base.train,
      epochs: settings.epochs,
      maxMinutes: settings.maxMinutes,
      batchSize: 32,
      lr: 0.003,
      valSplit: 0.05,
      testSplit: 0.05,
      seed: spec.train.seed,
    },
  } satisfies RunSpec);
}
