/** Builds the Evaluate section's per-task report: the counts and tables over every example of the held-out split (from the trainer's final evaluation), plus the examples and chart points to show. */
import { classScores } from '../../../core/metrics/classification.ts';
import type { TrainingData } from '../../../core/protocol/messages.ts';
import type { PredictionInterval } from '../../../core/tasks/forecastOutcome.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type { SplitReport } from '../../../core/tasks/splitReport.ts';
import type {
  AttentionMatrix,
  ConfusionMatrix,
  LabelScores,
  Prediction,
} from '../../../core/tasks/task.ts';
import { type PredictInput, predict } from '../try/tryModel.ts';
import { type CaptionRow, captionRows, imageFolderOf, zipFolderOf } from './captionReport.ts';
import { heldOutExamples } from './heldOut.ts';
import { confusionOf, tagScores } from './reports.ts';

/** What the Evaluate section draws per task. */
export type HeldOutReport =
  | { task: 'classify'; confusion: ConfusionMatrix; perLabel: readonly LabelScores[] }
  | {
      task: 'tag';
      scores: readonly LabelScores[];
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
      /** `low`/`high`: the prediction interval around `model` (when the model has one). */
      points: {
        x: number;
        actual: number;
        model?: number;
        naive?: number;
        low?: number;
        high?: number;
      }[];
      byDate: boolean;
      /** The interval's level, validation windows and test coverage, as the run reported them. */
      interval?: PredictionInterval;
    }
  | { task: 'generate'; samples: { temperature: number; text: string }[] }
  | { task: 'caption'; rows: CaptionRow[] };

/** A built report: `examples` were scored (the whole split), `shown` of them are listed. */
export interface BuiltReport {
  report: HeldOutReport;
  /** Examples the metrics and tables cover: every example of `split`. */
  examples: number;
  split: SplitReport['split'];
  /** Examples listed one by one (tag sentences, seq2seq pairs); equals `examples` when all are. */
  shown: number;
}

/** Tag sentences and seq2seq pairs listed one by one (reading, not scoring). */
export const SHOWN = { tagSentences: 200, pairs: 40 } as const;

/** Examples predicted per request (keeps messages small and the UI responsive). */
const CHUNK = 200;

async function predictAll(runId: string, inputs: PredictInput[]): Promise<Prediction[]> {
  const out: Prediction[] = [];
  for (let i = 0; i < inputs.length; i += CHUNK) {
    out.push(...(await predict({ runId }, inputs.slice(i, i + CHUNK))));
  }
  return out;
}

const field = <K extends Prediction['kind']>(p: Prediction | undefined, kind: K) =>
  p?.kind === kind ? (p as Extract<Prediction, { kind: K }>) : null;

/** The split the trainer scores when no report says (core/train/trainer.ts: test, else validation). */
function splitOf(spec: RunSpec): SplitReport['split'] {
  return spec.train.testSplit > 0 ? 'test' : spec.train.valSplit > 0 ? 'val' : 'train';
}

/**
 * The report of a finished run. `evaluation` is the trainer's report over the whole split; a run
 * stored before it existed has none, and then every held-out example is predicted here instead.
 * @throws DatasetError or ConfigError when the file no longer fits the run's spec.
 */
