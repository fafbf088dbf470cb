/** Auto-tune: successive halving over sampled settings on the validation split under a wall-clock budget, each trial a slice of the ordinary TrainingRun, in rounds while the budget lasts; the kept trial is the run. */

import { ConfigError } from '../errors.ts';
import { Random } from '../random.ts';
import { DEFAULT_HORIZON, DEFAULT_WINDOW } from '../tasks/forecast/describe.ts';
import type { RunSpec } from '../tasks/spec.ts';
import type { PreparedTask } from '../tasks/task.ts';
import { MARGIN, roundSize, type StepTiming, specSeconds } from '../tune/budget.ts';
import { finalist, rank, rungCount, rungSteps, survivors } from '../tune/halving.ts';
import { pairedComparison } from '../tune/paired.ts';
import { leaderboard, type TrialReport, type TunePlan } from '../tune/report.ts';
import {
  configOf,
  relativeCost,
  type SpaceLimits,
  sampleConfigs,
  specWith,
  type TrialConfig,
} from '../tune/space.ts';
import { annealEpochs, annealedSpec, annealStart, canAnneal } from './anneal.ts';
import {
  type CheckpointKind,
  type CheckpointStore,
  decodeCheckpoint,
  encodeCheckpoint,
} from './checkpoint.ts';
import { PausableClock } from './pausableClock.ts';
import { DivergenceError } from './setup.ts';
import { type TrainingResult, TrainingRun, type TrainingRunEvent } from './trainer.ts';

/** Events of a search, before the host stamps them with its run id. */
export type TuneEvent = Extract<
  TrainingRunEvent,
  { type: 'tune-started' | 'tune-trial' | 'tune-progress' | 'tune-finished' }
>;

/** Options of {@link autoTune}. */
export interface AutoTuneOptions {
  /** The spec the search starts from (trial 0 trains it as given); its seed fixes the data split for every trial. */
  base: RunSpec;
  /** The whole budget: search and the winner's further training. */
  maxMinutes: number;
  /** Configs to try. Default 8. */
  trials?: number;
  /** Seed of the config draws. Default `base.train.seed`. */
  seed?: number;
  /** Steps per trial in the first rung; left out, planned from the budget and trial 0's first steps. */
  firstRungSteps?: number;
  /** Share of the budget for the search; the rest trains the winner on. Default 0.7. */
  searchShare?: number;
  /**
   * Search rounds at most. After a round's final comparison, while the budget lasts, another
   * round draws settings not tried yet and its best challenges the kept trial. Default: no limit.
   */
  rounds?: number;
  /** Prepares a trial's task from its spec with the generator its model is built with. */
  prepare(spec: RunSpec, random: Random): Promise<PreparedTask>;
  /** The data file's name and fingerprint (for checkpoints). */
  data: { fileName: string; fingerprint: string };
  /** Tune events, and the winner's training events once the search is over. */
  onEvent(event: TrainingRunEvent): void;
  /** Milliseconds clock. Default Date.now. */
  now?: () => number;
  yieldControl?: () => Promise<void>;
  memoryBytes?: () => number | null;
}

/** What a search ends with: the winning trial's task (best weights in its model) and run result. */
export interface AutoTuneResult {
  plan: TunePlan;
  best: number;
  spec: RunSpec;
  task: PreparedTask;
  result: TrainingResult;
  reports: TrialReport[];
}

/** What a tuned model's bundle keeps of the search (config.json `tuning`). */
export interface TuningRecord {
  plan: TunePlan;
  best: number;
  reports: TrialReport[];
}

interface Trial {
  index: number;
  config: TrialConfig;
  spec: RunSpec;
  task: PreparedTask | null;
  random: Random | null;
  checkpoints: Map<CheckpointKind, Uint8Array>;
  seconds: number;
  last: TrialReport | null;
  /** How its last training ended (the final comparison's end is the run's). */
  reason: TrainingResult['reason'] | null;
  /** Its progress and epoch events over the whole search, sent as the run's curves if it wins. */
  events: TrainingRunEvent[];
}

/** Steps the first trial trains to measure its speed when the first rung's budget is planned. */
const PROBE_STEPS = 5;
/** The first round's steps below which fewer settings are tried (or half an epoch, if less). */
const MIN_FIRST_RUNG = 50;

