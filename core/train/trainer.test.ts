/** The training loop on the toy task: learning, determinism, bounded progress, early stopping, pause/stop, time limit, checkpoints. */
import { describe, expect, it } from 'vitest';
import { prepareToyTask } from '../../test/support/toyTask.ts';
import { Adam } from '../optim/adam.ts';
import { Random } from '../random.ts';
import { presetSpec } from '../tasks/presets.ts';
import type { RunSpec } from '../tasks/spec.ts';
import { Tensor } from '../tensor/tensor.ts';
import { decodeCheckpoint, memoryCheckpointStore } from './checkpoint.ts';
import {
  TrainingRun,
  type TrainingRunEvent,
  type TrainingRunOptions,
  zeroMissingGrads,
} from './trainer.ts';

function toySpec(train: Partial<RunSpec['train']> = {}): RunSpec {
  const spec = presetSpec('forecast');
  spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 8 };
  spec.model.headDropout = 0.1;
  spec.train = {
    ...spec.train,
    epochs: 6,
    batchSize: 8,
    lr: 0.02,
    seed: 3,
    earlyStoppingPatience: 0,
    ...train,
  };
  return spec;
}

function makeRun(
  spec: RunSpec,
  extra: Partial<TrainingRunOptions> = {},
): { run: TrainingRun; events: TrainingRunEvent[]; weights: () => number[] } {
  const random = new Random(spec.train.seed);
  const task = prepareToyTask(spec, random);
  const events: TrainingRunEvent[] = [];
  const run = new TrainingRun({
    task,
    random,
    data: { fileName: 'toy', fingerprint: 'toy' },
    onEvent: (e) => events.push(e),
    yieldControl: async () => {},
    ...extra,
  });
  const weights = () => task.model.parameters().flatMap((p) => [...p.data]);
  return { run, events, weights };
}

describe('TrainingRun', () => {
  it('lowers the validation error below the zero baseline', async () => {
    const { run } = makeRun(toySpec({ epochs: 15 }));
    const result = await run.run();
    expect(result.reason).toBe('completed');
    expect(result.epochs).toBe(15);
    expect(result.metrics.mae).toBeLessThan(0.6 * (result.baseline.mae as number));
    expect(result.history).toHaveLength(15);
  });

  it('repeats bit for bit under the same seed', async () => {
    const a = makeRun(toySpec());
    const b = makeRun(toySpec());
    await a.run.run();
    await b.run.run();
    expect(a.weights()).toEqual(b.weights());
  });

  it('differs under another seed', async () => {
    const a = makeRun(toySpec());
    const b = makeRun(toySpec({ seed: 4 }));
    await a.run.run();
    await b.run.run();
    expect(a.weights()).not.toEqual(b.weights());
  });

  it('sends at most 20 progress events per simulated second, plus one at each epoch end', async () => {
    let t = 0;
    // Every step takes 1 ms of simulated time: 4 steps per epoch, 6 epochs, 24 ms in all.
    const { run, events } = makeRun(toySpec({ epochs: 6 }), {
      now: () => {
        t += 0.25;
        return t;
      },
    });
    await run.run();
    const progress = events.filter((e) => e.type === 'training-progress');
    // 24 steps within well under a second: the first step and the last of each epoch only.
    expect(progress.length).toBeLessThanOrEqual(1 + 6);
    const last = progress.at(-1);
    expect(last).toMatchObject({
      epoch: 5,
      stepInEpoch: 4,
      stepsPerEpoch: 4,
      step: 24,
      totalSteps: 24,
    });
    for (const key of ['loss', 'smoothedLoss', 'lr', 'gradNorm', 'examplesPerSecond']) {
      expect(Number.isFinite((last as unknown as Record<string, number>)[key])).toBe(true);
    }
    expect(events.filter((e) => e.type === 'training-epoch')).toHaveLength(6);
    expect(events.at(-1)?.type).toBe('training-finished');
  });

  it('stops early when the primary metric has not improved for `patience` epochs', async () => {
    // A learning rate of ~0 leaves the model where it is: no epoch after the first improves.
    const { run } = makeRun(toySpec({ epochs: 20, lr: 1e-12, earlyStoppingPatience: 2 }));
    const result = await run.run();
    expect(result.reason).toBe('early-stopped');
    expect(result.epochs).toBeLessThan(20);
  });

  it('pauses, resumes and stops on request between steps', async () => {
    const { run, events } = makeRun(toySpec({ epochs: 50 }), {
      yieldEveryMs: 0,
      yieldControl: () => new Promise((r) => setImmediate(r)),
    });
    const yieldNow = () => new Promise<void>((r) => setTimeout(r, 0));
    const done = run.run();
    await yieldNow();
    run.pause();
    await yieldNow();
    const stepAtPause = run.position.step;
    await yieldNow();
    await yieldNow();
    expect(run.position.step).toBe(stepAtPause);
    run.resume();
    await yieldNow();
    await yieldNow();
    expect(run.position.step).toBeGreaterThan(stepAtPause);
    run.stop();
    const result = await done;
    expect(result.reason).toBe('stopped');
    expect(events.at(-1)).toMatchObject({ type: 'training-finished', reason: 'stopped' });
  });

  it("reports the host's peak memory in progress and finished events, or null when it cannot tell", async () => {
    const samples = [300, 900, 500];
    let k = 0;
    const { run, events } = makeRun(toySpec({ epochs: 2 }), {
      memoryBytes: () => samples[Math.min(k++, samples.length - 1)] as number,
    });
    const result = await run.run();
    const peaks = events.flatMap((e) =>
      e.type === 'training-progress' ? [e.peakMemoryBytes] : [],
    );
    expect(peaks.slice(0, 3)).toEqual([300, 900, 900]);
    expect(result.peakMemoryBytes).toBe(900);
    expect(events.find((e) => e.type === 'training-finished')).toMatchObject({
      peakMemoryBytes: 900,
    });
    const log = events.findIndex((e) => e.type === 'training-log');
    expect(events[log]).toMatchObject({
      message: expect.stringMatching(
        /^Evaluating the best model on the whole (test|val) split \(\d+ examples\)\.$/,
      ),
    });
    expect(log).toBe(events.findIndex((e) => e.type === 'training-finished') - 1);
    const unknown = await makeRun(toySpec({ epochs: 1 })).run.run();
    expect(unknown.peakMemoryBytes).toBeNull();
  });

  it('ends at the time limit', async () => {
    let t = 0;
    const { run } = makeRun(toySpec({ epochs: 50, maxMinutes: 0.01 }), {
      now: () => {
        t += 100;
        return t;
      },
    });
    const result = await run.run();
    expect(result.reason).toBe('time-limit');
    expect(result.step).toBeLessThan(50 * 4);
  });

  it('stores best and last checkpoints every epoch', async () => {
    const store = memoryCheckpointStore();
    const { run } = makeRun(toySpec({ epochs: 3 }), { store });
    await run.run();
    const last = decodeCheckpoint((await store.load('last')) as Uint8Array);
    expect(last).toMatchObject({ kind: 'last', epoch: 3, stepInEpoch: 0, step: 12 });
    expect(last.history).toHaveLength(3);
    const best = decodeCheckpoint((await store.load('best')) as Uint8Array);
    expect(best.kind).toBe('best');
    expect(best.history.length).toBeLessThanOrEqual(3);
  });
});

