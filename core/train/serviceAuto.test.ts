/** The trainer's service runs an auto-tune request: tune events carry the run id, the winner becomes the run, its bundle keeps the leaderboard. */
import { describe, expect, it } from 'vitest';
import { toyTaskDefinition } from '../../test/support/toyTask.ts';
import { readBundle } from '../io/bundle.ts';
import type { TrainerToHost } from '../protocol/messages.ts';
import { validateTrainerMessage } from '../protocol/validate.ts';
import { presetSpec } from '../tasks/presets.ts';
import type { RunSpec } from '../tasks/spec.ts';
import type { TaskDefinition } from '../tasks/task.ts';
import { TrainingService } from './service.ts';

function toySpec(): RunSpec {
  const spec = presetSpec('forecast');
  spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 8 };
  spec.train = { ...spec.train, epochs: 6, batchSize: 8, lr: 0.02, earlyStoppingPatience: 0 };
  return spec;
}

// The toy model has one recurrent layer whatever the spec says; its spec says so too, since a
// checkpoint's weights are checked against the spec it carries.
const oneLayer: TaskDefinition = {
  ...toyTaskDefinition,
  prepare: (input) =>
    toyTaskDefinition.prepare({
      ...input,
      spec: {
        ...input.spec,
        model: { ...input.spec.model, recurrent: { ...input.spec.model.recurrent, numLayers: 1 } },
      },
    }),
};

describe('TrainingService with auto', () => {
  it('broadcasts the search as checked protocol events and exports the winner with its leaderboard', async () => {
    const service = new TrainingService({
      tasks: () => oneLayer,
      yieldControl: () => new Promise((r) => setImmediate(r)),
    });
    const events: TrainerToHost[] = [];
    service.addSink((m) => events.push(validateTrainerMessage(m)));
    const data = { fileName: 'toy.csv', bytes: new Uint8Array([49, 10]) };
    await service.start({
      runId: 'auto1',
      spec: toySpec(),
      data,
      auto: { maxMinutes: 10, trials: 4, firstRungSteps: 3, rounds: 1 },
    });
    const result = await service.whenDone('auto1');
    const trials = events.filter((e) => e.type === 'tune-trial');
    // Four settings, then two; the spec as given (trial 0) joins the best challenger in the last
    // round, and the two train on in the final comparison (rung 3).
    expect(trials.map((e) => e.type === 'tune-trial' && e.report.rung)).toEqual([
      0, 0, 0, 0, 1, 1, 2, 2, 3, 3,
    ]);
    const finished = events.find((e) => e.type === 'tune-finished');
    expect(finished?.type === 'tune-finished' && finished.runId).toBe('auto1');
    expect(result?.metrics.mae).toBeGreaterThan(0);
    const bundle = readBundle(service.exportBundle('auto1').bytes);
    const tuning = bundle.tuning as { best: number; reports: unknown[]; plan: { trials: number } };
    expect(tuning.plan.trials).toBe(4);
    expect(tuning.reports).toHaveLength(10);
    expect(finished?.type === 'tune-finished' && finished.best).toBe(tuning.best);
    expect(events.at(-1)).toEqual({ type: 'training-state', runId: 'auto1', state: 'finished' });
  });

  it('refuses auto with a checkpoint to continue from', async () => {
    const service = new TrainingService({ tasks: () => oneLayer });
    const data = { fileName: 'toy.csv', bytes: new Uint8Array([49, 10]) };
    await expect(
      service.start({
        runId: 'a2',
        spec: toySpec(),
        data,
        checkpoint: new Uint8Array([1]),
        auto: { maxMinutes: 1 },
      }),
    ).rejects.toThrow(
      'Trainer: auto must start a new run from scratch, got a checkpoint or a language model to start from.',
    );
  });
});
