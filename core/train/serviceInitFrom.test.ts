/** The trainer's service starts a classifier from a language model's `.rnnmodel` bytes sent with `start-training` (the app's path: web worker and utility process). */
import { describe, expect, it } from 'vitest';
import { tinyClassifyCsv, tinyClassifySpec } from '../../test/support/tinyClassify.ts';
import { readBundle } from '../io/bundle.ts';
import { presetSpec } from '../tasks/presets.ts';
import { taskDefinition } from '../tasks/registry/index.ts';
import { TrainingService } from './service.ts';

const text = (s: string) => new TextEncoder().encode(s);

/** A service on the real tasks; the classifier runs' log lines go to `logs`. */
function service(logs: string[]): TrainingService {
  const s = new TrainingService({
    tasks: taskDefinition,
    yieldControl: () => new Promise((r) => setImmediate(r)),
  });
  s.addSink((m) => {
    if (m.type === 'training-log' && !m.runId.startsWith('lm')) logs.push(m.message);
  });
  return s;
}

/** A 1-epoch character LSTM language model over the tiny reviews, as `.rnnmodel` bytes. */
async function languageModel(
  s: TrainingService,
  direction: 'forward' | 'backward' = 'forward',
): Promise<Uint8Array> {
  const spec = presetSpec('generate');
  spec.model = {
    ...spec.model,
    embeddingDim: 8,
    recurrent: { ...spec.model.recurrent, hiddenSize: 8, numLayers: 1 },
    ...(direction === 'backward' ? { direction } : {}),
  };
  spec.train = { ...spec.train, epochs: 1, batchSize: 16, earlyStoppingPatience: 0 };
  const lines = tinyClassifyCsv().split('\n').slice(1, 120).join('\n');
  const runId = direction === 'forward' ? 'lm' : 'lm-backward';
  await s.start({ runId, spec, data: { fileName: 'reviews.txt', bytes: text(lines) } });
  await s.whenDone(runId);
  return s.exportBundle(runId).bytes;
}

describe('TrainingService start-training with initFrom', () => {
  it('takes the language model sent as bytes: its trunk is unchanged after the head-only epoch', async () => {
    const logs: string[] = [];
    const s = service(logs);
    const lmBytes = await languageModel(s);
    const lm = readBundle(lmBytes, 'lm.rnnmodel');
    const spec = tinyClassifySpec(1);
    spec.data.tokenizer = 'char';
    spec.model.recurrent = { ...lm.spec.model.recurrent };
    spec.model.embeddingDim = 8;
    spec.train.initFrom = 'lm.rnnmodel';
    spec.train.transfer = 'fine-tune';
    await s.start({
      runId: 'clf',
      spec,
      data: { fileName: 'reviews.csv', bytes: text(tinyClassifyCsv()) },
      initFrom: { fileName: 'lm.rnnmodel', bytes: lmBytes },
    });
    await s.whenDone('clf');
    const clf = readBundle(s.exportBundle('clf', 'last').bytes);
    for (const name of ['embedding.weight', 'rnn.weight_ih_l0', 'rnn.weight_hh_l0']) {
      expect(Array.from(clf.weights.get(name)?.data ?? []), name).toEqual(
        Array.from(lm.weights.get(name)?.data ?? [0]),
      );
    }
    expect(logs[0]).toMatch(/^Started from 'lm\.rnnmodel': \d+ embedding and recurrent weights/);
    expect(logs).toContain('Epoch 1: training the head only (gradual unfreezing).');
  });

  it('takes a backward language model sent beside it (initFromBackward): both trunks frozen in the saved classifier', async () => {
    const logs: string[] = [];
    const s = service(logs);
    const forward = await languageModel(s);
    const backward = await languageModel(s, 'backward');
    const spec = tinyClassifySpec(1);
    spec.data.tokenizer = 'char';
    spec.train.initFrom = 'lm.rnnmodel';
    spec.train.initFromBackward = 'lm-backward.rnnmodel';
    spec.train.transfer = 'features';
    await s.start({
      runId: 'clf',
      spec,
      data: { fileName: 'reviews.csv', bytes: text(tinyClassifyCsv()) },
      initFrom: { fileName: 'lm.rnnmodel', bytes: forward },
      initFromBackward: { fileName: 'lm-backward.rnnmodel', bytes: backward },
    });
    await s.whenDone('clf');
    const clf = readBundle(s.exportBundle('clf', 'last').bytes);
    const lm = readBundle(backward, 'lm-backward.rnnmodel');
    expect(clf.spec.model.lmFeatures?.backward?.recurrent.hiddenSize).toBe(8);
    for (const name of ['embedding.weight', 'rnn.weight_ih_l0', 'rnn.weight_hh_l0']) {
      expect(Array.from(clf.weights.get(`lm.backward.${name}`)?.data ?? []), name).toEqual(
        Array.from(lm.weights.get(name)?.data ?? [0]),
      );
    }
    expect(logs[0]).toContain("With 'lm-backward.rnnmodel', a backward language model");
  });

  it('refuses a spec naming a language model when none was sent (code init-from)', async () => {
    const s = service([]);
    const spec = tinyClassifySpec(1);
    spec.train.initFrom = 'lm.rnnmodel';
    await expect(
      s.start({ runId: 'c', spec, data: { fileName: 'r.csv', bytes: text(tinyClassifyCsv()) } }),
    ).rejects.toMatchObject({
      code: 'init-from',
      message:
        "classify: train.initFrom names 'lm.rnnmodel', but no language model was read; open it or remove train.initFrom.",
    });
  });
});
