/** Auto-tune on the toy task: halving keeps the better half each rung, the same seed gives the same leaderboard, the deadline cuts the search, the winner becomes the run. */
import { describe, expect, it } from 'vitest';
import { prepareToyTask } from '../../test/support/toyTask.ts';
import { presetSpec } from '../tasks/presets.ts';
import type { RunSpec } from '../tasks/spec.ts';
import { finalist, survivors } from '../tune/halving.ts';
import type { TrialReport } from '../tune/report.ts';
import { AutoTune, type AutoTuneOptions } from './autoTune.ts';
import type { TrainingRunEvent } from './trainer.ts';

function toySpec(): RunSpec {
  const spec = presetSpec('forecast');
  spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 8 };
  spec.train = { ...spec.train, epochs: 30, batchSize: 8, lr: 0.02, seed: 3 };
  return spec;
}

function tuner(extra: Partial<AutoTuneOptions> = {}) {
  const events: TrainingRunEvent[] = [];
  const tune = new AutoTune({
    base: toySpec(),
    maxMinutes: 60,
    trials: 8,
    firstRungSteps: 4,
    // The toy model has one recurrent layer whatever the spec says; its spec must say so too,
    // since a checkpoint's weights are checked against the spec it carries.
    prepare: async (spec, random) =>
      prepareToyTask(
        { ...spec, model: { ...spec.model, recurrent: { ...spec.model.recurrent, numLayers: 1 } } },
        random,
      ),
    data: { fileName: 'toy', fingerprint: 'toy' },
    onEvent: (e) => events.push(e),
    yieldControl: async () => {},
    rounds: 1,
    ...extra,
  });
  const reports = () =>
    events.flatMap((e) => (e.type === 'tune-trial' ? [e.report] : ([] as TrialReport[])));
  return { tune, events, reports };
}

