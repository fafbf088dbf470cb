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
 * Steps all trials take together over the search, in units of the first rung's budget: every
 * trial the first rung, then the survivors of each rung the extra steps up to the next budget.
 */
export function searchCost(trials: number): number {
  let alive = trials;
  let cost = trials;
  for (let rung = 1; rung < rungCount(trials); rung++) {
    alive = Math.ceil(alive / 2);
    cost += alive * 2 ** (rung - 1);
  }
  return cost;
}

/** Rung ends over the search (each scores one trial on the validation split): 8 → 4 → 2 → 1 is 15. */
export function scoringCount(trials: number): number {
  let alive = trials;
  let count = trials;
  for (let rung = 1; rung < rungCount(trials); rung++) {
    alive = Math.ceil(alive / 2);
    count += alive;
  }
  return count;
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

/** The better half (rounded up) of a rung's trials, by {@link rank}. */
export function survivors(standings: readonly Standing[], higherIsBetter: boolean): number[] {
  const keep = Math.ceil(standings.length / 2);
  return rank(standings, higherIsBetter)
    .slice(0, keep)
    .map((s) => s.trial);
}
