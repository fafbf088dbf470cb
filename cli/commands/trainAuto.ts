/** `rnn-studio train --auto --max-minutes M`: searches settings on the validation split (core/tune), prints a line per finished trial, trains the best on and writes it. */
import { writeBundle } from '../../core/io/bundle.ts';
import { warningLine } from '../../core/tasks/forecastOutcome.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import type { PrepareInput } from '../../core/tasks/task.ts';
import { AutoTune } from '../../core/train/autoTune.ts';
import type { CheckedByteSource } from '../../core/train/checkedSource.ts';
import { bundleFromTask, type TaskLookup } from '../../core/train/modelBundle.ts';
import type { TrainingResult, TrainingRunEvent } from '../../core/train/trainer.ts';
import type { TrialReport, TunePlan } from '../../core/tune/report.ts';
import { describeConfig } from '../../core/tune/space.ts';
import type { CliIo } from '../io.ts';

/** What `runTrain` hands over once the spec, data and output are settled. */
export interface AutoTrainInput {
  io: CliIo;
  json: boolean;
  tasks: TaskLookup;
  spec: RunSpec;
  /** The data file, read again a piece at a time by every trial (a change between trials is refused). */
  bytes: CheckedByteSource;
  dataPath: string;
  /** The inspection the spec's reading options came from, so trials need not inspect again. */
  inspection?: PrepareInput['inspection'];
  /** The second thread each trial reads a big forecast or classify file with. */
  seriesRanges?: PrepareInput['seriesRanges'];
  out: string;
  maxMinutes: number;
  trials?: number;
  handleSignals?: boolean;
  /** The ordinary run's event printer (epochs, logs, the live line), for the winner's training. */
  printer: { onEvent(e: TrainingRunEvent): void; clear(): void };
  /** The ordinary run's summary lines. */
  summary(o: { result: TrainingResult; spec: RunSpec }): string;
  resultObject(result: TrainingResult, out: string): Record<string, unknown>;
}

/**
 * `trial 3  round 2  word · emb 64 · hidden 128 × 1 · dropout 0.2 · lr 0.002  val accuracy 0.8123  1.5 epochs  120 steps  34.2 s`;
 * rounds are numbered over the whole search as the plan line and the live line number them (a
 * report's rung + 1); a final comparison's reports add `final`, and the challenger's adds the
 * paired comparison:
 * `  vs trial 0: gain 11.2 ± 9.3 over 120 examples, not kept (needs 2 × its standard error)`.
 */
export function trialLine(report: TrialReport, plan: TunePlan): string {
  const score = report.score === null ? 'no score' : report.score.toFixed(4);
  const ended = report.finished ? '  (its run ended)' : '';
  const round = `round ${report.rung + 1}${report.final === true ? ' final' : ''}`;
  const c = report.comparison;
  const versus =
    c === undefined
      ? ''
      : `  vs trial ${c.against}: gain ${num(c.gain)} ± ${c.standardError === null ? '?' : num(c.standardError)} over ${c.examples} examples, ${c.kept ? 'kept' : 'not kept'} (needs ${c.threshold} × its standard error)`;
  return `trial ${report.trial}  ${round}  ${describeConfig(report.config)}  val ${plan.metric} ${score}  ${report.epochs} epochs  ${report.steps} steps  ${report.seconds} s${ended}${versus}\n`;
}

/**
 * The whole search in one line, its rounds numbered as the trial lines number them: the first
 * round's halving and final comparison (or the spec first), then later rounds and the tail.
 */