/** What the first trial's probe measured, for planning every round. */
interface Timing extends StepTiming {
  directions: number;
  base: TrialConfig;
}

/** forecast: windows up to a quarter of the training part, so a long window leaves 3/4 of it to learn from. */
function limitsOf(task: PreparedTask): SpaceLimits {
  if (task.kind !== 'forecast') return {};
  const window = task.spec.data.window ?? DEFAULT_WINDOW;
  const horizon = task.spec.data.horizon ?? DEFAULT_HORIZON;
  return { maxWindow: Math.floor((task.sizes.train + window + horizon - 1) / 4) };
}

/** Runs the search. The controller's `stop()` ends it early: the best trial so far becomes the run. */
export class AutoTune {
  private readonly now: () => number;
  /** The budget's clock: deadlines move on by the time spent paused. */
  private readonly clock: PausableClock;
  private stopped = false;
  private current: TrainingRun | null = null;
  private readonly reports: TrialReport[] = [];
  /** Configs of the trials made so far: a later round draws others. */
  private readonly tried: TrialConfig[] = [];
  private timing: Timing | null = null;
  /** Whether the kept trial has had its cosine tail (once per search). */
  private annealed = false;
  /** When `tune()` began (the clock's milliseconds). */
  private startedAt = 0;

  constructor(private readonly options: AutoTuneOptions) {
    this.now = options.now ?? Date.now;
    this.clock = new PausableClock(this.now);
    if (options.base.train.valSplit <= 0) {
      throw new ConfigError(
        `Auto-tune: train.valSplit must be above 0 (trials are compared on the validation split), got ${options.base.train.valSplit}.`,
      );
    }
  }

  /** Seconds of the budget used since `tune()` began, time paused not counted. */
  private usedSeconds(): number {
    return this.clock.secondsSince(this.startedAt);
  }

  /** Ends the search after the current step; the winner so far is evaluated and returned. */
  stop(): void {
    this.stopped = true;
    this.current?.stop();
  }

  /** Pauses after the current step, this trial's slice and the ones after it, until `resume()`. */
  pause(): void {
    this.clock.pause();
    this.current?.pause();
  }

  resume(): void {
    this.clock.resume();
    this.current?.resume();
  }

  /** The run being trained now (a trial's slice, or the winner's), for pause and resume. */
  get run(): TrainingRun | null {
    return this.current;
  }

  /**
   * Searches, then trains the winner on until the budget ends and evaluates it on the test split.
   * @throws DivergenceError when the winner's own training diverges (a diverging trial only scores null).
   */
  async tune(): Promise<AutoTuneResult> {
    const { base, maxMinutes } = this.options;
    const start = this.now();
    this.startedAt = start;
    const searchDeadline = this.clock.until(
      start + maxMinutes * 60_000 * (this.options.searchShare ?? 0.7),
    );
    const deadline = this.clock.until(start + maxMinutes * 60_000);
    const seed = this.options.seed ?? base.train.seed;
    const first = this.newTrial(configOf(base), base);
    const firstTask = await this.prepared(first);
    const limits = limitsOf(firstTask);
    const configs = sampleConfigs(base, this.options.trials ?? 8, seed, { limits });
    let firstRungSteps = this.options.firstRungSteps;
    let count = configs.length;
    let needs: number | undefined;
    if (firstRungSteps === undefined) {
      const planned = await this.planFirstRung(first, { configs });
      firstRungSteps = planned.steps;
      count = planned.trials;
      needs = planned.specSeconds;
    }
    const trials = [first, ...configs.slice(1, count).map((c) => this.newTrial(c))];
    const plan: TunePlan = {
      trials: trials.length,
      rungs: rungCount(trials.length),
      firstRungSteps,
      maxMinutes,
      metric: firstTask.primaryMetric.name,
      higherIsBetter: firstTask.primaryMetric.higherIsBetter,
      seed,
      ...(needs === undefined ? {} : { specSeconds: needs }),
      ...(trials.length === 1 ? { specFirst: true } : {}),
    };
    this.options.onEvent({ type: 'tune-started', plan });
    // The spec first: it trains to its end in the first of the later rounds, which then search.
    const alive =
      trials.length === 1
        ? trials
        : await this.halve(trials, {
            firstRungSteps,
            rungs: plan.rungs,
            searchDeadline,
            higherIsBetter: plan.higherIsBetter,
            keep: 0,
          });
    let winner = await this.decide(alive, { plan, deadline });
    winner = await this.anneal(winner, { deadline, higherIsBetter: plan.higherIsBetter });
    winner = await this.moreRounds(winner, { plan, deadline, limits, draws: configs.length });
    this.options.onEvent({
      type: 'tune-finished',
      best: winner.index,
      leaderboard: leaderboard(this.reports, {
        higherIsBetter: plan.higherIsBetter,
        searchOver: true,
        best: winner.index,
      }),
    });
    const result = await this.finalRun(winner, deadline);
    return {
      plan,
      best: winner.index,
      spec: winner.spec,
      task: winner.task as PreparedTask,
      result,
      reports: [...this.reports],
    };
  }

