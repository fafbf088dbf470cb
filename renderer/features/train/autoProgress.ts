/** What an auto-tune run shows while it searches: its progress bar (the budget used) and line (the round and the trial training now), and the leaderboard's row of that trial, live. */
import type { LeaderboardRow, TrialProgress } from '../../../core/tune/report.ts';
import type { RunView } from '../../app/runs.ts';

type Tune = NonNullable<RunView['tune']>;

/** The search's progress: null once it is over (the run's own progress shows then). */
export interface SearchProgress {
  /** Share of the whole budget used (the search is time-boxed: this moves whatever it trains). */
  fraction: number;
  /** 1-based round, numbered as the leaderboard's plan and statuses number them (a report's rung + 1). */
  round: number;
  /** The trial training now, or null before the first has taken a step. */
  live: TrialProgress | null;
}

/** The progress bar and line of a search; null when the run has no search or it is over. */
export function searchProgress(tune: Tune | undefined): SearchProgress | null {
  if (tune === undefined || tune.best !== null) return null;
  const { live, plan } = tune;
  const budget = plan.maxMinutes * 60;
  return {
    fraction: live === null ? 0 : Math.min(1, live.searchSeconds / budget),
    round: (live?.rung ?? 0) + 1,
    live,
  };
}

/** A leaderboard row, or the trial training now that has not finished a round yet (no place, no score). */
export type BoardRow = (LeaderboardRow | (Omit<LeaderboardRow, 'place'> & { place: null })) & {
  /** The round it is training in now, when it is the trial training now. */
  training: number | null;
};

/**
 * The rows with the trial training now brought up to date: its steps and epochs so far and the
 * round it trains in; a trial with no finished round yet (the spec training first to its end)
 * is added at the end, so the board never sits empty while the search works.
 */
export function liveRows(rows: readonly LeaderboardRow[], live: TrialProgress | null): BoardRow[] {
  const out: BoardRow[] = rows.map((row) => ({ ...row, training: null }));
  if (live === null) return out;
  const now = {
    steps: live.step,
    epochs: Math.round((live.step / Math.max(1, live.totalSteps / live.epochs)) * 100) / 100,
    training: live.rung + 1,
  };
  const at = out.findIndex((row) => row.trial === live.trial);
  if (at >= 0) {
    out[at] = { ...(out[at] as BoardRow), ...now };
    return out;
  }
  out.push({
    trial: live.trial,
    rung: live.rung,
    config: live.config,
    score: null,
    seconds: 0,
    finished: false,
    place: null,
    dropped: false,
    ...now,
  });
  return out;
}
