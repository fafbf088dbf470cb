/** What the final evaluation reports beyond its scalar metrics: which split, how many examples it scored (all of them), and the confusion matrix and per-label scores over every one. */
import { z } from 'zod';
import type { EvaluationReport, SplitName } from './task.ts';

const labelScoresSchema = z
  .object({
    label: z.string(),
    precision: z.number(),
    recall: z.number(),
    f1: z.number(),
    support: z.number().int().nonnegative(),
  })
  .strict();

/** The held-out split's report: every example of `split` scored, counts and tables included. */
export const splitReportSchema = z
  .object({
    /** The split scored: test, else validation, else training (a run with neither). */
    split: z.enum(['train', 'val', 'test']),
    /** Examples scored: the split's size (sentences, rows, windows, pairs or text chunks). */
    examples: z.number().int().nonnegative(),
    /** classify: `counts[gold][predicted]` over every example of the split; its cells sum to `examples`. */
    confusion: z
      .object({
        labels: z.array(z.string()),
        counts: z.array(z.array(z.number().int().nonnegative())),
      })
      .strict()
      .optional(),
    /** classify: per-class scores; tag: per-tag (POS) or per-entity-type (NER) scores. */
    perLabel: z.array(labelScoresSchema).optional(),
  })
  .strict();
/** The held-out split's report, as the training-finished event carries it. */
export type SplitReport = z.infer<typeof splitReportSchema>;

const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

/**
 * The structured-clone, schema-valid part of a task's evaluation of `split`: non-finite scores
 * (a class never predicted) become 0, as scikit-learn's `zero_division=0`.
 */
export function splitReportOf(split: SplitName, report: EvaluationReport): SplitReport {
  return {
    split,
    examples: report.examples,
    ...(report.confusion === undefined
      ? {}
      : {
          confusion: {
            labels: [...report.confusion.labels],
            counts: report.confusion.counts.map((row) => [...row]),
          },
        }),
    ...(report.perLabel === undefined
      ? {}
      : {
          perLabel: report.perLabel.map((s) => ({
            label: s.label,
            precision: finite(s.precision),
            recall: finite(s.recall),
            f1: finite(s.f1),
            support: s.support,
          })),
        }),
  };
}
