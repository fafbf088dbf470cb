/** Planning a search round from measured timing: how many settings it compares and for how many steps, and how much of the budget the spec as given needs for itself. */
import { rungCount, scoringCount, searchCost } from './halving.ts';

/** Beyond their size, trials differ in speed (cache, vocabulary, the machine's other work): a margin. */
export const MARGIN = 1.2;

/** What the first trial's probe measured. */
export interface StepTiming {
  secondsPerStep: number;
  /** One scoring of the validation split. */
  scoringSeconds: number;
  /** The fewest first-rung steps worth comparing settings on. */
  enough: number;
}

/**
 * Seconds the spec as given needs to train to its end: every epoch's steps and its scoring of the
 * validation split. An upper bound, since early stopping may end it sooner.
 */
export function specSeconds(
  timing: StepTiming,
  o: { epochs: number; stepsPerEpoch: number },
): number {
  return o.epochs * (o.stepsPerEpoch * timing.secondsPerStep + timing.scoringSeconds);
}

/**
 * How many configs (a prefix of `costs`, each a config's step cost relative to the base spec's)
 * a round of `searchSeconds` compares, and its first rung's steps: every rung of every trial ends
 * with one scoring, and the configs cost the mean of their costs × {@link MARGIN}. When that leaves
 * the first rung under `timing.enough` steps the round tries fewer configs, halving down to
 * `fewest`; null when even `fewest` gets fewer (settings compared after a handful of steps are
 * compared on noise: the round is not worth starting).
 *
 * With `slackSeconds` (the first round, where `costs[0]` is the base spec that stays in every
 * rung) the challengers may only spend the time the base does not need to train to its own end:
 * the base's own steps in the round count toward its training, but the challengers' steps and
 * scorings would be taken from it (ud-korean-pos under heavy load: 2 settings with 72 first-rung
 * steps took the time of 2 of the spec's 6 epochs and cost 2.8 points of accuracy against the
 * spec trained alone for the same 5 minutes).
 */
export function roundSize(
  costs: readonly number[],
  o: { timing: StepTiming; searchSeconds: number; fewest: number; slackSeconds?: number },
): { trials: number; steps: number } | null {
  const { timing, searchSeconds, fewest, slackSeconds } = o;
  for (let n = costs.length; ; n = Math.max(fewest, Math.ceil(n / 2))) {
    const steps = Math.min(
      stepsWithin(costs.slice(0, n), { timing, seconds: searchSeconds }),
      slackSeconds === undefined
        ? Number.POSITIVE_INFINITY
        : challengerSteps(costs.slice(0, n), { timing, seconds: slackSeconds }),
    );
    if (steps >= timing.enough) return { trials: n, steps: Math.floor(steps) };
    if (n <= fewest) return null;
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

/** First-rung steps that let every trial of the round, rungs and scorings, fit in `seconds`. */
function stepsWithin(costs: readonly number[], o: { timing: StepTiming; seconds: number }): number {
  const n = costs.length;
  const slower = mean(costs) * MARGIN;
  const forScoring = scoringCount(n) * o.timing.scoringSeconds * slower;
  return (o.seconds - forScoring) / (searchCost(n) * o.timing.secondsPerStep * slower);
}

/**
 * First-rung steps that let the challengers (all of `costs` but the first, the base) fit in
 * `seconds`: the base reaches the last rung, trains `2^(rungs − 1)` first rungs' steps of the
 * round's total and is scored once a rung; the rest is theirs.
 */
function challengerSteps(
  costs: readonly number[],
  o: { timing: StepTiming; seconds: number },
): number {
  const n = costs.length;
  if (n <= 1) return Number.POSITIVE_INFINITY;
  const rungs = rungCount(n);
  const slower = mean(costs.slice(1)) * MARGIN;
  const units = searchCost(n) - 2 ** (rungs - 1);
  const forScoring = (scoringCount(n) - rungs) * o.timing.scoringSeconds * slower;
  return (o.seconds - forScoring) / (units * o.timing.secondsPerStep * slower);
}