  /** A trial of `config` numbered after the ones made so far (the base spec's own is `spec`). */
  private newTrial(config: TrialConfig, spec?: RunSpec): Trial {
    const trial: Trial = {
      index: this.tried.length,
      config,
      spec: spec ?? specWith(this.options.base, config),
      task: null,
      random: null,
      checkpoints: new Map(),
      seconds: 0,
      last: null,
      reason: null,
      events: [],
    };
    this.tried.push(config);
    return trial;
  }

  /**
   * Successive halving: each rung trains every alive trial to the rung's steps (rung r of the
   * round: `firstRungSteps` × 2^r) and keeps the better half (`keep` always), until the last rung
   * or the deadline; out of time within a rung, only the trials that ran it go on.
   */
  private async halve(
    trials: Trial[],
    o: {
      firstRungSteps: number;
      rungs: number;
      searchDeadline: () => number;
      higherIsBetter: boolean;
      keep?: number;
    },
  ): Promise<Trial[]> {
    const rungFrom = this.nextRung();
    let alive = trials;
    for (let rung = 0; rung < o.rungs && alive.length > 0; rung++) {
      const ran: Trial[] = [];
      for (const trial of alive) {
        if (this.stopped || this.now() >= o.searchDeadline()) break;
        await this.slice(trial, {
          rung: rungFrom + rung,
          stopAtStep: rungSteps(o.firstRungSteps, rung),
          searchDeadline: o.searchDeadline,
        });
        ran.push(trial);
      }
      if (ran.length < alive.length) {
        alive = ran.length > 0 ? ran : alive;
        break;
      }
      if (rung < o.rungs - 1) alive = this.keep(alive, o.higherIsBetter, o.keep);
    }
    return alive;
  }

  /** The rung after the last one reported (0 before any). */
  private nextRung(): number {
    return this.reports.reduce((next, r) => Math.max(next, r.rung + 1), 0);
  }

  private async prepared(trial: Trial): Promise<PreparedTask> {
    if (trial.task === null) {
      trial.random = new Random(trial.spec.train.seed);
      trial.task = await this.options.prepare(trial.spec, trial.random);
    }
    return trial.task;
  }

