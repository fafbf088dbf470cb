/** CLI tests of forecast training and evaluation: --target-mode reaches the spec, a model that loses to its seasonal baseline prints the warning line and carries `warning` in the --json result, MAPE prints with % beside the target's units (train and eval), and MASE is explained when it replaces MAPE. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecastTask } from '../../core/tasks/forecast/index.ts';
import { captureIo } from '../../test/support/captureIo.ts';
import { parseArgs } from '../args.ts';
import { runEval } from './eval.ts';
import { forecastMetricsLine, formatMetrics, runTrain, specFromArgs } from './train.ts';

const tasks = () => forecastTask;

/** A daily series that repeats every week exactly (the seasonal naive forecast is perfect). */
function weeklyCsv(): string {
  const day = 86_400_000;
  const week = [10, 30, 25, 40, 15, 60, 5];
  const lines = Array.from({ length: 400 }, (_, t) => {
    const date = new Date(Date.UTC(2021, 0, 4) + t * day).toISOString().slice(0, 10);
    return `${date},${week[t % 7]}`;
  });
  return `date,sales\n${lines.join('\n')}\n`;
}

function weeklyFile(): { dir: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-forecast-'));
  const data = join(dir, 'weekly.csv');
  writeFileSync(data, weeklyCsv());
  return { dir, data };
}

// One epoch of a tiny model at a tiny learning rate cannot match a perfect seasonal naive forecast.
const LOSING = [
  '--task',
  'forecast',
  '--target-col',
  'sales',
  '--date-col',
  'date',
  '--window',
  '14',
];
const WEAK = ['--hidden', '4', '--epochs', '1', '--lr', '0.00001', '--seed', '3'];

describe('rnn-studio train (forecast)', () => {
  it('puts --target-mode into the spec and refuses an unknown mode', () => {
    const inspection = { suggestedTask: 'forecast' as const, roles: {} };
    const parse = (mode: string) =>
      specFromArgs(
        parseArgs(['--task', 'forecast', '--target-mode', mode], {
          values: ['task', 'target-mode'],
          flags: [],
        }),
        inspection,
      );
    expect(parse('window-norm').data.targetMode).toBe('window-norm');
    expect(() => parse('levels')).toThrow(
      "Option '--target-mode' must be 'auto', 'level', 'change', 'window-norm', got 'levels'.",
    );
  });

  it('prints the target mode and a warning line when the model loses to the seasonal naive forecast', async () => {
    const { dir, data } = weeklyFile();
    const io = captureIo();
    const out = join(dir, 'm.rnnmodel');
    expect(await runTrain([...LOSING, ...WEAK, '--data', data, '--out', out], io, { tasks })).toBe(
      0,
    );
    expect(io.out).toMatch(/seasonalNaiveMae 0(\.0000)? .*seasonalPeriod 7/);
    // Sales stay well away from zero: MAPE applies, printed with its % sign and the target's units.
    expect(io.out).toMatch(/ mape \d+\.\d\d % /);
    expect(io.out).toContain(
      "mae and rmse are in the units of 'sales'. mape: mean error as % of the actual value (the actual values stay away from zero).",
    );
    expect(io.out).toMatch(
      /^target mode: (level|change|window-norm) \(chosen on validation; validation mean [\d.]+ training SDs (above|below) the training mean; MAE of a linear stand-in per mode: level /m,
    );
    expect(io.err).toMatch(
      /^warning: on validation the model's MAE [\d.]+ is worse than that of the seasonal naive forecast with period 7 \(0\.000\); use the baseline's forecast, or try another target mode, window or model\.$/m,
    );
  }, 60_000);

  it('carries warning, targetMode, seasonalPeriod and maeByStep in the --json result', async () => {
    const { dir, data } = weeklyFile();
    const io = captureIo();
    const out = join(dir, 'm.rnnmodel');
    const args = [...LOSING, ...WEAK, '--horizon', '3', '--target-mode', 'level', '--json'];
    expect(await runTrain([...args, '--data', data, '--out', out], io, { tasks })).toBe(0);
    const result = JSON.parse(io.out.trim().split('\n').at(-1) as string);
    expect(result).toMatchObject({
      type: 'result',
      targetMode: 'level',
      targetModeSetting: 'level',
      seasonalPeriod: 7,
      metrics: { seasonalNaiveMae: 0, seasonalPeriod: 7, naiveMae: expect.any(Number) },
      warning: {
        code: 'forecast-worse-than-baseline',
        split: 'val',
        baseline: 'seasonal-naive',
        baselineMae: 0,
        seasonalPeriod: 7,
        message: expect.stringMatching(/^warning: on validation the model's MAE/),
      },
    });
    expect(result.maeByStep).toHaveLength(3);
    expect(result.targetModeScores).toBeUndefined();
  }, 60_000);
});

describe('rnn-studio eval (forecast)', () => {
  it("prints the target's units and the MAPE line after the metrics", async () => {
    const { dir, data } = weeklyFile();
    const out = join(dir, 'm.rnnmodel');
    const args = [...LOSING, ...WEAK, '--data', data, '--out', out];
    expect(await runTrain(args, captureIo(), { tasks })).toBe(0);
    const io = captureIo();
    expect(await runEval(['--model', out, '--data', data], io, { tasks })).toBe(0);
    expect(io.out).toMatch(/^model: {4}.* mape \d+\.\d\d % /m);
    expect(io.out).toContain("mae and rmse are in the units of 'sales'. mape: mean error as %");
  }, 60_000);
});

describe('forecastMetricsLine', () => {
  it('explains MASE when core reported it instead of MAPE', () => {
    expect(forecastMetricsLine({ mae: 1, mase: 0.8 }, 'temp')).toBe(
      "mae and rmse are in the units of 'temp'. No mape: the actual values come near or cross zero, where percentages blow up; mase = mae / the naive forecast's mae on the training part (below 1 beats it).\n",
    );
    expect(formatMetrics({ mape: 17.7042, mae: 2.5 })).toBe('mape 17.70 %  mae 2.5000');
  });
});
