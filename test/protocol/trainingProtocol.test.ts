/** Training messages: validators accept good samples and name what is wrong in bad ones; an endpoint trains, pauses, stops, exports and predicts, and every connected port hears the run. */
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import type { TrainerToHost } from '../../core/protocol/messages.ts';
import { validateTrainerMessage, validateTrainerRequest } from '../../core/protocol/validate.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { TrainingService } from '../../core/train/service.ts';
import { createTrainerEndpoint } from '../../core/train/trainerEndpoint.ts';
import { toyTaskDefinition } from '../support/toyTask.ts';

function toySpec(epochs = 3) {
  const spec = presetSpec('forecast');
  spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 8 };
  spec.train = { ...spec.train, epochs, batchSize: 8, lr: 0.02, earlyStoppingPatience: 0 };
  return spec;
}
const data = { fileName: 'toy.csv', bytes: new Uint8Array([49, 10]) };

describe('training request validators', () => {
  it('accepts a start-training request with spec, data bytes and a checkpoint', () => {
    const request = {
      type: 'start-training',
      id: 1,
      runId: 'run-1',
      spec: toySpec(),
      data,
      checkpoint: new Uint8Array(3),
    };
    expect(validateTrainerRequest(request)).toEqual(request);
  });

  it.each([
    [{ type: 'pause-training', id: 2, runId: 'r' }],
    [{ type: 'resume-training', id: 2, runId: 'r' }],
    [{ type: 'stop-training', id: 2, runId: 'r' }],
    [{ type: 'list-runs', id: 2 }],
    [{ type: 'evaluate', id: 2, model: { runId: 'r' } }],
    [{ type: 'evaluate', id: 2, model: { bundle: new Uint8Array(2) }, data }],
    [
      {
        type: 'predict',
        id: 2,
        model: { runId: 'r' },
        inputs: [{ text: 'hi', decode: { topK: 5 } }],
      },
    ],
    [{ type: 'predict', id: 2, model: { runId: 'r' }, inputs: [{ text: 'hi', explain: true }] }],
    [{ type: 'export-bundle', id: 2, runId: 'r', which: 'last' }],
    [
      {
        type: 'predict',
        id: 2,
        model: { runId: 'r' },
        inputs: [
          {
            image: { width: 2, height: 1, data: new Uint8ClampedArray(8) },
            decode: { beamSize: 3 },
          },
        ],
      },
    ],
  ])('accepts %j', (request) => {
    expect(validateTrainerRequest(request)).toEqual(request);
  });

  it('names data bytes that are not bytes', () => {
    expect(() =>
      validateTrainerRequest({
        type: 'start-training',
        id: 1,
        runId: 'r',
        spec: toySpec(),
        data: { fileName: 'a.csv', bytes: [1, 2] },
      }),
    ).toThrow("Malformed 'start-training' message: data.bytes: must be bytes (a Uint8Array).");
  });

  it('accepts data as a file handle the trainer reads, and refuses two forms or none', () => {
    const request = {
      type: 'start-training',
      id: 1,
      runId: 'r',
      spec: toySpec(),
      data: { fileName: 'a.csv', file: new Blob(['x,y\n']) },
    };
    expect(validateTrainerRequest(request)).toEqual(request);
    expect(() =>
      validateTrainerRequest({ ...request, data: { ...request.data, bytes: new Uint8Array(1) } }),
    ).toThrow(
      "Malformed 'start-training' message: data: must hold exactly one of bytes, file or files",
    );
    expect(() => validateTrainerRequest({ ...request, data: { fileName: 'a.csv' } })).toThrow(
      "Malformed 'start-training' message: data: must hold exactly one of bytes, file or files",
    );
    expect(() =>
      validateTrainerRequest({ ...request, data: { fileName: 'a.csv', file: { size: 3 } } }),
    ).toThrow(
      "Malformed 'start-training' message: data.file: must be a file handle (a File or Blob).",
    );
  });

  it("accepts a language model's bytes as initFrom and names a path given instead", () => {
    const spec = toySpec();
    spec.train.initFrom = 'lm.rnnmodel';
    const request = {
      type: 'start-training',
      id: 1,
      runId: 'r',
      spec,
      data,
      initFrom: { fileName: 'lm.rnnmodel', bytes: new Uint8Array(4) },
    };
    expect(validateTrainerRequest(request)).toEqual(request);
    expect(() =>
      validateTrainerRequest({
        ...request,
        initFrom: { fileName: 'lm.rnnmodel', path: '/home/me/lm.rnnmodel' },
      }),
    ).toThrow(/^Malformed 'start-training' message: initFrom\.bytes: must be bytes/);
  });

  it('names a bad field of the run spec', () => {
    const spec = toySpec();
    (spec.train as { lr: number }).lr = -1;
    expect(() =>
      validateTrainerRequest({ type: 'start-training', id: 1, runId: 'r', spec, data }),
    ).toThrow(/^Malformed 'start-training' message: spec\.train\.lr: /);
  });

  it('refuses an empty run id and a predict without inputs', () => {
    expect(() => validateTrainerRequest({ type: 'stop-training', id: 1, runId: '' })).toThrow(
      /^Malformed 'stop-training' message: runId: /,
    );
    expect(() =>
      validateTrainerRequest({ type: 'predict', id: 1, model: { runId: 'r' }, inputs: [] }),
    ).toThrow(/^Malformed 'predict' message: inputs: /);
    expect(() =>
      validateTrainerRequest({
        type: 'predict',
        id: 1,
        model: { runId: 'r' },
        inputs: [{ text: 'hi', explain: 'yes' }],
      }),
    ).toThrow(/^Malformed 'predict' message: inputs\.0\.explain: /);
  });

  it('names an image whose pixels are not RGBA bytes of its size', () => {
    const predictImage = (image: unknown) =>
      validateTrainerRequest({
        type: 'predict',
        id: 1,
        model: { runId: 'r' },
        inputs: [{ image }],
      });
    expect(() => predictImage({ width: 2, height: 2, data: new Uint8Array(8) })).toThrow(
      "Malformed 'predict' message: inputs.0.image: data must hold width × height × 4 bytes (RGBA).",
    );
    expect(() => predictImage({ width: 1, height: 1, data: [0, 0, 0, 255] })).toThrow(
      "Malformed 'predict' message: inputs.0.image.data: must be RGBA bytes (a Uint8Array or Uint8ClampedArray).",
    );
    expect(() => predictImage({ width: 9000, height: 9000, data: new Uint8Array(4) })).toThrow(
      "Malformed 'predict' message: inputs.0.image: must have at most 64 megapixels.",
    );
  });
});

