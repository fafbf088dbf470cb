/** What the auto-tune search reports: a finished trial (zod schema for the protocol), the search plan, and the leaderboard built from the reports. */
import { z } from 'zod';
import { rank } from './halving.ts';
import type { TrialConfig } from './space.ts';

export const trialConfigSchema = z
  .object({
    tokenizer: z.enum(['char', 'word', 'bpe']).optional(),
    embeddingDim: z.number().int().positive().optional(),
    hiddenSize: z.number().int().positive(),
    numLayers: z.number().int().positive(),
    dropout: z.number().min(0).max(0.95),
    lr: z.number().positive(),
    charEncoder: z.boolean().optional(),
    window: z.number().int().positive().optional(),
    schedule: z.enum(['constant', 'step', 'cosine', 'plateau']).optional(),
    annealFrom: z.number().int().nonnegative().optional(),
    annealEpochs: z.number().int().positive().optional(),
  })
  .strict() satisfies z.ZodType<TrialConfig>;

/** One trial at the end of a rung: its settings, validation score, and what it cost so far. */
export const trialReportSchema = z
  .object({
    /** 0-based trial number; trial 0 is the base spec as given. */
    trial: z.number().int().nonnegative(),
    /** 0-based rung just finished. */
    rung: z.number().int().nonnegative(),
    config: trialConfigSchema,
    /** The validation metric (the task's primary one) of the trial's best weights, or null. */
    score: z.number().nullable(),
    /** Epochs trained so far (fractional when the rung ended mid-epoch). */
    epochs: z.number().nonnegative(),
    /** Steps trained so far. */
    steps: z.number().int().nonnegative(),
    /** Wall-clock seconds the trial has trained and been validated so far. */
    seconds: z.number().nonnegative(),
    /** True when the trial's own run ended (planned epochs or early stopping): it cannot go on. */
    finished: z.boolean(),
    /** True for the reports of a final comparison (the kept trial against a challenger, both trained to their ends). */
    final: z.boolean().optional(),
    /** A final comparison's challenger: the paired comparison with the kept trial on the validation examples. */
    comparison: z
      .object({
        /** The trial it was compared with. */
        against: z.number().int().nonnegative(),
        /** Validation examples compared. */
        examples: z.number().int().nonnegative(),
        /** Its metric minus the other's, positive when better. */
        gain: z.number(),
        /** The gain's standard error (null when it has none: fewer than 2 examples). */
        standardError: z.number().nonnegative().nullable(),
        /** Standard errors the gain had to exceed. */
        threshold: z.number().positive(),
        /** True when it did, and the challenger replaced the other. */
        kept: z.boolean(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type TrialReport = z.infer<typeof trialReportSchema>;

/** A trial while it trains in a round: what `tune-progress` carries. */
export const trialProgressSchema = z
  .object({
    /** 0-based trial number; trial 0 is the base spec as given. */
    trial: z.number().int().nonnegative(),
    /** 0-based round (the rung its report will carry): rounds count on over the whole search. */
    rung: z.number().int().nonnegative(),
    config: trialConfigSchema,
    /** 0-based epoch in progress and the trial's planned epochs. */
    epoch: z.number().int().nonnegative(),
    epochs: z.number().int().positive(),
    /** Steps the trial has taken, and its run's planned total. */
    step: z.number().int().nonnegative(),
    totalSteps: z.number().int().nonnegative(),
    /** The trial's smoothed training loss. */
    loss: z.number(),
    /** Seconds of the whole budget used so far (time paused not counted). */
    searchSeconds: z.number().nonnegative(),
  })
  .strict();
export type TrialProgress = z.infer<typeof trialProgressSchema>;

/** The search as planned when it starts. */
export const tunePlanSchema = z
  .object({
    /** Configs tried. */
    trials: z.number().int().positive(),
    /** Halving rungs (8 trials: 4). */
    rungs: z.number().int().positive(),
    /** Steps every trial trains in the first rung; rung r trains to this × 2^r. */
    firstRungSteps: z.number().int().positive(),
    /** The whole budget, search and the winner's training together. */
    maxMinutes: z.number().positive(),
    /** The validation metric trials are ranked on. */
    metric: z.string().min(1),
    higherIsBetter: z.boolean(),
    /** The seed the configs were drawn with. */
    seed: z.number().int().nonnegative(),
    /** Seconds the spec as given was estimated to need to train to its end (planned from the budget only). */
    specSeconds: z.number().nonnegative().optional(),
    /**
     * True when the spec needs so much of the budget that the first round could not give a
     * challenger a fair look: the spec trains to its end first, and settings are tried only in the
     * time it leaves.
     */
    specFirst: z.boolean().optional(),
  })
  .strict();
export type TunePlan = z.infer<typeof tunePlanSchema>;

/** A leaderboard row: a trial's latest report and whether halving stopped it. */
export interface LeaderboardRow extends TrialReport {
  /** 1-based place. */
  place: number;
  /** True once the search is over and halving stopped this trial before the last rung. */
  dropped: boolean;
}

/**
 * The leaderboard from the reports so far: each trial's latest report, those further on first
 * (their scores come from more training), then by score; `best` (the kept trial, known once the
 * search is over) first of all, since a challenger may lead on validation by less than the noise
 * and not be kept. While the search runs a trial behind the others may still be waiting for its
 * turn, so `dropped` is only set when `searchOver`.
 */
export function leaderboard(
  reports: readonly TrialReport[],
  options: { higherIsBetter: boolean; searchOver: boolean; best?: number | null },
): LeaderboardRow[] {
  const { higherIsBetter, searchOver, best } = options;
  const latest = new Map<number, TrialReport>();
  for (const report of reports) {
    const previous = latest.get(report.trial);
    if (previous === undefined || report.rung >= previous.rung) latest.set(report.trial, report);
  }
  const topRung = reports.reduce((top, r) => Math.max(top, r.rung), 0);
  const byRung = [...latest.values()].sort((a, b) => b.rung - a.rung);
  const rows: LeaderboardRow[] = [];
  const first = best === undefined || best === null ? undefined : latest.get(best);
  const row = (report: TrialReport) => {
    rows.push({
      ...report,
      place: rows.length + 1,
      dropped: searchOver && report.rung < topRung && !report.finished,
    });
  };
  if (first !== undefined) row(first);
  for (let rung = topRung; rung >= 0; rung--) {
    const here = byRung.filter((r) => r.rung === rung && r !== first);
    const ordered = rank(
      here.map((r) => ({ trial: r.trial, score: r.score })),
      higherIsBetter,
    );
    for (const { trial } of ordered) row(latest.get(trial) as TrialReport);
  }
  return rows;
}
