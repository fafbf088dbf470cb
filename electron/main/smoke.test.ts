/** The --smoke switches and the result file: success, a failed step, the time limit. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUNDLED_SAMPLES } from '../../core/data/samples/index.ts';
import { runSpecSchema } from '../../core/tasks/spec.ts';
import { DEFAULT_SMOKE_TIMEOUT_MS, runSmoke, type SmokeSteps, smokeOptions } from './smoke.ts';
import { SMOKE_SAMPLE_ID, smokeSpec } from './smokeRun.ts';

const out = () => join(mkdtempSync(join(tmpdir(), 'smoke-')), 'result.json');
const readResult = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('smokeOptions', () => {
  test('is off without --smoke or RNN_STUDIO_SMOKE=1', () => {
    expect(smokeOptions(['app'], {}, '/data')).toBeNull();
    expect(smokeOptions(['app'], { RNN_STUDIO_SMOKE: '0' }, '/data')).toBeNull();
  });

  test('defaults to userData/smoke-result.json and the default time limit', () => {
    expect(smokeOptions(['app', '--smoke'], {}, '/data')).toEqual({
      outPath: join('/data', 'smoke-result.json'),
      timeoutMs: DEFAULT_SMOKE_TIMEOUT_MS,
    });
    expect(smokeOptions(['app'], { RNN_STUDIO_SMOKE: '1' }, '/data')?.outPath).toBe(
      join('/data', 'smoke-result.json'),
    );
  });

  test('takes --smoke-out and --smoke-timeout in seconds', () => {
    expect(
      smokeOptions(['app', '--smoke', '--smoke-out=/tmp/r.json', '--smoke-timeout=20'], {}, '/d'),
    ).toEqual({ outPath: '/tmp/r.json', timeoutMs: 20_000 });
  });

  test('rejects a time limit that is not a positive number', () => {
    expect(() => smokeOptions(['app', '--smoke', '--smoke-timeout=soon'], {}, '/d')).toThrow(
      "Smoke: --smoke-timeout must be a positive number of seconds, got 'soon'.",
    );
  });
});

describe('runSmoke', () => {
  const trained = (steps: number, loss: number): SmokeSteps => ({
    loadPage: async () => {},
    train: async (onProgress) => onProgress({ steps, loss }),
  });

  test('writes ok with the steps and loss reached', async () => {
    const outPath = out();
    const result = await runSmoke(trained(19, 0.5), { outPath, timeoutMs: 5000 });
    expect(result).toEqual({ ok: true, steps: 19, loss: 0.5 });
    expect(readResult(outPath)).toEqual(result);
  });

  test('fails a run that took no step or reached a non-finite loss', async () => {
    expect(await runSmoke(trained(0, 0), { outPath: out(), timeoutMs: 5000 })).toMatchObject({
      ok: false,
      error: 'Smoke: training ended without taking a step.',
    });
    expect(
      await runSmoke(trained(3, Number.NaN), { outPath: out(), timeoutMs: 5000 }),
    ).toMatchObject({ ok: false, error: 'Smoke: the loss must be finite, got NaN.' });
  });

  test('reports the page or trainer error and what was reached', async () => {
    const outPath = out();
    const steps: SmokeSteps = {
      loadPage: async () => {},
      train: async (onProgress) => {
        onProgress({ steps: 4, loss: 1.5 });
        throw new Error('Smoke: the trainer stopped unexpectedly (crashed).');
      },
    };
    expect(await runSmoke(steps, { outPath, timeoutMs: 5000 })).toEqual({
      ok: false,
      steps: 4,
      loss: 1.5,
      error: 'Smoke: the trainer stopped unexpectedly (crashed).',
    });
    expect(readResult(outPath).ok).toBe(false);
  });

  test('fails at the time limit', async () => {
    const never: SmokeSteps = { loadPage: () => new Promise(() => {}), train: async () => {} };
    expect(await runSmoke(never, { outPath: out(), timeoutMs: 50 })).toEqual({
      ok: false,
      steps: 0,
      loss: 0,
      error: 'Smoke: no result within 0.05 s.',
    });
  });
});

test('the smoke spec is a valid run spec for the bundled sample', () => {
  const sample = BUNDLED_SAMPLES.find((s) => s.id === SMOKE_SAMPLE_ID);
  expect(sample).toBeDefined();
  const spec = runSpecSchema.parse(smokeSpec(sample!));
  expect(spec.train.epochs).toBe(1);
  expect(spec.data.targetColumn).toBe('temp_max');
});