describe('zeroMissingGrads', () => {
  // Two Adam steps on three parameters: step 1 gives the first two a gradient, step 2 only the
  // first; the third never gets one. Zero-filled gradients (PyTorch 1.13's zero_grad()) are the
  // reference for gradients set to none and then zeroMissingGrads, as the trainer does.
  const GRADS: (number[] | null)[][] = [
    [[0.3, -0.7], [1.5, 0.2], null],
    [[-0.4, 0.9], null, null],
  ];
  function run(mode: 'zero-filled' | 'none' | 'none, then zeros'): number[][] {
    const setToNone = mode !== 'zero-filled';
    const params = [0, 1, 2].map((i) => {
      const t = new Tensor(Float32Array.from([0.5 + i, -0.25 * i]), [2]);
      t.requiresGrad = true;
      return t;
    });
    const opt = new Adam(params, { lr: 0.1, weightDecay: 0.01 });
    for (const step of GRADS) {
      const hadGrad = params.map((p) => p.grad !== null);
      opt.zeroGrad({ setToNone });
      step.forEach((g, i) => {
        const p = params[i] as Tensor;
        if (g === null) return;
        const add = Float32Array.from(g);
        if (p.grad === null) p.grad = new Tensor(add, p.shape);
        else for (let j = 0; j < add.length; j++) p.grad.data[j] += add[j] as number;
      });
      if (mode === 'none, then zeros') zeroMissingGrads(params, hadGrad);
      opt.step();
    }
    return params.map((p) => Array.from(p.data));
  }

  it('moves a parameter that got no gradient this step as a zero-filled gradient would', () => {
    const reference = run('zero-filled');
    expect(run('none, then zeros')).toEqual(reference);
    // Without the zeros Adam would skip the second parameter at step 2; the third never moves.
    const skipped = run('none');
    expect(skipped[1]).not.toEqual(reference[1]);
    expect(skipped[0]).toEqual(reference[0]);
    expect(reference[2]).toEqual([2.5, -0.5]);
  });

  it('leaves a parameter that never had a gradient, or a frozen one, without one', () => {
    const frozen = new Tensor(new Float32Array(2), [2]);
    frozen.requiresGrad = false;
    const never = new Tensor(new Float32Array(2), [2]);
    never.requiresGrad = true;
    zeroMissingGrads([frozen, never], [true, false]);
    expect(frozen.grad).toBeNull();
    expect(never.grad).toBeNull();
  });
});
