/** Whether the Train section shows a start failure of its own: not when the run it created already shows the same error. */
import type { RunView } from '../../app/runs.ts';

/**
 * The start failure to show above the runs, or null: a run that was created and then refused
 * carries the same error in its own panel, which says it once.
 */
export function ownStartError(
  message: string | null,
  runs: readonly Pick<RunView, 'error'>[],
): string | null {
  if (message === null) return null;
  return runs.some((r) => r.error?.message === message) ? null : message;
}
