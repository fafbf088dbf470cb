/** A refusal to start a run, in the UI's words, and whether the Train section shows it itself: not when the run it created already shows the same error. */
import type { TFunction } from 'i18next';
import { TrainerError } from '../../../core/protocol/trainerClient.ts';
import type { RunView } from '../../app/runs.ts';
import { wordCoreMessage } from '../../i18n/coreMessages.ts';

/** A refusal to start, worded from its key and parameters when core gave them. */
export function startErrorText(err: unknown, t: TFunction): string {
  if (err instanceof TrainerError && err.detail !== undefined)
    return wordCoreMessage(t, err.detail);
  return err instanceof Error ? err.message : String(err);
}

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
