/** The language model trained from the Model section: when its run counts as ended, and what choosing it does to the current spec. */
import { describe, expect, it } from 'vitest';
import { writeBundle } from '../../../core/io/bundle.ts';
import { presetSpec } from '../../../core/tasks/presets.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type { RunsState, RunView } from '../../app/runs.ts';
import { newRun } from '../../app/runsReducer.ts';
import { createStudioStore } from '../../app/store.ts';
import { languageModelFor } from './languageModel.ts';
import { LM_DEFAULTS, languageModelRunSpec } from './lmRunSpec.ts';
import {
  chooseTrainedLanguageModel,
  lmTargetOf,
  settleLanguageModel,
  whenRunEnds,
} from './lmTraining.ts';

/** A small language model's spec. */
const small = (spec: RunSpec) =>
  languageModelRunSpec(spec, { ...LM_DEFAULTS, hiddenSize: 24, embeddingDim: 16 }, {});

/** A runs store holding one run whose state the test moves. */
function fakeRuns(state: RunView['state']) {
  const listeners = new Set<() => void>();
  let runs: RunsState = {
    runs: [newRun({ runId: 'lm', task: 'generate', label: '#1', state, startedAt: 0 })],
    selected: 'lm',
    compared: [],
  };
  return {
    getState: () => runs,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    move(next: RunView['state']) {
      runs = { ...runs, runs: runs.runs.map((r) => ({ ...r, state: next })) };
      for (const l of listeners) l();
    },
    listeners,
  };
}

/** A small model's bundle (readBundle only counts the values: one zero block holds enough). */
function bundleOf(spec: RunSpec): Uint8Array {
  const { embeddingDim = 64 } = spec.model;
  return writeBundle({
    spec,
    taskState: { kind: spec.task, vocab: { $file: 'vocab.json' } },
    vocabularies: { vocab: ['<pad>', '<unk>', '<bos>', '<eos>', 'a', 'b'] },
    weights: new Map([
      ['embedding.weight', { shape: [6, embeddingDim], data: new Float32Array(6 * embeddingDim) }],
      ['rnn.weight_ih_l0', { shape: [20_000], data: new Float32Array(20_000) }],
    ]),
    history: [],
    metrics: {},
  });
}

describe('following the language model run', () => {
  it('resolves once the run has finished, not while it trains or stops', async () => {
    const runs = fakeRuns('running');
    let ended: RunView | null = null;
    const done = whenRunEnds(runs, 'lm').then((r) => {
      ended = r;
    });
    runs.move('stopping');
    await Promise.resolve();
    expect(ended).toBeNull();
    runs.move('finished');
    await done;
    expect(ended).toMatchObject({ runId: 'lm', state: 'finished' });
    expect(runs.listeners.size).toBe(0);
  });

  it('resolves at once for a run that already failed', async () => {
    const run = await whenRunEnds(fakeRuns('failed'), 'lm');
    expect(run.state).toBe('failed');
  });
});

describe('choosing the trained language model', () => {
  it("writes it into the current classifier's spec and keeps the other settings", async () => {
    const studio = createStudioStore();
    studio.setSpec((s) => ({ ...s, train: { ...s.train, epochs: 4, lr: 0.01 } }));
    const before = studio.getState().spec;
    const settings = {
      ...LM_DEFAULTS,
      hiddenSize: 24,
      embeddingDim: 16,
      tokenizer: 'word' as const,
    };
    const lmSpec = languageModelRunSpec(before, settings, { textColumn: 'text' });
    const chosen = await chooseTrainedLanguageModel('run-7', {
      exportBundle: async () => ({ bytes: bundleOf(lmSpec), fileName: 'run-7.rnnmodel' }),
      studio,
    });
    expect(chosen.fileName).toBe('run-7.rnnmodel');
    const after = studio.getState().spec;
    expect(after.train).toMatchObject({ epochs: 4, lr: 0.01, initFrom: 'run-7.rnnmodel' });
    expect(after.model.recurrent).toMatchObject({ cell: 'gru', hiddenSize: 24 });
    expect(after.model.embeddingDim).toBe(16);
    expect(after.data.tokenizer).toBe('word');
    // The run's start finds the bundle the spec names.
    expect(languageModelFor(after)?.fileName).toBe('run-7.rnnmodel');
  });

  it('leaves a spec of a task that cannot start from it as it is', async () => {
    const studio = createStudioStore();
    studio.setTask('generate');
    const before = studio.getState().spec;
    await chooseTrainedLanguageModel('run-8', {
      exportBundle: async () => ({
        bytes: bundleOf(small(presetSpec('generate'))),
        fileName: 'run-8.rnnmodel',
      }),
      studio,
    });
    expect(studio.getState().spec).toBe(before);
  });

  it('refuses a run whose model is not a language model', async () => {
    const studio = createStudioStore();
    const classify = presetSpec('classify');
    classify.model.recurrent = { ...classify.model.recurrent, hiddenSize: 8 };
    classify.model.embeddingDim = 8;
    await expect(
      chooseTrainedLanguageModel('run-9', {
        exportBundle: async () => ({ bytes: bundleOf(classify), fileName: 'run-9.rnnmodel' }),
        studio,
      }),
    ).rejects.toMatchObject({ name: 'LanguageModelChoiceError', code: 'not-generate' });
  });
});

describe('settling the language model run once it ends', () => {
  /** A studio shaping a classifier, and the bundle of a language model trained for it. */
  function setUp() {
    const studio = createStudioStore();
    const lmSpec = small(studio.getState().spec);
    const deps = {
      exportBundle: async () => ({ bytes: bundleOf(lmSpec), fileName: 'lm.rnnmodel' }),
      studio,
    };
    return { studio, deps };
  }

  it('chooses it for the model it was started for', async () => {
    const { studio, deps } = setUp();
    const target = lmTargetOf(studio.getState());
    const settled = await settleLanguageModel({ runId: 'lm', state: 'finished' }, target, deps);
    expect(settled).toEqual({ runId: 'lm', status: 'chosen', fileName: 'lm.rnnmodel' });
    expect(studio.getState().spec.train.initFrom).toBe('lm.rnnmodel');
  });

  it('leaves it to the user when the task or the file changed while it trained', async () => {
    for (const change of ['task', 'file'] as const) {
      const { studio, deps } = setUp();
      let target = lmTargetOf(studio.getState());
      if (change === 'task') studio.setTask('tag');
      else target = { ...target, file: new File(['text,label\n'], 'reviews.csv') };
      const before = studio.getState().spec;
      const settled = await settleLanguageModel({ runId: 'lm', state: 'finished' }, target, deps);
      expect(settled, change).toEqual({ runId: 'lm', status: 'ready' });
      expect(studio.getState().spec, change).toBe(before);
    }
  });

  it('says a run that did not finish failed, choosing nothing', async () => {
    const { studio, deps } = setUp();
    const before = studio.getState().spec;
    const target = lmTargetOf(studio.getState());
    for (const state of ['failed', 'interrupted'] as const) {
      const settled = await settleLanguageModel({ runId: 'lm', state }, target, deps);
      expect(settled).toEqual({ runId: 'lm', status: 'failed' });
    }
    expect(studio.getState().spec).toBe(before);
  });
});