export function planLine(plan: TunePlan): string {
  const later = `Then, while time is left: later rounds of new settings against the kept one, and a cosine learning-rate tail for it when its rate did not decay.`;
  if (plan.specFirst === true && (plan.specSeconds ?? 0) > plan.maxMinutes * 60) {
    return `Auto: round 1: the spec as given trains until the budget ends (${plan.maxMinutes} min; it would need about ${plan.specSeconds} s to reach its end), so no other setting is tried.\n`;
  }
  if (plan.specFirst === true) {
    return `Auto: round 1: the spec as given trains to its end (about ${plan.specSeconds ?? '?'} s of the ${plan.maxMinutes} min). ${later} Ranked on validation ${plan.metric}.\n`;
  }
  return `Auto: rounds 1–${plan.rungs}: ${plan.trials} settings from ${plan.firstRungSteps} steps each, the better half going on each round (successive halving). Round ${plan.rungs + 1} final: the best of them and the spec as given train to their end; it replaces the spec only if better on validation ${plan.metric} by more than the noise. ${later} ${plan.maxMinutes} min in all.\n`;
}

/** Four significant digits: a gain in won and one in accuracy both read well. */
function num(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

/**
 * Runs the search and the winner's training; writes the model (its bundle keeps the
 * leaderboard). With `json`, every event is one JSON line and the result line adds `best`
 * (trial and spec) and `leaderboard`.
 * @throws what the task throws for data it cannot use, and DivergenceError from the winner's run.
 */
export async function runAutoTrain(input: AutoTrainInput): Promise<void> {
  const { io, json, spec, printer } = input;
  const definition = input.tasks(spec.task);
  let plan: TunePlan | null = null;
  const onEvent = (event: TrainingRunEvent): void => {
    if (event.type === 'tune-started') plan = event.plan;
    if (json) {
      printer.onEvent(event);
      return;
    }
    if (event.type === 'tune-started') {
      io.stderr(planLine(event.plan));
    } else if (event.type === 'tune-trial' && plan !== null) {
      printer.clear();
      io.stdout(trialLine(event.report, plan));
    } else if (event.type === 'tune-finished') {
      printer.clear();
      io.stdout(`best: trial ${event.best}; training it on for what is left of the budget.\n`);
    } else {
      printer.onEvent(event);
    }
  };
  const fingerprint = await input.bytes.fingerprint();
  const tune = new AutoTune({
    base: { ...spec, train: { ...spec.train, maxMinutes: 0 } },
    maxMinutes: input.maxMinutes,
    ...(input.trials === undefined ? {} : { trials: input.trials }),
    prepare: (trialSpec, random) =>
      definition.prepare({
        spec: trialSpec,
        fileName: input.dataPath,
        bytes: input.bytes,
        random,
        ...(input.inspection === undefined ? {} : { inspection: input.inspection }),
        ...(input.seriesRanges === undefined ? {} : { seriesRanges: input.seriesRanges }),
      }),
    data: { fileName: input.dataPath, fingerprint },
    onEvent,
    memoryBytes: () => process.memoryUsage.rss(),
  });
  const stop = () => tune.stop();
  if (input.handleSignals) process.once('SIGINT', stop);
  const outcome = await tune.tune().finally(() => {
    process.removeListener('SIGINT', stop);
    printer.clear();
  });
  const tuning = { plan: outcome.plan, best: outcome.best, reports: outcome.reports };
  const bundle = bundleFromTask(outcome.task, {
    history: outcome.result.history,
    metrics: outcome.result.metrics,
    tuning,
  });
  await io.writeFileAtomic(input.out, writeBundle(bundle));
  if (json) {
    io.stdout(
      `${JSON.stringify({ ...input.resultObject(outcome.result, input.out), best: { trial: outcome.best, spec: outcome.spec }, leaderboard: outcome.reports })}\n`,
    );
    return;
  }
  io.stdout(
    `best spec (trial ${outcome.best}): ${JSON.stringify({ data: outcome.spec.data, model: outcome.spec.model, train: outcome.spec.train })}\n`,
  );
  io.stdout(input.summary({ result: outcome.result, spec: outcome.task.spec }));
  if (outcome.result.forecast?.warning)
    io.stderr(`${warningLine(outcome.result.forecast.warning)}\n`);
}
