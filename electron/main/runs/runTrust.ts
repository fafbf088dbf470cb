/** Which paths of a run record read from a project main may act on: checkpoints only in the run's own folder. */

import type { RunRecord } from '../../common/runRecord.ts';
import type { RunFiles } from './runFiles.ts';

/** A run record with its untrusted checkpoint paths removed, and why each was removed. */
export interface TrustedRunRecord {
  record: RunRecord;
  /** One line per refused path, naming the run, the path and where it must be. */
  problems: string[];
  /** Why the last checkpoint was ignored, worded to follow "no checkpoint to resume from", or null. */
  ignoredLast: string | null;
}

/**
 * Keeps a run's checkpoint paths only when they are exactly where main writes them
 * (`RunFiles.checkpointPath`, under userData/runs/<runId>/): a project file names whatever paths
 * it likes, and main hands a checkpoint path to the trainer to read. A path elsewhere (another
 * run's folder, `/etc/passwd`, a project moved from another computer) is dropped, so the run
 * cannot resume from it; the problem says so.
 */
export function trustCheckpoints(saved: RunRecord, files: RunFiles): TrustedRunRecord {
  const record = structuredClone(saved);
  const problems: string[] = [];
  let ignoredLast: string | null = null;
  for (const kind of ['last', 'best'] as const) {
    const path = record.checkpoints[kind];
    if (path === null) continue;
    const expected = files.checkpointPath(record.runId, kind);
    if (path !== expected) {
      problems.push(
        `Runs: run '${record.runId}' names its ${kind} checkpoint '${path}'; a checkpoint must be at '${expected}', so it is ignored.`,
      );
      record.checkpoints[kind] = null;
      if (kind === 'last') {
        ignoredLast = `its checkpoint '${path}' was ignored: a checkpoint must be at '${expected}'`;
      }
    }
  }
  return { record, problems, ignoredLast };
}
