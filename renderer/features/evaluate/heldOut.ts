/** The held-out examples of a run, read from its data file the way the task split it (same readers, same seeded split), for the per-example views. */
import { chronologicalSplit, type Split } from '../../../core/data/splits.ts';
import { readTable } from '../../../core/data/table.ts';
import { ConfigError } from '../../../core/errors.ts';
import { readLabelledTexts } from '../../../core/tasks/classify/data.ts';
import { chooseColumn, splitBySpec } from '../../../core/tasks/common/text.ts';
import { readForecastSeries } from '../../../core/tasks/forecast/data.ts';
import { readPairs } from '../../../core/tasks/seq2seq/data.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import { readTagFile } from '../../../core/tasks/tag/data.ts';

/** Examples of the split the trainer scores (test, else validation), per task. */
export type HeldOut =
  | { task: 'classify'; texts: string[]; labels: string[] }
  | { task: 'tag'; sentences: { tokens: string[]; tags: string[] }[] }
  | { task: 'seq2seq'; pairs: { source: string; target: string }[] }
  | {
      task: 'forecast';
      /** Target first, then the features (the trained column order). */
      columns: string[];
      /** Every step's values, `[steps][features]`. */
      rows: number[][];
      /** Milliseconds per step, or null without dates. */
      times: number[] | null;
      /** The first step of the held-out part. */
      heldOutStart: number;
    }
  | { task: 'generate' };

/** The split the trainer's `evaluate` scores: test, else validation, else training (core/train/service.ts). */
function scored(split: Split): readonly number[] {
  return split.test.length > 0 ? split.test : split.val.length > 0 ? split.val : split.train;
}

/**
 * Reads `bytes` as the run's task read it and returns every held-out example (the scored split).
 * @throws DatasetError or ConfigError from the task's readers (the file no longer fits the spec).
 */
export async function heldOutExamples(
  spec: RunSpec,
  file: { fileName: string; bytes: Uint8Array },
): Promise<HeldOut> {
  const { fileName, bytes } = file;
  const { reading } = spec.data;
  switch (spec.task) {
    case 'classify': {
      const rows = await readLabelledTexts(bytes, {
        fileName,
        reading,
        textColumn: spec.data.textColumn,
        labelColumn: spec.data.labelColumn,
        labelNames: spec.data.labelNames,
        choose: (field, fromSpec, suggested) =>
          chooseColumn('classify', field, fromSpec, suggested),
      });
      const idx = scored(splitBySpec(spec, rows.texts.length, rows.labels));
      return {
        task: 'classify',
        texts: idx.map((i) => rows.texts[i] as string),
        labels: idx.map((i) => rows.labels[i] as string),
      };
    }
    case 'tag': {
      const tagFile = await readTagFile(bytes, {
        fileName,
        reading,
        ...(spec.data.tagField !== undefined ? { tagField: spec.data.tagField } : {}),
      });
      const idx = scored(splitBySpec(spec, tagFile.sentences.length));
      return {
        task: 'tag',
        sentences: idx.map((i) => {
          const s = tagFile.sentences[i] as { tokens: string[]; tags: string[] };
          return { tokens: s.tokens, tags: s.tags };
        }),
      };
    }
    case 'seq2seq': {
      // NOTE: as core/tasks/seq2seq/index.ts reads its pairs (readTable, chosen columns, readPairs).
      const { table, inspection } = await readTable(bytes, { fileName, reading });
      const pairs = readPairs(table, {
        source: chooseColumn(
          'seq2seq',
          'sourceColumn',
          spec.data.sourceColumn,
          inspection.roles.source,
        ),
        target: chooseColumn(
          'seq2seq',
          'targetColumn',
          spec.data.targetColumn,
          inspection.roles.target,
        ),
      });
      const idx = scored(splitBySpec(spec, pairs.length));
      return {
        task: 'seq2seq',
        pairs: idx.map((i) => pairs[i] as { source: string; target: string }),
      };
    }
    case 'forecast': {
      const { series } = await readForecastSeries(bytes, {
        fileName,
        reading,
        target: spec.data.targetColumn,
        features: spec.data.featureColumns,
        date: spec.data.dateColumn,
        missing: spec.data.missing,
        derived: spec.data.derivedColumns,
      });
      const split = chronologicalSplit(series.steps, {
        valFraction: spec.train.valSplit,
        testFraction: spec.train.testSplit,
      });
      const F = series.features;
      const rows: number[][] = [];
      for (let t = 0; t < series.steps; t++)
        rows.push([...series.values.subarray(t * F, (t + 1) * F)]);
      const part = scored(split);
      return {
        task: 'forecast',
        columns: series.columns,
        rows,
        times: series.times === null ? null : [...series.times],
        heldOutStart: part[0] ?? 0,
      };
    }
    case 'generate':
      return { task: 'generate' };
    case 'caption':
      // NOTE: caption data is an image folder or zip: captionHeldOut.ts reads its held-out images.
      throw new ConfigError(
        "heldOutExamples: the caption task's held-out images come from an image folder, got a single file.",
      );
  }
}
