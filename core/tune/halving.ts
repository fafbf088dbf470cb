/** Successive halving, the pure part: how many steps each rung trains to, and which trials go on (Jamieson & Talwalkar 2016, https://arxiv.org/abs/1502.07943). */

/** A trial's standing after a rung: its id and validation score (null when it had none). */
export interface Standing {
  trial: number;
  score: number | null;
}

/** Rungs for `trials` configs halved until one is left: 8 → 4 → 2 → 1 is 4 rungs. */
export function rungCount(trials: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(1, trials))) + 1);
}

/** Steps a trial has taken over the run by the end of rung `rung` (0-based): the first rung's budget doubled each rung. */
export function rungSteps(firstRungSteps: number, rung: number): number {
  return firstRungSteps * 2 ** rung;
}

/**
 * Trials alive in each rung, at most: halved each rung, but the last rung may hold two (the base
 * trial kept beside the best challenger, see {@link survivors}): 8 → 4 → 2 → 2.
 */
function aliveByRung(trials: number): number[] {
  const alive = [trials];
  const rungs = rungCount(trials);
  for (let rung = 1; rung < rungs; rung++) {
    const half = Math.ceil((alive[rung - 1] as number) / 2);
    alive.push(rung === rungs - 1 ? Math.max(half, Math.min(2, trials)) : half);
  }
  return alive;
}

/**
 * Steps all trials take together over the search, at most, in units of the first rung's budget:
 * every trial the first rung, then the survivors of each rung the extra steps up to the next budget.
 */
export function searchCost(trials: number): number {
  return aliveByRung(trials).reduce(
    (cost, alive, rung) => cost + alive * 2 ** Math.max(0, rung - 1),
    0,
  );
}

/** Rung ends over the search, at most (each scores one trial on the validation split): 8 → 4 → 2 → 2 is 16. */
export function scoringCount(trials: number): number {
  return aliveByRung(trials).reduce((count, alive) => count + alive, 0);
}

/**
 * The standings best first: by score in the metric's direction, trials without a score last,
 * ties to the earlier trial (the base spec is trial 0).
 */
export function rank(standings: readonly Standing[], higherIsBetter: boolean): Standing[] {
  return [...standings].sort((a, b) => {
    if (a.score === null || b.score === null) {
      return a.score === b.score ? a.trial - b.trial : a.score === null ? 1 : -1;
    }
    const diff = higherIsBetter ? b.score - a.score : a.score - b.score;
    return diff !== 0 ? diff : a.trial - b.trial;
  });
}

/**
 * The better half (rounded up) of a rung's trials, by {@link rank}. `keep` (the base spec, trial 0)
 * is never dropped: outside the better half it takes the place of the weakest survivor, or joins
 * a half of one, so the last rung holds the base and the best challenger.
 * NOTE: a short rung favours settings that learn fastest early (a high learning rate), which a
 * slower setting often overtakes after several epochs; the base stays in the race so that the
 * final comparison, after both have trained on, decides (see {@link finalist}).
 */
export function survivors(
  standings: readonly Standing[],
  higherIsBetter: boolean,
  options: { keep?: number } = {},
): number[] {
  const half = Math.ceil(standings.length / 2);
  const kept = rank(standings, higherIsBetter)
    .slice(0, half)
    .map((s) => s.trial);
  const { keep } = options;
  if (keep === undefined || kept.includes(keep) || !standings.some((s) => s.trial === keep)) {
    return kept;
  }
  return half === 1 ? [...kept, keep] : [...kept.slice(0, -1), keep];
}

/**
 * The run after the final comparison: the challenger only when its validation score, after it
 * and the base both trained on with early stopping, is strictly better than the base's.
 */
export function finalist(base: Standing, challenger: Standing, higherIsBetter: boolean): number {
  return (rank([base, challenger], higherIsBetter)[0] as Standing).trial === challenger.trial &&
    challenger.score !== base.score
    ? challenger.trial
    : base.trial;
}
