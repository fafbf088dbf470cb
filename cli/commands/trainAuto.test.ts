/** `rnn-studio train --auto` on a tiny classify file: a line (or JSON line) per finished trial, the best spec at the end, the leaderboard in the bundle; refusals as usage errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { runSpecSchema } from '../../core/tasks/spec.ts';
import { trialProgressSchema, trialReportSchema } from '../../core/tune/report.ts';
import { captureIo } from '../../test/support/captureIo.ts';
import { tinyClassifyCsv } from '../../test/support/tinyClassify.ts';
import { runTrain } from './train.ts';
import { planLine, trialLine } from './trainAuto.ts';

function workDir(): { dir: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-auto-'));
  const data = join(dir, 'tiny.csv');
  writeFileSync(data, tinyClassifyCsv());
  return { dir, data };
}

const SMALL = [
  '--task',
  'classify',
  '--text-col',
  'text',
  '--label-col',
  'label',
  '--epochs',
  '3',
  '--embedding-dim',
  '8',
  '--hidden',
  '8',
];

describe('rnn-studio train --auto', () => {
  it('prints each finished trial as a JSON line and ends with the best spec and the leaderboard', async () => {
    const { dir, data } = workDir();
    const out = join(dir, 'auto.rnnmodel');
    const io = captureIo();
    const argv = [...SMALL, '--data', data, '--out', out, '--auto', '--max-minutes', '0.2'];
    const code = await runTrain([...argv, '--trials', '4', '--json'], io, {
      tasks: taskDefinition,
    });
    expect(code).toBe(0);
    const lines = io.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]?.type).toBe('tune-started');
    const trials = lines.filter((l) => l.type === 'tune-trial');
    expect(trials.length).toBeGreaterThanOrEqual(1);
    // The trial training now goes out live, before any round has finished.
    const firstTrial = lines.findIndex((l) => l.type === 'tune-trial');
    const live = lines.slice(1, firstTrial).filter((l) => l.type === 'tune-progress');
    expect(live.length).toBeGreaterThanOrEqual(1);
    expect(trialProgressSchema.parse(live[0].progress)).toMatchObject({ trial: 0, rung: 0 });
    for (const t of trials) expect(trialReportSchema.parse(t.report)).toEqual(t.report);
    // Trial 0 is the spec as given.
    expect(trials[0].report).toMatchObject({
      trial: 0,
      config: { embeddingDim: 8, hiddenSize: 8 },
    });
    const result = lines.at(-1);
    expect(result.type).toBe('result');
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(runSpecSchema.parse(result.best.spec)).toEqual(result.best.spec);
    expect(result.leaderboard).toHaveLength(trials.length);
    const tuning = readBundle(new Uint8Array(readFileSync(out))).tuning as { best: number };
    expect(tuning.best).toBe(result.best.trial);
    expect(readBundle(new Uint8Array(readFileSync(out))).spec.model).toEqual(
      result.best.spec.model,
    );
  });

  it('prints a line per trial and the best spec in text mode', async () => {
    const { dir, data } = workDir();
    const io = captureIo();
    const argv = [...SMALL, '--data', data, '--out', join(dir, 'a.rnnmodel'), '--auto'];
    const code = await runTrain([...argv, '--max-minutes', '0.1', '--trials', '2'], io, {
      tasks: taskDefinition,
    });
    expect(code).toBe(0);
    expect(io.out).toMatch(
      // Settings 64 to 256 wide cost a hundred of these 8-wide steps: the spec may train first.
      /^trial 0 {2}round 1( final)? {2}word · emb 8 · hidden 8 × 1 · dropout 0.2 · lr 0.002 {2}val accuracy \d\.\d{4} {2}[\d.]+ epochs {2}\d+ steps/m,
    );
    expect(io.out).toMatch(/^best spec \(trial [01]\): \{"data":/m);
    expect(io.out).toContain('model written to');
  });

  it('names the final comparison round, the rungs of later rounds and the paired comparison', () => {
    const plan = {
      trials: 2,
      rungs: 2,
      firstRungSteps: 10,
      maxMinutes: 1,
      metric: 'accuracy',
      higherIsBetter: true,
      seed: 0,
    };
    const config = { hiddenSize: 8, numLayers: 1, dropout: 0, lr: 0.001 };
    const report = { trial: 0, rung: 1, config, score: 0.5, epochs: 1, steps: 20, seconds: 1 };
    expect(trialLine({ ...report, finished: false }, plan)).toContain('trial 0  round 2  ');
    expect(trialLine({ ...report, rung: 2, finished: true, final: true }, plan)).toMatch(
      /^trial 0 {2}round 3 final {2}hidden 8 × 1 .* {2}\(its run ended\)\n$/,
    );
    // A later round's rounds go on counting; its challenger's final says how the comparison went.
    expect(trialLine({ ...report, trial: 5, rung: 4, finished: false }, plan)).toContain(
      'trial 5  round 5  ',
    );
    const comparison = {
      against: 0,
      examples: 120,
      gain: 11.2345,
      standardError: 9.31,
      threshold: 2,
      kept: false,
    };
    expect(
      trialLine({ ...report, rung: 3, finished: true, final: true, comparison }, plan),
    ).toContain(
      '(its run ended)  vs trial 0: gain 11.23 ± 9.31 over 120 examples, not kept (needs 2 × its standard error)\n',
    );
  });

  it('plans the whole search, rounds numbered as the trial lines, and says when the spec trains first', () => {
    const plan = {
      trials: 2,
      rungs: 2,
      firstRungSteps: 72,
      maxMinutes: 5,
      metric: 'tokenAccuracy',
      higherIsBetter: true,
      seed: 0,
      specSeconds: 1080,
    };
    expect(planLine(plan)).toBe(
      'Auto: rounds 1–2: 2 settings from 72 steps each, the better half going on each round (successive halving). Round 3 final: the best of them and the spec as given train to their end; it replaces the spec only if better on validation tokenAccuracy by more than the noise. Then, while time is left: later rounds of new settings against the kept one, and a cosine learning-rate tail for it when its rate did not decay. 5 min in all.\n',
    );
    const first = { ...plan, trials: 1, rungs: 1, firstRungSteps: 5, specFirst: true };
    expect(planLine({ ...first, specSeconds: 200 })).toBe(
      'Auto: round 1: the spec as given trains to its end (about 200 s of the 5 min). Then, while time is left: later rounds of new settings against the kept one, and a cosine learning-rate tail for it when its rate did not decay. Ranked on validation tokenAccuracy.\n',
    );
    // A spec that needs more than the budget takes all of it.
    expect(planLine(first)).toBe(
      'Auto: round 1: the spec as given trains until the budget ends (5 min; it would need about 1080 s to reach its end), so no other setting is tried.\n',
    );
  });

  it('refuses --auto without a budget, or with --resume, as bad arguments', async () => {
    const { dir, data } = workDir();
    const base = [...SMALL, '--data', data, '--out', join(dir, 'b.rnnmodel'), '--auto'];
    const noBudget = captureIo();
    expect(await runTrain(base, noBudget, { tasks: taskDefinition })).toBe(2);
    expect(noBudget.err).toContain(
      "rnn-studio train: Option '--auto' needs '--max-minutes M' (the search's whole budget).",
    );
    const resume = captureIo();
    expect(
      await runTrain([...base, '--max-minutes', '1', '--resume'], resume, {
        tasks: taskDefinition,
      }),
    ).toBe(2);
    expect(resume.err).toContain(
      "rnn-studio train: Option '--auto' cannot be combined with '--resume'.",
    );
  });
});