describe('AutoTune', () => {
  it('halves the trials each rung, keeping the better half by validation score and the base spec', async () => {
    const { tune, reports } = tuner();
    const outcome = await tune.tune();
    const byRung = (rung: number) => reports().filter((r) => r.rung === rung);
    expect([0, 1, 2].map((rung) => byRung(rung).length)).toEqual([8, 4, 2]);
    for (let rung = 1; rung < 4; rung++) {
      const before = byRung(rung - 1).map((r) => ({ trial: r.trial, score: r.score }));
      const kept = survivors(before, false, { keep: 0 });
      expect(kept).toContain(0);
      expect(
        byRung(rung)
          .map((r) => r.trial)
          .sort(),
      ).toEqual([...kept].sort());
      // A trial that is still training has taken the rung's budget: 4 steps doubled per rung.
      for (const r of byRung(rung)) if (!r.finished) expect(r.steps).toBe(4 * 2 ** rung);
    }
    // The base and the best challenger trained on to their ends; the better on validation is the run.
    const final = byRung(4);
    if (final.length === 2) {
      const [base, challenger] = final as [TrialReport, TrialReport];
      expect(base.trial === 0 || challenger.trial === 0).toBe(true);
      expect(final.every((r) => r.finished)).toBe(true);
      const b = base.trial === 0 ? base : challenger;
      const c = base.trial === 0 ? challenger : base;
      expect(outcome.best).toBe(finalist(b, c, false));
    } else {
      expect(byRung(3).map((r) => r.trial)).toEqual([0]);
      expect(outcome.best).toBe(0);
    }
    expect(byRung(0)[0]?.config.hiddenSize).toBe(8);
  });

  it('gives the same trials, scores and winner under the same seed, other trials under another', async () => {
    const a = tuner({ trials: 4 });
    const b = tuner({ trials: 4 });
    const c = tuner({ trials: 4, seed: 9 });
    const winners = [await a.tune.tune(), await b.tune.tune(), await c.tune.tune()];
    // Everything but the wall-clock seconds repeats.
    const untimed = (t: typeof a) => t.reports().map(({ seconds: _s, ...rest }) => rest);
    expect(untimed(b)).toEqual(untimed(a));
    expect(winners[1]?.result.metrics).toEqual(winners[0]?.result.metrics);
    expect(c.reports().map((r) => r.config)).not.toEqual(a.reports().map((r) => r.config));
  });

  it('makes the winner the run: its spec, trained on, scored at the end, the leaderboard announced first', async () => {
    const { tune, events } = tuner();
    const outcome = await tune.tune();
    const finished = events.findIndex((e) => e.type === 'tune-finished');
    const runEnd = events.findIndex((e) => e.type === 'training-finished');
    expect(finished).toBeGreaterThan(-1);
    expect(runEnd).toBeGreaterThan(finished);
    // The winner trained to its end in the final comparison: its epochs are the run's curves.
    const epochs = events.slice(finished).filter((e) => e.type === 'training-epoch');
    expect(epochs.length).toBeGreaterThan(0);
    expect(events.slice(finished).some((e) => e.type === 'training-progress')).toBe(true);
    // The curves start where the winner started, in the first round, not where its last slice did.
    const steps = events
      .slice(finished)
      .flatMap((e) => (e.type === 'training-progress' ? [e.step] : []));
    expect(steps[0]).toBeLessThanOrEqual(4);
    expect(steps.every((step, i) => i === 0 || step > (steps[i - 1] as number))).toBe(true);
    const board = events[finished] as Extract<TrainingRunEvent, { type: 'tune-finished' }>;
    expect(board.best).toBe(outcome.best);
    expect(board.leaderboard[0]?.trial).toBe(outcome.best);
    // The 8 settings, and the kept one's cosine tail.
    expect(board.leaderboard).toHaveLength(9);
    expect(board.leaderboard.filter((row) => row.config.annealFrom !== undefined)).toHaveLength(1);
    expect(board.leaderboard.filter((row) => row.dropped).length).toBeGreaterThan(0);
    expect(outcome.task.spec.model.recurrent.hiddenSize).toBe(
      outcome.spec.model.recurrent.hiddenSize,
    );
    expect(outcome.task.spec.train.lr).toBe(outcome.spec.train.lr);
    expect(outcome.result.metrics.mae).toBeGreaterThan(0);
    expect(outcome.result.epochs).toBeGreaterThan(0);
  });

  it('stops the search at its share of the budget and still returns the best trial so far', async () => {
    let clock = 0;
    // Every clock read is 50 ms: the 0.1-minute budget (4.2 s of search) ends within the first rungs.
    const { tune, reports } = tuner({ maxMinutes: 0.1, now: () => (clock += 50) });
    const outcome = await tune.tune();
    expect(reports().length).toBeGreaterThan(0);
    expect(reports().length).toBeLessThan(15);
    expect(reports().map((r) => r.trial)).toContain(outcome.best);
    expect(outcome.result.reason).toBe('time-limit');
  });

  it('does not count a pause against the budget: paused for longer than the budget, it searches as without one', async () => {
    const run = async (pauseMs: number) => {
      let clock = 0;
      let tune: AutoTune | null = null;
      const made = tuner({
        maxMinutes: 0.1,
        trials: 4,
        // Each step takes 50 ms of the clock, however often it is read.
        now: () => clock,
        yieldControl: async () => {
          clock += 50;
        },
        onEvent: (e) => {
          made.events.push(e);
          if (e.type !== 'tune-started' || pauseMs === 0) return;
          tune?.pause();
          // The pause lasts pauseMs of the clock; then training goes on.
          setTimeout(() => {
            clock += pauseMs;
            tune?.resume();
          }, 5);
        },
      });
      tune = made.tune;
      await tune.tune();
      return made.reports().map((r) => [r.trial, r.rung, r.steps]);
    };
    const plain = await run(0);
    expect(plain.length).toBeGreaterThan(1);
    // Ten minutes paused, against a budget of six seconds.
    expect(await run(600_000)).toEqual(plain);
  });

  /** The toy spec with a hidden size like the sampled ones (their step costs are planned relative to it) and `epochs`. */
  function planned(epochs: number): RunSpec {
    const base = toySpec();
    base.model.recurrent.hiddenSize = 64;
    base.train.epochs = epochs;
    return base;
  }

  it('plans the first rung from the first trial when no budget is given', async () => {
    let clock = 0;
    // Every clock read is 10 ms: a step takes about 70 ms, the spec's 30 epochs about 10 s of 30.
    const t = tuner({
      base: planned(30),
      maxMinutes: 0.5,
      firstRungSteps: undefined,
      now: () => (clock += 10),
    });
    await t.tune.tune();
    const started = t.events.find((e) => e.type === 'tune-started');
    const plan = started?.type === 'tune-started' ? started.plan : null;
    expect(plan?.firstRungSteps).toBeGreaterThanOrEqual(10);
    expect(plan?.trials).toBe(8);
    expect(plan?.specSeconds).toBeGreaterThan(0);
    expect(plan?.specFirst).toBeUndefined();
  });

  it('tries fewer settings when the budget leaves the first round too few steps to compare them', async () => {
    let clock = 0;
    // The spec's 2 epochs need about a second of the 8.4; 8 settings would get too few steps.
    const { tune, events, reports } = tuner({
      base: planned(2),
      maxMinutes: 0.14,
      firstRungSteps: undefined,
      now: () => (clock += 10),
    });
    await tune.tune();
    const started = events.find((e) => e.type === 'tune-started');
    const plan = started?.type === 'tune-started' ? started.plan : null;
    expect(plan?.trials).toBe(2);
    expect(plan?.rungs).toBe(2);
    expect(Math.max(...reports().map((r) => r.trial))).toBeLessThan(2);
  });

  it('trains the spec to its end first when it needs the budget, and searches only in the time it leaves', async () => {
    let clock = 0;
    // The spec's 30 epochs need about 10 s of a 12-second budget: a challenger could not get a
    // fair look without taking the spec's time, so none is tried before the spec has ended.
    const { tune, events, reports } = tuner({
      base: planned(30),
      maxMinutes: 0.2,
      firstRungSteps: undefined,
      rounds: 3,
      now: () => (clock += 10),
    });
    const outcome = await tune.tune();
    const started = events.find((e) => e.type === 'tune-started');
    const plan = started?.type === 'tune-started' ? started.plan : null;
    expect(plan).toMatchObject({ trials: 1, rungs: 1, specFirst: true });
    const [first] = reports();
    expect(first).toMatchObject({ trial: 0, final: true, finished: true });
    expect(first?.epochs).toBeGreaterThan(1);
    expect(reports().filter((r) => r.trial === 0 && !r.final)).toEqual([]);
    expect(reports().map((r) => r.trial)).toContain(outcome.best);
    // While the spec trains first no round has ended, but its steps and epochs go out live.
    const before = events.slice(
      0,
      events.findIndex((e) => e.type === 'tune-trial'),
    );
    const live = before.flatMap((e) => (e.type === 'tune-progress' ? [e.progress] : []));
    expect(live.length).toBeGreaterThan(2);
    expect(live.every((p) => p.trial === 0 && p.rung === 0 && p.epochs === 30)).toBe(true);
    const steps = live.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(live.at(-1)?.epoch).toBeGreaterThan(0);
    expect(live.at(-1)?.searchSeconds).toBeGreaterThan(live[0]?.searchSeconds ?? 0);
    // Only the winner's own training is the run's: no 'training-progress' before the search ends.
    expect(before.some((e) => e.type === 'training-progress')).toBe(false);
  });

  it('replaces the base only when the challenger is better on the validation examples by more than the noise', async () => {
    // The base learns too slowly to lead any rung, so a challenger always meets it in the final
    // comparison; their per-example errors are made up: the challenger's are `gain` lower on
    // average and differ from the base's by ±3 example by example (in pairs, so the mean is exact).
    const base = toySpec();
    base.train = { ...base.train, lr: 1e-6, epochs: 10 };
    const baseErrors = Float64Array.from({ length: 40 }, (_, i) => 5 + (i % 3));
    const run = async (gain: number) => {
      const { tune, reports } = tuner({
        base,
        trials: 4,
        firstRungSteps: 12,
        prepare: async (spec, random) => {
          // Small models (one layer of at most 8 units) keep the test quick.
          const recurrent = {
            ...spec.model.recurrent,
            numLayers: 1,
            hiddenSize: Math.min(8, spec.model.recurrent.hiddenSize),
          };
          const task = prepareToyTask({ ...spec, model: { ...spec.model, recurrent } }, random);
          const values =
            spec === base ? baseErrors : baseErrors.map((e, i) => e - gain + (i % 2 ? 3 : -3));
          return {
            ...task,
            exampleScores: () => ({ values, weights: new Float64Array(40).fill(1) }),
          };
        },
      });
      const outcome = await tune.tune();
      const final = reports().filter((r) => r.final);
      return { outcome, final, challenger: final.find((r) => r.trial !== 0) };
    };
    // SE = 3 / √40 ≈ 0.47: a gain of 0.5 is about one standard error, 2 about four.
    const noise = await run(0.5);
    expect(noise.final.map((r) => r.trial)).toContain(0);
    expect(noise.challenger?.comparison).toMatchObject({ against: 0, examples: 40, kept: false });
    expect(noise.challenger?.comparison?.gain).toBeCloseTo(0.5, 9);
    expect(noise.challenger?.comparison?.standardError).toBeCloseTo(3 / Math.sqrt(39), 9);
    expect(noise.outcome.best).toBe(0);
    const clear = await run(2);
    expect(clear.challenger?.comparison?.kept).toBe(true);
    expect(clear.outcome.best).toBe(clear.challenger?.trial);
  });

  it('uses what is left of the budget for a later round of new settings against the kept trial', async () => {
    const { tune, events, reports } = tuner({ trials: 4, rounds: 2 });
    const outcome = await tune.tune();
    const first = reports().filter((r) => r.trial < 4);
    // Trial 4 is the kept setting's cosine tail; the later round's settings come after it.
    const tail = reports().find((r) => r.config.annealFrom !== undefined)?.trial;
    expect(tail).toBe(4);
    const later = reports().filter((r) => r.trial > 4);
    expect(new Set(later.map((r) => r.trial))).toEqual(new Set([5, 6, 7, 8]));
    const tried = new Set(first.map((r) => JSON.stringify(r.config)));
    expect(later.some((r) => tried.has(JSON.stringify(r.config)))).toBe(false);
    // Its rungs follow the first round's, and it ends in a final comparison with the kept trial.
    const before = reports().slice(
      0,
      reports().findIndex((r) => r.trial > 4),
    );
    expect(Math.min(...later.map((r) => r.rung))).toBe(Math.max(...before.map((r) => r.rung)) + 1);
    const last = reports().slice(-2);
    expect(last.every((r) => r.final && r.rung === last[0]?.rung)).toBe(true);
    expect(last.map((r) => r.trial).some((t) => t > 4)).toBe(true);
    expect(last.map((r) => r.trial)).toContain(outcome.best);
    const board = events.find((e) => e.type === 'tune-finished');
    expect(board?.type === 'tune-finished' && board.leaderboard.map((r) => r.trial).sort()).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
    );
    expect(board?.type === 'tune-finished' && board.leaderboard[0]?.trial).toBe(outcome.best);
  });

  it('gives the kept setting, trained at a constant rate, a cosine tail from its best weights', async () => {
    const { tune, reports } = tuner({ trials: 4 });
    const outcome = await tune.tune();
    const tail = reports().find((r) => r.config.annealFrom !== undefined);
    const kept = reports().filter((r) => r.trial === tail?.config.annealFrom && r.final);
    expect(kept.at(-1)?.finished).toBe(true);
    // A quarter of the kept trial's epochs (30 here, 4 steps each), trained to their end.
    expect(tail).toMatchObject({ final: true, finished: true, epochs: 8, steps: 32 });
    expect(tail?.config).toMatchObject({ ...kept.at(-1)?.config, annealEpochs: 8 });
    // It starts from the trained weights: far better than the setting was after 16 steps.
    const fresh = reports().find((r) => r.trial === tail?.config.annealFrom && r.steps === 16);
    expect(tail?.score).toBeLessThan((fresh?.score ?? 0) / 2);
    expect([tail?.trial, tail?.config.annealFrom]).toContain(outcome.best);
    // Once per search: the tail itself has a cosine rate and gets none.
    expect(reports().filter((r) => r.config.annealFrom !== undefined)).toHaveLength(1);
  });

  it('gives no tail to a setting whose rate already decays to zero', async () => {
    const base = toySpec();
    base.train.schedule = 'cosine';
    const { tune, reports } = tuner({ base, trials: 4 });
    await tune.tune();
    expect(reports().some((r) => r.config.annealFrom !== undefined)).toBe(false);
  });

  it('refuses a spec without a validation split', () => {
    const base = toySpec();
    base.train.valSplit = 0;
    expect(() => tuner({ base })).toThrow(
      'Auto-tune: train.valSplit must be above 0 (trials are compared on the validation split), got 0.',
    );
  });
});
