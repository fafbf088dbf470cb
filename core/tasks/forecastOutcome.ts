/** What a finished forecast run reports beyond its metrics: the target mode and why, the seasonal period, MAE per step ahead, and the warning when the model loses to a baseline (a code and parameters; the CLI words it in English here, the renderer in Korean or English). */
import { z } from 'zod';

const modeSchema = z.enum(['level', 'change', 'window-norm']);

/** A prediction interval as offsets from the forecast, per step ahead, in the target's units. */
export const predictionIntervalSchema = z
  .object({
    /** The nominal share of errors inside, e.g. 0.9. */
    level: z.number().gt(0).lt(1),
    /** Per step 1…H: the lower and upper error quantiles (actual − forecast); lower ≤ 0 ≤ upper is typical, not required. */
    lower: z.array(z.number()),
    upper: z.array(z.number()),
    /** Validation windows the quantiles come from. */
    residuals: z.number().int().positive(),
    /** Share of the test split's actual values inside the interval, or null without a test split. */
    coverage: z.number().min(0).max(1).nullable(),
  })
  .strict();
/** A prediction interval as offsets from the forecast. */
export type PredictionInterval = z.infer<typeof predictionIntervalSchema>;

/** The model is worse than its best baseline on a split. */
export const forecastWarningSchema = z
  .object({
    code: z.literal('forecast-worse-than-baseline'),
    /** The split it was measured on: validation first; test when validation did not show it. */
    split: z.enum(['val', 'test']),
    baseline: z.enum(['naive', 'seasonal-naive', 'holt-winters']),
    modelMae: z.number(),
    baselineMae: z.number(),
    /** The seasonal naive forecast's period (steps), when that is the baseline. */
    seasonalPeriod: z.number().int().nullable(),
  })
  .strict();
/** The warning a forecast run carries when it loses. */
export type ForecastWarning = z.infer<typeof forecastWarningSchema>;

/** Which baseline; the names the warning and the reports use. */
export type BaselineName = ForecastWarning['baseline'];

/** A finished forecast run's report. */
export const forecastOutcomeSchema = z
  .object({
    kind: z.literal('forecast'),
    /** The target mode the model was trained in. */
    targetMode: modeSchema,
    /** What the spec asked for ('auto': chosen on validation). */
    targetModeSetting: z.enum(['auto', 'level', 'change', 'window-norm']),
    /** With 'auto': each mode's stand-in validation MAE (original units). */
    targetModeScores: z.record(modeSchema, z.number()).optional(),
    /** With 'auto': the validation mean's distance from the training mean, in training standard deviations. */
    targetShift: z.number().optional(),
    /** The seasonal naive forecast's period (steps), or null when the time step implies none. */
    seasonalPeriod: z.number().int().nullable(),
    /** Test MAE per step ahead, 1…H (null where the split is empty). */
    maeByStep: z.array(z.number().nullable()),
    warning: forecastWarningSchema.optional(),
    /** The prediction interval from the validation errors and its test coverage (absent with too few validation windows). */
    interval: predictionIntervalSchema.optional(),
  })
  .strict();
/** A finished forecast run's report. */
export type ForecastOutcome = z.infer<typeof forecastOutcomeSchema>;

const BASELINE_WORDS = {
  naive: 'naive (last value)',
  'seasonal-naive': 'seasonal naive',
  'holt-winters': 'Holt-Winters',
} as const;

function num(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4);
}

/** The English line for the target mode: `target mode: change (chosen on validation: …)`. */
export function targetModeLine(o: ForecastOutcome): string {
  if (o.targetModeSetting !== 'auto' || o.targetModeScores === undefined) {
    return `target mode: ${o.targetMode} (set in the spec)`;
  }
  const s = o.targetModeScores;
  const scores = (['level', 'change', 'window-norm'] as const)
    .map((m) => `${m} ${num(s[m] ?? Number.NaN)}`)
    .join(', ');
  const shift =
    o.targetShift === undefined
      ? ''
      : `validation mean ${Math.abs(o.targetShift).toFixed(2)} training SDs ${o.targetShift >= 0 ? 'above' : 'below'} the training mean; `;
  return `target mode: ${o.targetMode} (chosen on validation; ${shift}MAE of a linear stand-in per mode: ${scores})`;
}

/** The English warning line, e.g. `warning: on validation the model's MAE 5.10 is worse than that of the seasonal naive forecast with period 7 (4.20); …`. */
export function warningLine(w: ForecastWarning): string {
  const split = w.split === 'val' ? 'validation' : 'test';
  const period =
    w.baseline === 'seasonal-naive' && w.seasonalPeriod !== null
      ? ` with period ${w.seasonalPeriod}`
      : '';
  return `warning: on ${split} the model's MAE ${num(w.modelMae)} is worse than that of the ${BASELINE_WORDS[w.baseline]} forecast${period} (${num(w.baselineMae)}); use the baseline's forecast, or try another target mode, window or model.`;
}
