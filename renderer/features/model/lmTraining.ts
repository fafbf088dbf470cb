/** "Train a language model now": starts the language model as an ordinary generate run, follows it, and when it ends (finished or stopped) chooses it as the language model of the model it was started for — or, when the user has since opened another file or switched task, leaves the choice to them. */
import { useSyncExternalStore } from 'react';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import { type RunsStore, type RunView, runsStore } from '../../app/runs.ts';
import { type StudioState, type StudioStore, studioStore } from '../../app/store.ts';
import { exportRunBundle } from '../try/tryModel.ts';
import { chooseLanguageModel, TRANSFER_TASKS, withLanguageModel } from './languageModel.ts';

/** The language model training from the Model section: its run, and what became of it. */
export interface LmTraining {
  runId: string;
  /**
   * 'training' until the run ends; 'chosen' once it is the spec's language model; 'ready' when it
   * finished after the model's file or task changed, so it waits for the user to choose it;
   * 'failed' when it could not be chosen.
   */
  status: 'training' | 'chosen' | 'ready' | 'failed';
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

/** The model a language model is trained for: its data file (by identity) and task. */
export interface LmTarget {
  file: File | null;
  task: RunSpec['task'];
}

/** The model the studio is shaping now, as an {@link LmTarget}. */
export function lmTargetOf(state: Pick<StudioState, 'dataset' | 'spec'>): LmTarget {
  return { file: state.dataset?.file ?? null, task: state.spec.task };
}

/**
 * What becomes of language model run `run` once it has ended: chosen for the studio's spec when
 * that is still the model it was started for (`target`); 'ready' when the user has since opened
 * another file or switched task (choosing it for a model it was not trained for would surprise
 * them: they choose it themselves, {@link chooseReadyLanguageModel}); 'failed' when the run did not
 * finish or its bundle could not be chosen.
 */
export async function settleLanguageModel(
  run: Pick<RunView, 'runId' | 'state'>,
  target: LmTarget,
  deps: ChooseDeps,
): Promise<LmTraining> {
  const { runId } = run;
  if (run.state !== 'finished') return { runId, status: 'failed' };
  const now = lmTargetOf(deps.studio.getState());
  if (now.file !== target.file || now.task !== target.task) return { runId, status: 'ready' };
  try {
    const { fileName } = await chooseTrainedLanguageModel(runId, deps);
    return { runId, status: 'chosen', fileName };
  } catch (err) {
    return { runId, status: 'failed', error: err };
  }
}

const appDeps: ChooseDeps = { exportBundle: exportRunBundle, studio: studioStore };

/** Follows run `runId` to its end, then settles it ({@link settleLanguageModel}). */
async function follow(runId: string, target: LmTarget): Promise<void> {
  const run = await whenRunEnds(runsStore, runId);
  if (current?.runId !== runId) return;
  const settled = await settleLanguageModel(run, target, appDeps);
  if (current?.runId === runId) setCurrent(settled);
}

/**
 * Chooses the finished language model the Model section holds as 'ready' for the current spec
 * (the user's answer to "it finished after the file or task changed").
 */
export async function chooseReadyLanguageModel(): Promise<void> {
  const held = current;
  if (held === null || held.status !== 'ready') return;
  try {
    const { fileName } = await chooseTrainedLanguageModel(held.runId, appDeps);
    setCurrent({ runId: held.runId, status: 'chosen', fileName });
  } catch (err) {
    setCurrent({ runId: held.runId, status: 'failed', error: err });
  }
}

/**
 * Starts the language model of `spec` (a generate spec) on `file` as an ordinary run (the session's
 * runs list it with its live chart); when it ends, it is chosen for the model the studio shapes now
 * if the user is still shaping it then ({@link settleLanguageModel}).
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
  void follow(runId, lmTargetOf(studioStore.getState()));
  return runId;
}