describe('training event validators', () => {
  const progress = {
    type: 'training-progress',
    runId: 'r',
    epoch: 0,
    epochs: 3,
    step: 1,
    totalSteps: 12,
    stepInEpoch: 1,
    stepsPerEpoch: 4,
    loss: 0.5,
    smoothedLoss: 0.5,
    lr: 0.01,
    gradNorm: 1.2,
    examplesPerSecond: 100,
    etaSeconds: null,
    elapsedSeconds: 0.1,
  };

  it('accepts progress, error-with-suggestion and checkpoint events', () => {
    expect(validateTrainerMessage(progress)).toEqual(progress);
    const error = {
      type: 'training-error',
      runId: 'r',
      name: 'DivergenceError',
      message: 'The loss became NaN at epoch 1, step 2.',
      suggestion: 'Lower the learning rate.',
    };
    expect(validateTrainerMessage(error)).toEqual(error);
    const checkpoint = {
      type: 'checkpoint',
      runId: 'r',
      kind: 'last',
      epoch: 1,
      step: 4,
      bytes: new Uint8Array(4),
    };
    expect(validateTrainerMessage(checkpoint)).toEqual(checkpoint);
  });

  it("accepts the final evaluation's progress and refuses more examples than the split holds", () => {
    const evaluating = {
      type: 'evaluation-progress',
      runId: 'r',
      split: 'test',
      examples: 12_000,
      total: 480_000,
    };
    expect(validateTrainerMessage(evaluating)).toEqual(evaluating);
    expect(() => validateTrainerMessage({ ...evaluating, examples: 480_001 })).toThrow(
      /^Malformed 'evaluation-progress' message: .*examples must be at most total/,
    );
    expect(() => validateTrainerMessage({ ...evaluating, split: 'holdout' })).toThrow(
      /^Malformed 'evaluation-progress' message: split: /,
    );
  });

  it("accepts an auto-tune trial's live progress and names a round that is not a count", () => {
    const trial = {
      type: 'tune-progress',
      runId: 'r',
      progress: {
        trial: 0,
        rung: 0,
        config: { hiddenSize: 8, numLayers: 1, dropout: 0, lr: 0.02 },
        epoch: 1,
        epochs: 200,
        step: 65,
        totalSteps: 10_000,
        loss: 0.6,
        searchSeconds: 2.1,
      },
    };
    expect(validateTrainerMessage(trial)).toEqual(trial);
    expect(() =>
      validateTrainerMessage({ ...trial, progress: { ...trial.progress, rung: -1 } }),
    ).toThrow(/^Malformed 'tune-progress' message: progress\.rung: /);
    expect(() =>
      validateTrainerMessage({
        ...trial,
        progress: { ...trial.progress, searchSeconds: undefined },
      }),
    ).toThrow(/^Malformed 'tune-progress' message: progress\.searchSeconds: /);
  });

  it('refuses a NaN loss in a progress event', () => {
    expect(() => validateTrainerMessage({ ...progress, loss: Number.NaN })).toThrow(
      /^Malformed 'training-progress' message: loss: /,
    );
  });
});

function collect(): { post: (m: TrainerToHost) => void; messages: TrainerToHost[] } {
  const messages: TrainerToHost[] = [];
  return { post: (m) => messages.push(m), messages };
}