  /**
   * Steps per trial in the first rung so the search fits its share of the budget: trial 0
   * trains a few steps (they count toward its first rung) and is scored on the validation split,
   * which times a step and a scoring (kept for later rounds) and the spec's own training to its
   * end (`specSeconds`); see budget.ts `roundSize`. The challengers may only take the time that
   * the spec does not need; when that gives 2 settings fewer first-rung steps than a fair look
   * needs, one trial: the spec trains first, and later rounds search with the time it leaves.
   */
  private async planFirstRung(
    first: Trial,
    o: { configs: TrialConfig[] },
  ): Promise<{ trials: number; steps: number; specSeconds: number }> {
    const { configs } = o;
    const probeTime = this.clock.stopwatch();
    let trainingSeconds = 0;
    let stepsTimed = 1;
    await this.train(first, {
      stopAtStep: PROBE_STEPS,
      evaluateOn: 'val',
      onProgress: (e) => {
        trainingSeconds = e.elapsedSeconds;
        stepsTimed = Math.max(1, e.step);
      },
    });
    const totalSeconds = probeTime();
    const task = first.task as PreparedTask;
    const stepsPerEpoch = Math.ceil(task.sizes.train / first.spec.train.batchSize);
    this.timing = {
      secondsPerStep: Math.max(1e-4, trainingSeconds / stepsTimed),
      scoringSeconds: Math.max(0, totalSeconds - trainingSeconds),
      enough: Math.min(MIN_FIRST_RUNG, Math.ceil(stepsPerEpoch / 2)),
      directions: first.spec.model.recurrent.bidirectional ? 2 : 1,
      base: first.config,
    };
    const share = this.options.searchShare ?? 0.7;
    const elapsed = this.usedSeconds();
    const needs = specSeconds(this.timing, { epochs: first.spec.train.epochs, stepsPerEpoch });
    const size = this.roundSize(configs, {
      searchSeconds: this.options.maxMinutes * 60 * share - elapsed,
      fewest: 2,
      slackSeconds: this.options.maxMinutes * 60 - elapsed - needs,
    });
    const specNeeds = Math.round(needs);
    return size === null
      ? { trials: 1, steps: PROBE_STEPS, specSeconds: specNeeds }
      : {
          trials: size.trials,
          steps: Math.max(PROBE_STEPS * 2, size.steps),
          specSeconds: specNeeds,
        };
  }

  /** How many of `configs` a round can compare and for how many first-rung steps (budget.ts `roundSize`). */
  private roundSize(
    configs: TrialConfig[],
    o: { searchSeconds: number; fewest: number; slackSeconds?: number },
  ): { trials: number; steps: number } | null {
    const timing = this.timing as Timing;
    const costs = configs.map((c) => relativeCost(c, timing.base, timing.directions));
    return roundSize(costs, { timing, ...o });
  }

  /**
   * Trains a trial to `stopAtStep` (one rung), or with `toEnd` to its own end (epochs, early
   * stopping) or the deadline, scores it on the validation split and reports it (with `hold`,
   * the caller publishes the report).
   */
  private async slice(
    trial: Trial,
    o: {
      rung: number;
      stopAtStep?: number;
      toEnd?: boolean;
      searchDeadline: () => number;
      hold?: boolean;
    },
  ): Promise<TrialReport> {
    const task = await this.prepared(trial);
    const sliceTime = this.clock.stopwatch();
    const before = trial.last;
    let score = before?.score ?? null;
    let finished = before?.finished ?? false;
    let steps = before?.steps ?? 0;
    if (!finished) {
      try {
        const { result, run } = await this.train(trial, {
          ...(o.stopAtStep === undefined ? {} : { stopAtStep: o.stopAtStep }),
          deadline: o.searchDeadline,
          evaluateOn: 'val',
          keep: trial.events,
          rung: o.rung,
        });
        // After the final comparison a trial trains no further: the run is scored as it stands.
        finished =
          o.toEnd === true || result.reason === 'completed' || result.reason === 'early-stopped';
        steps = run.position.step;
        trial.reason = result.reason;
        score = result.metrics[task.primaryMetric.name] ?? null;
      } catch (err) {
        // A trial that diverges is out of the race; the search goes on.
        if (!(err instanceof DivergenceError)) throw err;
        finished = true;
        score = null;
      }
    }
    trial.seconds += sliceTime();
    const stepsPerEpoch = Math.max(1, Math.ceil(task.sizes.train / trial.spec.train.batchSize));
    const report: TrialReport = {
      trial: trial.index,
      rung: o.rung,
      config: trial.config,
      score,
      epochs: Math.round((steps / stepsPerEpoch) * 100) / 100,
      steps,
      seconds: Math.round(trial.seconds * 10) / 10,
      finished,
      ...(o.toEnd === true ? { final: true } : {}),
    };
    trial.last = report;
    if (o.hold !== true) this.publish(report);
    return report;
  }

  /** A trial's training step as the search's live progress (`tune-progress`). */
  private sendProgress(
    trial: Trial,
    rung: number,
    event: Extract<TrainingRunEvent, { type: 'training-progress' }>,
  ): void {
    this.options.onEvent({
      type: 'tune-progress',
      progress: {
        trial: trial.index,
        rung,
        config: trial.config,
        epoch: event.epoch,
        epochs: event.epochs,
        step: event.step,
        totalSteps: event.totalSteps,
        loss: event.smoothedLoss,
        searchSeconds: Math.round(this.usedSeconds() * 10) / 10,
      },
    });
  }

