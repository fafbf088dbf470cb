/** React hook: the per-example report of a run — held-out examples read from its file, predicted by the trainer, compared with the truth. */
import { useEffect, useRef, useState } from 'react';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type {
  AttentionMatrix,
  ConfusionMatrix,
  LabelScores,
  Prediction,
} from '../../../core/tasks/task.ts';
import { type RunView, runFile } from '../../app/runs.ts';
import { type PredictInput, predict } from '../try/tryModel.ts';
import { heldOutExamples } from './heldOut.ts';
import { confusionOf, tagScores } from './reports.ts';

/** What the Evaluate section draws per task. */
export type HeldOutReport =
  | {
      task: 'classify';
      confusion: ConfusionMatrix;
      examples: { text: string; gold: string; predicted: string }[];
    }
  | {
      task: 'tag';
      scores: LabelScores[];
      sentences: { tokens: string[]; gold: string[]; predicted: string[] }[];
    }
  | {
      task: 'seq2seq';
      /** `attention`: where the model looked for `output` (absent without attention). */
      rows: { source: string; reference: string; output: string; attention?: AttentionMatrix }[];
    }
  | {
      task: 'forecast';
      target: string;
      points: { x: number; actual: number; model?: number; naive?: number }[];
      byDate: boolean;
    }
  | { task: 'generate'; samples: { temperature: number; text: string }[] };

export type ReportState =
  | { status: 'unavailable' }
  | { status: 'loading' }
  | { status: 'ready'; report: HeldOutReport; examples: number }
  | { status: 'failed'; message: string };

/** Examples predicted per request (keeps messages small and the UI responsive). */
const CHUNK = 100;

async function predictAll(runId: string, inputs: PredictInput[]): Promise<Prediction[]> {
  const out: Prediction[] = [];
  for (let i = 0; i < inputs.length; i += CHUNK) {
    out.push(...(await predict({ runId }, inputs.slice(i, i + CHUNK))));
  }
  return out;
}

const field = <K extends Prediction['kind']>(p: Prediction | undefined, kind: K) =>
  p?.kind === kind ? (p as Extract<Prediction, { kind: K }>) : null;

async function buildReport(runId: string, spec: RunSpec, file: File): Promise<ReportState> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const held = await heldOutExamples(spec, { fileName: file.name, bytes }, { limit: 400 });
  switch (held.task) {
    case 'classify': {
      const preds = await predictAll(
        runId,
        held.texts.map((text) => ({ text })),
      );
      const predicted = preds.map((p) => field(p, 'classify')?.label ?? '');
      const examples = held.texts.map((text, i) => ({
        text,
        gold: held.labels[i] as string,
        predicted: predicted[i] as string,
      }));
      return {
        status: 'ready',
        examples: examples.length,
        report: { task: 'classify', confusion: confusionOf(held.labels, predicted), examples },
      };
    }
    case 'tag': {
      const sentences = held.sentences.slice(0, 200);
      const preds = await predictAll(
        runId,
        sentences.map((s) => ({ tokens: s.tokens })),
      );
      const rows = sentences.map((s, i) => ({
        tokens: s.tokens,
        gold: s.tags,
        predicted: field(preds[i], 'tag')?.tags.slice() ?? s.tokens.map(() => ''),
      }));
      return {
        status: 'ready',
        examples: rows.length,
        report: {
          task: 'tag',
          scores: tagScores(
            rows.map((r) => r.gold),
            rows.map((r) => r.predicted),
          ),
          sentences: rows,
        },
      };
    }
    case 'seq2seq': {
      const pairs = held.pairs.slice(0, 40);
      const preds = await predictAll(
        runId,
        pairs.map((p) => ({ text: p.source, decode: { beamSize: 1 } })),
      );
      const rows = pairs.map((p, i) => {
        const pred = field(preds[i], 'seq2seq');
        const row = { source: p.source, reference: p.target, output: pred?.text ?? '' };
        return pred?.attention === undefined ? row : { ...row, attention: pred.attention };
      });
      return { status: 'ready', examples: rows.length, report: { task: 'seq2seq', rows } };
    }
    case 'forecast': {
      const window = spec.data.window ?? 30;
      const from = Math.max(window, held.heldOutStart);
      // Known-future columns: each forecast also gets their values at its H steps from the file.
      const known = (spec.data.knownFutureColumns ?? []).map((c) => held.columns.indexOf(c));
      const horizon = known.length > 0 ? (spec.data.horizon ?? 1) : 1;
      const to = Math.min(held.rows.length - horizon + 1, from + 300);
      const inputs: PredictInput[] = [];
      for (let t = from; t < to; t++) {
        const future = held.rows.slice(t, t + horizon).map((r) => known.map((i) => r[i] as number));
        inputs.push({
          rows: held.rows.slice(t - window, t),
          ...(known.length > 0 ? { future } : {}),
        });
      }
      const preds = inputs.length === 0 ? [] : await predictAll(runId, inputs);
      const at = (t: number) => (held.times === null ? t : (held.times[t] as number));
      const points: Extract<HeldOutReport, { task: 'forecast' }>['points'] = [];
      for (let t = Math.max(0, from - 60); t < to; t++) {
        const actual = held.rows[t]?.[0] as number;
        if (t < from) points.push({ x: at(t), actual });
        else {
          const model = field(preds[t - from], 'forecast')?.values[0];
          points.push({
            x: at(t),
            actual,
            naive: held.rows[t - 1]?.[0] as number,
            ...(model === undefined ? {} : { model }),
          });
        }
      }
      return {
        status: 'ready',
        examples: to - from,
        report: {
          task: 'forecast',
          target: held.columns[0] ?? '',
          points,
          byDate: held.times !== null,
        },
      };
    }
    case 'generate': {
      const temperatures = [0.5, 0.8, 1.0];
      const preds = await predictAll(
        runId,
        temperatures.map((temperature, seed) => ({
          text: '',
          decode: { temperature, seed, maxTokens: 160 },
        })),
      );
      return {
        status: 'ready',
        examples: preds.length,
        report: {
          task: 'generate',
          samples: temperatures.map((temperature, i) => ({
            temperature,
            text: field(preds[i], 'generate')?.text ?? '',
          })),
        },
      };
    }
  }
}

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
    const file = runFile(runId);
    if (spec === undefined || (file === undefined && spec.task !== 'generate')) {
      setState({ status: 'unavailable' });
      return;
    }
    let active = true;
    setState({ status: 'loading' });
    buildReport(runId, spec, file ?? new File([], 'none'))
      .then((s) => active && setState(s))
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
