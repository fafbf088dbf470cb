/** Prediction inputs read from a data file the way a saved model's training file was read: one per row (classify, generate, seq2seq) or per sentence (tag). */
import type { ReadOptions } from '../data/readOptions.ts';
import { readTable, textColumn } from '../data/table.ts';
import { ConfigError, DatasetError } from '../errors.ts';
import type { RunSpec } from '../tasks/spec.ts';
import { readTagFile } from '../tasks/tag/data.ts';
import type { PredictInput } from '../tasks/task.ts';

/** Tasks whose inputs a data file holds one per row or sentence (a forecast's input is its last rows). */
export const FILE_INPUT_TASKS = ['classify', 'tag', 'seq2seq', 'generate'] as const;

/**
 * The inputs of every row (the model's text or source column) or, for a tagger, every sentence
 * of `bytes`, read with `reading` (the model's stored options, with the user's on top).
 * @throws DatasetError from the readers, and ('format') when the file lacks the model's column;
 *   ConfigError for a forecast spec.
 */
export async function predictInputsFromFile(
  bytes: Uint8Array,
  options: { fileName: string; spec: Pick<RunSpec, 'task' | 'data'>; reading: ReadOptions },
): Promise<PredictInput[]> {
  const { fileName, spec, reading } = options;
  if (spec.task === 'forecast') {
    throw new ConfigError(
      `predictInputsFromFile: task must be one of ${FILE_INPUT_TASKS.join(', ')}, got 'forecast'.`,
    );
  }
  if (spec.task === 'tag') {
    const { sentences } = await readTagFile(bytes, {
      fileName,
      reading,
      ...(spec.data.tagField !== undefined ? { tagField: spec.data.tagField } : {}),
    });
    return sentences.map((s) => ({ tokens: s.tokens }));
  }
  const column = spec.task === 'seq2seq' ? spec.data.sourceColumn : spec.data.textColumn;
  if (column === undefined) {
    throw new DatasetError(
      `'${fileName}': the model names no input column, so its inputs cannot be read from a file. Give them with --input or --text.`,
      'format',
    );
  }
  const { table } = await readTable(bytes, { fileName, reading, keep: () => [column] });
  return textColumn(table, column).map((text) => ({ text }));
}
