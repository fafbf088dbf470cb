/** Tests of the automatic target-mode choice on synthetic series: a trending random walk gets changes, a daily-seasonal and a stationary series keep levels, a long series is scored on a bounded number of windows, and the choice lands in the prepared task. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { presetSpec } from '../presets.ts';
import { chooseTargetMode, MAX_SCORE_WINDOWS, SHIFT_LIMIT, solveSpd } from './chooseTargetMode.ts';
import type { ForecastState } from './index.ts';
import { forecastTask } from './index.ts';

const STEPS = 1500;

function trending(): Float32Array {
  const r = new Random(1);
  const y = new Float32Array(STEPS);
  for (let t = 1; t < STEPS; t++) y[t] = (y[t - 1] as number) + 0.3 + r.normal();
  return y;
}

function seasonal(): Float32Array {
  const r = new Random(2);
  return Float32Array.from(
    { length: STEPS },
    (_, t) => 10 * Math.sin((2 * Math.PI * t) / 24) + r.normal(),
  );
}

function stationary(): Float32Array {
  const r = new Random(3);
  const y = new Float32Array(STEPS);
  for (let t = 1; t < STEPS; t++) y[t] = 0.7 * (y[t - 1] as number) + r.normal();
  return y;
}

/** z-scores on the first 70 % (as the task's scaler does) and chooses with a 70/15/15 split. */
function choose(y: Float32Array, window = 24) {
  const trainEnd = Math.floor(STEPS * 0.7);
  let mean = 0;
  for (let t = 0; t < trainEnd; t++) mean += y[t] as number;
  mean /= trainEnd;
  let sq = 0;
  for (let t = 0; t < trainEnd; t++) sq += ((y[t] as number) - mean) ** 2;
  const sd = Math.sqrt(sq / trainEnd);
  const scaled = y.map((v) => (v - mean) / sd);
  return chooseTargetMode(scaled, {
    window,
    horizon: 1,
    trainEnd,
    valEnd: Math.floor(STEPS * 0.85),
    scale: sd,
  });
}

describe('chooseTargetMode', () => {
  it('chooses changes for a random walk with drift (levels leave the training range)', () => {
    const c = choose(trending());
    expect(c.mode).toBe('change');
    expect(c.scores.level).toBeGreaterThan(2 * c.scores.change);
    expect(c.shift).toBeGreaterThan(SHIFT_LIMIT);
  });

  it('keeps levels for a daily-seasonal series around a fixed mean', () => {
    const c = choose(seasonal());
    expect(c.mode).toBe('level');
    expect(Math.abs(c.shift)).toBeLessThan(SHIFT_LIMIT);
  });

  it('prefers changes on a near tie when the validation level has moved (a step up after training)', () => {
    // Stationary noise around 0 in training, around +3 after it: the stand-in's scores nearly tie.
    const r = new Random(5);
    const trainEnd = Math.floor(STEPS * 0.7);
    const y = Float32Array.from(
      { length: STEPS },
      (_, t) => (t >= trainEnd ? 1.5 : 0) + r.normal() * 0.5,
    );
    const c = chooseTargetMode(y, {
      window: 24,
      horizon: 1,
      trainEnd,
      valEnd: Math.floor(STEPS * 0.85),
      scale: 1,
    });
    expect(c.shift).toBeGreaterThan(SHIFT_LIMIT);
    expect(c.mode).toBe('change');
  });

  it('keeps levels for a stationary AR(1) series', () => {
    const c = choose(stationary());
    expect(c.mode).toBe('level');
    // The stand-in's errors are those of the AR(1) noise (σ = 1): the scores are in original units.
    expect(c.scores.level).toBeGreaterThan(0.6);
    expect(c.scores.level).toBeLessThan(1);
  });

  it('scores the last fifth of the training windows when there is no validation part', () => {
    const y = trending();
    const c = chooseTargetMode(y, {
      window: 10,
      horizon: 2,
      trainEnd: STEPS,
      valEnd: STEPS,
      scale: 1,
    });
    expect(c.windows).toBe(Math.ceil((STEPS - 11) * 0.2));
    expect(c.mode).toBe('change');
  });

  it('scores at most MAX_SCORE_WINDOWS validation windows of a long series, and still sees its trend', () => {
    const r = new Random(5);
    const n = 300_000;
    const y = new Float32Array(n);
    for (let t = 1; t < n; t++) y[t] = (y[t - 1] as number) + 0.01 + 0.05 * r.normal();
    const c = chooseTargetMode(y, {
      window: 10,
      horizon: 1,
      trainEnd: 200_000,
      valEnd: n,
      scale: 1,
    });
    expect(c.windows).toBe(MAX_SCORE_WINDOWS);
    expect(c.mode).toBe('change');
  });

  it('solves a symmetric positive definite system', () => {
    const a = Float64Array.of(4, 2, 2, 3);
    const x = solveSpd(a, Float64Array.of(2, 1), 2, 1);
    expect(4 * (x[0] as number) + 2 * (x[1] as number)).toBeCloseTo(2, 12);
    expect(2 * (x[0] as number) + 3 * (x[1] as number)).toBeCloseTo(1, 12);
  });
});

describe('forecast task target modes', () => {
  function csv(y: Float32Array): Uint8Array {
    const day = 86_400_000;
    const lines = Array.from(
      y,
      (v, t) => `${new Date(Date.UTC(2000, 0, 1) + t * day).toISOString().slice(0, 10)},${v}`,
    );
    return new TextEncoder().encode(`date,value\n${lines.join('\n')}\n`);
  }

  async function prepared(y: Float32Array, data: Record<string, unknown>) {
    const spec = presetSpec('forecast');
    spec.data = { ...spec.data, targetColumn: 'value', dateColumn: 'date', window: 24, ...data };
    spec.model.recurrent = { ...spec.model.recurrent, hiddenSize: 8 };
    return forecastTask.prepare({ spec, fileName: 'y.csv', bytes: csv(y), random: new Random(0) });
  }

  it('records the automatic choice and its scores in the state and the outcome', async () => {
    const task = await prepared(trending(), {});
    const state = task.state as unknown as ForecastState;
    expect(state.targetMode).toBe('change');
    expect(state.targetModeSetting).toBe('auto');
    const outcome = task.outcome?.();
    expect(outcome?.targetMode).toBe('change');
    expect(outcome?.targetModeScores?.level).toBeGreaterThan(
      outcome?.targetModeScores?.change ?? 0,
    );
    expect(outcome?.seasonalPeriod).toBe(7);
  });

  it('maps the older predictChanges onto target modes, and targetMode wins over it', async () => {
    const s = (t: { state: unknown }) => (t.state as ForecastState).targetMode;
    expect(s(await prepared(stationary(), { predictChanges: true }))).toBe('change');
    expect(s(await prepared(trending(), { predictChanges: false }))).toBe('level');
    expect(
      s(await prepared(trending(), { predictChanges: false, targetMode: 'window-norm' })),
    ).toBe('window-norm');
  });
});
