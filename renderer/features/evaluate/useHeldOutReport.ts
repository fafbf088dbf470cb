/** React hook: the per-task report of a finished run — the trainer's counts and tables over the whole held-out split, and examples read from its file and predicted for display. */
import { useEffect, useRef, useState } from 'react';
import { type RunView, runFile, runImageData } from '../../app/runs.ts';
import { type BuiltReport, buildReport } from './heldOutReport.ts';

export type { HeldOutReport } from './heldOutReport.ts';

export type ReportState =
  | { status: 'unavailable' }
  | { status: 'loading' }
  | ({ status: 'ready' } & BuiltReport)
  | { status: 'failed'; message: string };

/** Builds the report once per finished run (null run → unavailable). */
export function useHeldOutReport(run: RunView | null): ReportState {
  const [state, setState] = useState<ReportState>({ status: 'unavailable' });
  const runId = run?.runId ?? null;
  const ready = run !== null && run.finished !== null;
  // NOTE: the report is keyed on the run's identity and completion; later updates of the same
  // run (a new evaluation, logs) must not predict everything again, so the run is read via a ref.
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    if (runId === null || !ready) {
      setState({ status: 'unavailable' });
      return;
    }
    const spec = latest.current?.spec;
    const evaluation = latest.current?.finished?.evaluation;
    const file = runFile(runId);
    const images = runImageData(runId);
    const classifyScored = spec?.task === 'classify' && evaluation?.confusion !== undefined;
    const hasData = file !== undefined || images !== undefined;
    if (spec === undefined || (!hasData && spec.task !== 'generate' && !classifyScored)) {
      setState({ status: 'unavailable' });
      return;
    }
    let active = true;
    setState({ status: 'loading' });
    const interval = latest.current?.finished?.forecast?.interval;
    buildReport({ runId, spec, evaluation, interval }, file ?? new File([], 'none'), images)
      .then((built) => active && setState({ status: 'ready', ...built }))
      .catch((err: unknown) => {
        console.error('The held-out report failed.', err);
        if (active)
          setState({ status: 'failed', message: err instanceof Error ? err.message : String(err) });
      });
    return () => {
      active = false;
    };
  }, [runId, ready]);
  return state;
}
