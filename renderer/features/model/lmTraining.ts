/** "Train a language model now": starts the language model as an ordinary generate run, follows it, and when it ends (finished or stopped) chooses it as the current spec's language model. */
import { useSyncExternalStore } from 'react';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import { type RunsStore, type RunView, runsStore } from '../../app/runs.ts';
import { type StudioStore, studioStore } from '../../app/store.ts';
import { exportRunBundle } from '../try/tryModel.ts';
import { chooseLanguageModel, TRANSFER_TASKS, withLanguageModel } from './languageModel.ts';

/** The language model training from the Model section: its run, and what became of it. */
export interface LmTraining {
  runId: string;
  /** 'training' until the run ends; 'chosen' once it is the spec's language model; 'failed' when it could not be. */
  status: 'training' | 'chosen' | 'failed';
  /** Why it could not be chosen (a failed run says why in its own panel). */
  error?: unknown;
  /** Once chosen: the bundle's name, which `train.initFrom` holds while it stays the choice. */
  fileName?: string;
}

let current: LmTraining | null = null;
const listeners = new Set<() => void>();

function setCurrent(next: LmTraining | null): void {
  current = next;
  for (const l of listeners) l();
}

/** The language model the Model section trains (or trained last), if any. */
export function useLmTraining(): LmTraining | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

const ENDED: readonly RunView['state'][] = ['finished', 'failed', 'interrupted'];

/** Resolves with run `runId` once it has ended: finished (stopped runs finish too), failed or interrupted. */
export function whenRunEnds(
  runs: Pick<RunsStore, 'getState' | 'subscribe'>,
  runId: string,
): Promise<RunView> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const run = runs.getState().runs.find((r) => r.runId === runId);
      if (run === undefined || !ENDED.includes(run.state)) return false;
      resolve(run);
      return true;
    };
    if (check()) return;
    const off = runs.subscribe(() => {
      if (check()) off();
    });
  });
}

/** Where the finished language model goes: the runs it is exported from and the store whose spec takes it. */
export interface ChooseDeps {
  exportBundle: (runId: string) => Promise<{ bytes: Uint8Array; fileName: string }>;
  studio: Pick<StudioStore, 'getState' | 'setSpec'>;
}

/**
 * Exports run `runId`'s model and makes it the language model of the current spec, when that
 * spec's task can start from one: the trunk and tokenizer as a chosen language model writes them
 * ({@link withLanguageModel}); every other setting stays as the user left it.
 * @returns the bundle's name (`train.initFrom`).
 * @throws LanguageModelChoiceError when the bundle is not a forward generate model.
 */
export async function chooseTrainedLanguageModel(
  runId: string,
  deps: ChooseDeps,
): Promise<{ fileName: string }> {
  const { bytes, fileName } = await deps.exportBundle(runId);
  const lm = chooseLanguageModel(bytes, fileName);
  if (TRANSFER_TASKS.includes(deps.studio.getState().spec.task)) {
    deps.studio.setSpec((s) => withLanguageModel(s, lm));
  }
  return { fileName };
}

/** Follows run `runId` to its end, then chooses it (or says why it could not be chosen). */
async function follow(runId: string): Promise<void> {
  const run = await whenRunEnds(runsStore, runId);
  if (current?.runId !== runId) return;
  if (run.state !== 'finished') {
    setCurrent({ runId, status: 'failed' });
    return;
  }
  try {
    const deps = { exportBundle: exportRunBundle, studio: studioStore };
    const { fileName } = await chooseTrainedLanguageModel(runId, deps);
    setCurrent({ runId, status: 'chosen', fileName });
  } catch (err) {
    setCurrent({ runId, status: 'failed', error: err });
  }
}

/**
 * Starts the language model of `spec` (a generate spec) on `file` as an ordinary run (the session's
 * runs list it with its live chart); when it ends, it is chosen for the then current spec.
 * @returns the run's id once the run has started.
 * @throws the trainer's or main's refusal to start, as {@link RunsStore.start} does.
 */
export async function trainLanguageModelNow(o: {
  spec: RunSpec;
  file: File;
  grantedPath?: string;
}): Promise<string> {
  const runId = await runsStore.start({
    spec: o.spec,
    file: o.file,
    ...(o.grantedPath === undefined ? {} : { grantedPath: o.grantedPath }),
  });
  setCurrent({ runId, status: 'training' });
  void follow(runId);
  return runId;
}