function replyOf(messages: TrainerToHost[], id: number): unknown {
  const m = messages.find((x) => (x.type === 'reply' || x.type === 'error') && x.id === id);
  if (m?.type === 'error') throw new Error(m.message);
  return m?.type === 'reply' ? m.result : undefined;
}

describe('training over an endpoint', () => {
  it('trains to the end, broadcasting to every port, then exports a bundle and predicts', async () => {
    const service = new TrainingService({
      tasks: () => toyTaskDefinition,
      yieldControl: () => new Promise((r) => setImmediate(r)),
    });
    const a = collect();
    const b = collect();
    const first = createTrainerEndpoint({ host: 'node-worker', post: a.post, service });
    // A second window (or the same one after a reload) connects another port.
    const second = createTrainerEndpoint({ host: 'node-worker', post: b.post, service });
    await first({ type: 'start-training', id: 1, runId: 'r1', spec: toySpec(), data });
    expect(replyOf(a.messages, 1)).toMatchObject({ runId: 'r1', state: 'running' });
    await service.whenDone('r1');
    for (const { messages } of [a, b]) {
      const types = new Set(messages.map((m) => m.type));
      for (const t of ['training-progress', 'training-epoch', 'checkpoint', 'training-finished']) {
        expect(types.has(t as TrainerToHost['type'])).toBe(true);
      }
      for (const m of messages) expect(() => validateTrainerMessage(m)).not.toThrow();
    }
    await second({ type: 'list-runs', id: 2 });
    expect(replyOf(b.messages, 2)).toEqual({
      runs: [{ runId: 'r1', state: 'finished', task: 'forecast', epoch: 3, step: 12 }],
    });
    await second({ type: 'export-bundle', id: 3, runId: 'r1' });
    const exported = replyOf(b.messages, 3) as { bytes: Uint8Array; fileName: string };
    expect(exported.fileName).toBe('r1.rnnmodel');
    expect(readBundle(exported.bytes).history).toHaveLength(3);
    await second({
      type: 'predict',
      id: 4,
      model: { bundle: exported.bytes },
      inputs: [{ rows: [[0.1], [0.2], [0.3], [0.1], [0.2], [0.3]] }],
    });
    const fromBundle = replyOf(b.messages, 4) as { predictions: { values: number[] }[] };
    await second({
      type: 'predict',
      id: 5,
      model: { runId: 'r1' },
      inputs: [{ rows: [[0.1], [0.2], [0.3], [0.1], [0.2], [0.3]] }],
    });
    const fromRun = replyOf(b.messages, 5) as { predictions: { values: number[] }[] };
    expect(fromBundle.predictions[0]?.values[0]).toBeCloseTo(
      fromRun.predictions[0]?.values[0] as number,
      6,
    );
    first.close();
    second.close();
  });

  it('pauses, resumes and stops a run on request', async () => {
    const service = new TrainingService({
      tasks: () => toyTaskDefinition,
      yieldControl: () => new Promise((r) => setImmediate(r)),
    });
    const a = collect();
    const endpoint = createTrainerEndpoint({ host: 'node-worker', post: a.post, service });
    await endpoint({ type: 'start-training', id: 1, runId: 'r2', spec: toySpec(500), data });
    await endpoint({ type: 'pause-training', id: 2, runId: 'r2' });
    expect(replyOf(a.messages, 2)).toMatchObject({ state: 'paused' });
    await endpoint({ type: 'resume-training', id: 3, runId: 'r2' });
    expect(replyOf(a.messages, 3)).toMatchObject({ state: 'running' });
    await endpoint({ type: 'stop-training', id: 4, runId: 'r2' });
    await service.whenDone('r2');
    const finished = a.messages.find((m) => m.type === 'training-finished');
    expect(finished).toMatchObject({ runId: 'r2', reason: 'stopped' });
    endpoint.close();
  });

  it('reports a second start of a running run id, and an unknown run, as request errors', async () => {
    const service = new TrainingService({
      tasks: () => toyTaskDefinition,
      yieldControl: () => new Promise((r) => setImmediate(r)),
    });
    const a = collect();
    const endpoint = createTrainerEndpoint({ host: 'node-worker', post: a.post, service });
    await endpoint({ type: 'start-training', id: 1, runId: 'r3', spec: toySpec(500), data });
    await endpoint({ type: 'start-training', id: 2, runId: 'r3', spec: toySpec(), data });
    expect(() => replyOf(a.messages, 2)).toThrow(
      "Trainer: runId must not name a run in progress, got 'r3' (running).",
    );
    await endpoint({ type: 'stop-training', id: 3, runId: 'nope' });
    expect(() => replyOf(a.messages, 3)).toThrow(
      "Trainer: runId must name a run of this trainer, got 'nope'.",
    );
    service.stop('r3');
    await service.whenDone('r3');
    endpoint.close();
  });
});