export async function buildReport(
  run: {
    runId: string;
    spec: RunSpec;
    evaluation: SplitReport | undefined;
    interval?: PredictionInterval | undefined;
  },
  file: File,
  /** A caption run's image folder or zip as `start-training` carried it (else `file` is its zip). */
  images?: TrainingData,
): Promise<BuiltReport> {
  const { runId, spec, evaluation } = run;
  const split = evaluation?.split ?? splitOf(spec);
  if (spec.task === 'classify' && evaluation?.confusion !== undefined) {
    const confusion = evaluation.confusion;
    const perLabel = evaluation.perLabel ?? classScores(confusion.counts, confusion.labels);
    const n = evaluation.examples;
    return { report: { task: 'classify', confusion, perLabel }, examples: n, split, shown: 0 };
  }
  if (spec.task === 'caption') {
    // NOTE: BLEU and the baseline cover every scored image (the run's metrics); these are listed.
    const folder = images !== undefined ? await imageFolderOf(images) : await zipFolderOf(file);
    const { rows, split: scored, total } = await captionRows(runId, spec, folder);
    const examples = evaluation?.examples ?? total;
    return { report: { task: 'caption', rows }, examples, split: scored, shown: rows.length };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const held = await heldOutExamples(spec, { fileName: file.name, bytes });
  switch (held.task) {
    case 'classify': {
      const preds = await predictAll(
        runId,
        held.texts.map((text) => ({ text })),
      );
      const predicted = preds.map((p) => field(p, 'classify')?.label ?? '');
      const confusion = confusionOf(held.labels, predicted);
      const perLabel = classScores(confusion.counts, confusion.labels);
      const n = held.texts.length;
      return { report: { task: 'classify', confusion, perLabel }, examples: n, split, shown: 0 };
    }
    case 'tag': {
      // NOTE: with the trainer's scores only the listed sentences are predicted; without, all are.
      const scored = evaluation?.perLabel;
      const sentences =
        scored === undefined ? held.sentences : held.sentences.slice(0, SHOWN.tagSentences);
      const preds = await predictAll(
        runId,
        sentences.map((s) => ({ tokens: s.tokens })),
      );
      const rows = sentences.map((s, i) => ({
        tokens: s.tokens,
        gold: s.tags,
        predicted: field(preds[i], 'tag')?.tags.slice() ?? s.tokens.map(() => ''),
      }));
      const scores =
        scored ??
        tagScores(
          rows.map((r) => r.gold),
          rows.map((r) => r.predicted),
        );
      const listed = rows.slice(0, SHOWN.tagSentences);
      return {
        report: { task: 'tag', scores, sentences: listed },
        examples: evaluation?.examples ?? held.sentences.length,
        split,
        shown: listed.length,
      };
    }
    case 'seq2seq': {
      const pairs = held.pairs.slice(0, SHOWN.pairs);
      const preds = await predictAll(
        runId,
        pairs.map((p) => ({ text: p.source, decode: { beamSize: 1 } })),
      );
      const rows = pairs.map((p, i) => {
        const pred = field(preds[i], 'seq2seq');
        const row = { source: p.source, reference: p.target, output: pred?.text ?? '' };
        return pred?.attention === undefined ? row : { ...row, attention: pred.attention };
      });
      const examples = evaluation?.examples ?? held.pairs.length;
      return { report: { task: 'seq2seq', rows }, examples, split, shown: rows.length };
    }
    case 'forecast':
      return forecastReport(runId, spec, held, { evaluation, split, interval: run.interval });
    case 'generate': {
      const temperatures = [0.5, 0.8, 1.0];
      const preds = await predictAll(
        runId,
        temperatures.map((temperature, seed) => ({
          text: '',
          decode: { temperature, seed, maxTokens: 160 },
        })),
      );
      const samples = temperatures.map((temperature, i) => ({
        temperature,
        text: field(preds[i], 'generate')?.text ?? '',
      }));
      // NOTE: perplexity covers every held-out text; the samples are generated, not listed from it.
      const examples = evaluation?.examples ?? 0;
      return { report: { task: 'generate', samples }, examples, split, shown: 0 };
    }
  }
}

/** Steps of actual values drawn before the held-out part, for context. */
const CONTEXT_STEPS = 60;

/** One-step-ahead forecasts for every step of the held-out part (the chart thins them for display only). */
async function forecastReport(
  runId: string,
  spec: RunSpec,
  held: Extract<Awaited<ReturnType<typeof heldOutExamples>>, { task: 'forecast' }>,
  o: {
    evaluation: SplitReport | undefined;
    split: SplitReport['split'];
    interval: PredictionInterval | undefined;
  },
): Promise<BuiltReport> {
  const window = spec.data.window ?? 30;
  const from = Math.max(window, held.heldOutStart);
  // Known-future columns: each forecast also gets their values at its H steps from the file.
  const known = (spec.data.knownFutureColumns ?? []).map((c) => held.columns.indexOf(c));
  const horizon = known.length > 0 ? (spec.data.horizon ?? 1) : 1;
  const to = held.rows.length - horizon + 1;
  const inputs: PredictInput[] = [];
  for (let t = from; t < to; t++) {
    const future = held.rows.slice(t, t + horizon).map((r) => known.map((i) => r[i] as number));
    inputs.push({ rows: held.rows.slice(t - window, t), ...(known.length > 0 ? { future } : {}) });
  }
  const preds = inputs.length === 0 ? [] : await predictAll(runId, inputs);
  const at = (t: number) => (held.times === null ? t : (held.times[t] as number));
  const points: Extract<HeldOutReport, { task: 'forecast' }>['points'] = [];
  for (let t = Math.max(0, from - CONTEXT_STEPS); t < to; t++) {
    const actual = held.rows[t]?.[0] as number;
    if (t < from) {
      points.push({ x: at(t), actual });
      continue;
    }
    const pred = field(preds[t - from], 'forecast');
    const model = pred?.values[0];
    const naive = held.rows[t - 1]?.[0] as number;
    const low = pred?.interval?.lower[0];
    const high = pred?.interval?.upper[0];
    points.push({
      x: at(t),
      actual,
      naive,
      ...(model === undefined ? {} : { model }),
      ...(low === undefined || high === undefined ? {} : { low, high }),
    });
  }
  const report: HeldOutReport = {
    task: 'forecast',
    target: held.columns[0] ?? '',
    points,
    byDate: held.times !== null,
    ...(o.interval === undefined ? {} : { interval: o.interval }),
  };
  return {
    report,
    examples: o.evaluation?.examples ?? inputs.length,
    split: o.split,
    shown: inputs.length,
  };
}