  private publish(report: TrialReport): void {
    this.reports.push(report);
    this.options.onEvent({ type: 'tune-trial', report });
  }

  /** One TrainingRun over the trial's task, continued from its last checkpoint; its own events stay inside the search. */
  private async train(
    trial: Trial,
    o: {
      stopAtStep?: number;
      deadline?: () => number;
      evaluateOn?: 'val';
      forward?: boolean;
      /** With `forward`: the reason the forwarded 'training-finished' says. */
      reason?: TrainingResult['reason'];
      /** Without `forward`: keeps the training's progress and epoch events here. */
      keep?: TrainingRunEvent[];
      /** Without `forward`: the round its progress is sent as `tune-progress` for (the probe, before the plan, sends none). */
      rung?: number;
      onProgress?: (event: Extract<TrainingRunEvent, { type: 'training-progress' }>) => void;
    },
  ): Promise<{ result: TrainingResult; run: TrainingRun }> {
    const task = await this.prepared(trial);
    const store: CheckpointStore = {
      save: async (kind, bytes) => {
        trial.checkpoints.set(kind, bytes);
      },
      load: async (kind) => trial.checkpoints.get(kind) ?? null,
    };
    const last = trial.checkpoints.get('last');
    const best = trial.checkpoints.get('best');
    const bestCheckpoint = best === undefined ? undefined : decodeCheckpoint(best);
    const { now, yieldControl, memoryBytes } = this.options;
    const run = new TrainingRun({
      task,
      random: trial.random as Random,
      data: this.options.data,
      store,
      onEvent: o.forward
        ? (event) =>
            this.options.onEvent(
              event.type === 'training-finished' && o.reason !== undefined
                ? { ...event, reason: o.reason }
                : event,
            )
        : (event) => {
            if (event.type === 'training-progress') {
              o.onProgress?.(event);
              if (o.rung !== undefined) this.sendProgress(trial, o.rung, event);
            }
            if (event.type === 'training-progress' || event.type === 'training-epoch') {
              o.keep?.push(event);
            }
          },
      checkpointEverySeconds: Number.POSITIVE_INFINITY,
      ...(last === undefined ? {} : { resumeFrom: decodeCheckpoint(last) }),
      ...(bestCheckpoint === undefined
        ? {}
        : { resumeBest: { weights: bestCheckpoint.weights, epoch: bestCheckpoint.epoch } }),
      ...(o.stopAtStep === undefined ? {} : { stopAtStep: o.stopAtStep }),
      ...(o.deadline === undefined ? {} : { deadline: o.deadline }),
      ...(o.evaluateOn === undefined ? {} : { evaluateOn: o.evaluateOn }),
      ...(now === undefined ? {} : { now }),
      ...(yieldControl === undefined ? {} : { yieldControl }),
      ...(memoryBytes === undefined ? {} : { memoryBytes }),
    });
    this.current = run;
    if (this.stopped) run.stop();
    else if (this.clock.paused) run.pause();
    try {
      return { result: await run.run(), run };
    } finally {
      this.current = null;
    }
  }

  /** The better half of a rung's trials (and `keep`); the others let go of their models and data. */
  private keep(alive: Trial[], higherIsBetter: boolean, keep?: number): Trial[] {
    const standings = alive.map((t) => ({ trial: t.index, score: t.last?.score ?? null }));
    const kept = new Set(survivors(standings, higherIsBetter, keep === undefined ? {} : { keep }));
    for (const trial of alive) if (!kept.has(trial.index)) release(trial);
    return alive.filter((t) => kept.has(t.index));
  }

  private winner(alive: Trial[], higherIsBetter: boolean): Trial {
    const standings = alive.map((t) => ({ trial: t.index, score: t.last?.score ?? null }));
    const best = rank(standings, higherIsBetter)[0]?.trial ?? 0;
    return alive.find((t) => t.index === best) as Trial;
  }

  /**
   * The trial the first round keeps. When the base spec (trial 0) is still in the race beside a
   * challenger, both train on with their own epochs and early stopping, on the validation split,
   * the challenger for half the rest of the budget and the base for what is left, and
   * {@link compare} decides. Otherwise the best by the last rung.
   */
  private async decide(
    alive: Trial[],
    o: { plan: TunePlan; deadline: () => number },
  ): Promise<Trial> {
    const { higherIsBetter } = o.plan;
    const base = alive.find((t) => t.index === 0);
    const others = alive.filter((t) => t.index !== 0);
    if (base === undefined || others.length === 0 || this.stopped || o.deadline() <= this.now()) {
      return this.winner(alive, higherIsBetter);
    }
    const challenger = this.winner(others, higherIsBetter);
    const half = Math.max(0, o.deadline() - this.now()) / 2;
    return this.compare(base, challenger, {
      challengerDeadline: () => o.deadline() - half,
      deadline: o.deadline,
      higherIsBetter,
    });
  }

  /**
   * Later rounds, while the budget lasts and `rounds` allows: the kept trial first trains to its
   * own end; then a round draws settings not tried yet (seed + round), as many as its share of
   * what is left fits (none: the search ends), halves them without a kept base, and its best
   * trains to its end and challenges the kept trial ({@link compare}).
   */
  private async moreRounds(
    kept: Trial,
    o: { plan: TunePlan; deadline: () => number; limits: SpaceLimits; draws: number },
  ): Promise<Trial> {
    const { base, rounds = Number.POSITIVE_INFINITY, searchShare = 0.7 } = this.options;
    const { higherIsBetter } = o.plan;
    let incumbent = kept;
    for (let round = 1; round < rounds; round++) {
      if (this.stopped || this.now() >= o.deadline()) break;
      if (incumbent.last?.finished !== true) {
        await this.slice(incumbent, {
          rung: this.nextRung(),
          toEnd: true,
          searchDeadline: o.deadline,
        });
        if (this.stopped || this.now() >= o.deadline()) break;
      }
      incumbent = await this.anneal(incumbent, { deadline: o.deadline, higherIsBetter });
      const configs = sampleConfigs(base, o.draws, o.plan.seed + round, {
        limits: o.limits,
        seen: this.tried,
      });
      const searchMs = (o.deadline() - this.now()) * searchShare;
      const size =
        this.timing === null
          ? { trials: configs.length, steps: o.plan.firstRungSteps }
          : this.roundSize(configs, { searchSeconds: searchMs / 1000, fewest: 1 });
      if (configs.length === 0 || size === null) break;
      const trials = configs.slice(0, size.trials).map((c) => this.newTrial(c));
      const alive = await this.halve(trials, {
        firstRungSteps: size.steps,
        rungs: rungCount(trials.length),
        searchDeadline: this.clock.fromNow(searchMs),
        higherIsBetter,
      });
      const scored = alive.filter((t) => t.last !== null && t.last.score !== null);
      for (const trial of alive) if (!scored.includes(trial)) release(trial);
      if (scored.length === 0 || this.stopped) continue;
      const challenger = this.winner(scored, higherIsBetter);
      for (const trial of scored) if (trial !== challenger) release(trial);
      incumbent = await this.compare(incumbent, challenger, {
        challengerDeadline: o.deadline,
        deadline: o.deadline,
        higherIsBetter,
      });
    }
    return incumbent;
  }

  /**
   * Once per search, when the kept trial's run has ended at a rate that never decayed: a cosine
   * tail from its best weights (anneal.ts), as long as a quarter of its epochs, at most half of
   * what is left of the budget by its own pace, challenges it as any challenger does
   * ({@link compare}). The two start from the same weights, so their validation errors move
   * together and a small gain stands out of the noise where an independent setting's does not.
   */
  private async anneal(
    kept: Trial,
    o: { deadline: () => number; higherIsBetter: boolean },
  ): Promise<Trial> {
    const best = kept.checkpoints.get('best');
    const last = kept.last;
    if (this.annealed || this.stopped || best === undefined || last === null) return kept;
    if (!last.finished || last.score === null || !canAnneal(kept.spec)) return kept;
    if (kept.reason !== 'completed' && kept.reason !== 'early-stopped') return kept;
    const epochs = annealEpochs(last.epochs);
    const seconds = (kept.seconds / Math.max(1, last.epochs)) * epochs * MARGIN;
    if (seconds * 1000 > (o.deadline() - this.now()) / 2) return kept;
    this.annealed = true;
    const spec = annealedSpec(kept.spec, epochs);
    const tail = this.newTrial(
      { ...kept.config, annealFrom: kept.index, annealEpochs: epochs },
      spec,
    );
    // The checkpoint carries the spec the tail's model was built from, as its own would.
    const task = await this.prepared(tail);
    tail.checkpoints.set('last', encodeCheckpoint(annealStart(decodeCheckpoint(best), task.spec)));
    return this.compare(kept, tail, {
      challengerDeadline: o.deadline,
      deadline: o.deadline,
      higherIsBetter: o.higherIsBetter,
    });
  }

  /**
   * The final comparison of a round: the challenger trains on to its own end (or
   * `challengerDeadline`), then the kept trial (already at its end after the first round), both
   * reported as one more rung. The challenger replaces the kept trial only when better by more
   * than the validation split's noise: a paired comparison over the examples both scored
   * (`pairedComparison`, paired.ts), recorded on the challenger's report; for a task whose metric
   * does not split by example, when strictly better (`finalist`). The other lets go of its model.
   */
  private async compare(
    kept: Trial,
    challenger: Trial,
    o: { challengerDeadline: () => number; deadline: () => number; higherIsBetter: boolean },
  ): Promise<Trial> {
    const rung = this.nextRung();
    const held = await this.slice(challenger, {
      rung,
      searchDeadline: o.challengerDeadline,
      toEnd: true,
      hold: true,
    });
    const own = await this.slice(kept, { rung, searchDeadline: o.deadline, toEnd: true });
    const paired = this.paired(kept, challenger, o.higherIsBetter);
    const better =
      paired === null
        ? finalist(
            { trial: kept.index, score: own.score },
            { trial: challenger.index, score: held.score },
            o.higherIsBetter,
          ) === challenger.index
        : paired.kept;
    const report = paired === null ? held : { ...held, comparison: paired };
    challenger.last = report;
    this.publish(report);
    const [winner, loser] = better ? [challenger, kept] : [kept, challenger];
    release(loser);
    return winner;
  }

  /** The paired comparison of two scored trials' validation examples, or null where the task has none. */
  private paired(
    kept: Trial,
    challenger: Trial,
    higherIsBetter: boolean,
  ): NonNullable<TrialReport['comparison']> | null {
    if (kept.last?.score == null || challenger.last?.score == null) return null;
    const a = kept.task?.exampleScores?.('val');
    const b = challenger.task?.exampleScores?.('val');
    if (a === undefined || b === undefined || a.values.length !== b.values.length) return null;
    const r = pairedComparison(a, b, { higherIsBetter });
    return {
      against: kept.index,
      examples: r.examples,
      gain: r.gain,
      standardError: Number.isFinite(r.standardError) ? r.standardError : null,
      threshold: r.threshold,
      kept: r.better,
    };
  }

  /** The winner trains on (its own epochs and early stopping) until the deadline, then the test split scores it. */
  private async finalRun(winner: Trial, deadline: () => number): Promise<TrainingResult> {
    const stopAtStep =
      winner.last?.finished || this.stopped ? (winner.last?.steps ?? 0) : undefined;
    // A winner that trained to its end in the final comparison ended as that training did.
    const ended = winner.last?.finished && !this.stopped ? winner.reason : null;
    // Its training in the search becomes the run's curves (the others' are dropped).
    for (const event of winner.events) this.options.onEvent(event);
    winner.events = [];
    const { result } = await this.train(winner, {
      deadline,
      forward: true,
      ...(stopAtStep === undefined ? {} : { stopAtStep }),
      ...(ended === null ? {} : { reason: ended }),
    });
    return ended === null ? result : { ...result, reason: ended };
  }
}

/** A trial out of the race lets go of its model, data and curves. */
function release(trial: Trial): void {
  trial.task = null;
  trial.random = null;
  trial.checkpoints.clear();
  trial.events = [];
}
