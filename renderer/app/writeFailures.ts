/** Writes of the user's work that failed (the project's autosave and run checkpoints in the desktop app, the browser's storage in web mode): kept until dismissed, shown by WriteFailureNotice, and in web mode they make leaving the page ask first. */
import { useSyncExternalStore } from 'react';
import type { StudioApi, WriteFailure } from '../../electron/common/ipc/api.ts';

export type { WriteFailure };

/** The store of failed writes; the app uses {@link writeFailures}, tests make their own. */
export interface WriteFailureStore {
  /** The failures not yet dismissed, oldest first (one per kind and run: the latest wins). */
  getState(): readonly WriteFailure[];
  subscribe(listener: () => void): () => void;
  report(failure: WriteFailure): void;
  /** A later write of that kind (and run) succeeded: its failure no longer stands. */
  resolved(kind: WriteFailure['kind'], runId?: string): void;
  dismiss(failure: WriteFailure): void;
}

const sameSlot = (a: WriteFailure, kind: WriteFailure['kind'], runId?: string): boolean =>
  a.kind === kind && a.runId === runId;

/** Creates an empty store. */
export function createWriteFailureStore(): WriteFailureStore {
  let state: readonly WriteFailure[] = [];
  const listeners = new Set<() => void>();
  const set = (next: readonly WriteFailure[]): void => {
    if (next === state) return;
    state = next;
    for (const l of listeners) l();
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    report(failure) {
      set([...state.filter((f) => !sameSlot(f, failure.kind, failure.runId)), failure]);
    },
    resolved(kind, runId) {
      if (state.some((f) => sameSlot(f, kind, runId))) {
        set(state.filter((f) => !sameSlot(f, kind, runId)));
      }
    },
    dismiss(failure) {
      set(state.filter((f) => f !== failure));
    },
  };
}

/** The app's failed writes. */
export const writeFailures: WriteFailureStore = createWriteFailureStore();

/** The failed writes, re-rendering when they change. */
export function useWriteFailures(): readonly WriteFailure[] {
  return useSyncExternalStore(writeFailures.subscribe, writeFailures.getState);
}

/** The part of `window` {@link guardLeaving} uses. */
export interface LeavingTarget {
  addEventListener(type: 'beforeunload', listener: (event: BeforeUnloadEvent) => void): void;
  removeEventListener(type: 'beforeunload', listener: (event: BeforeUnloadEvent) => void): void;
}

/**
 * Web mode: while a failed write stands, leaving or reloading the page makes the browser ask
 * first (`beforeunload`), since what was not stored would be lost. Returns the uninstall.
 * NOTE: not in Electron, where a cancelled `beforeunload` silently keeps the window from
 * closing; main asks at quit there (quitGuard.ts).
 */
export function guardLeaving(target: LeavingTarget, store: WriteFailureStore): () => void {
  const listener = (event: BeforeUnloadEvent): void => {
    if (store.getState().length === 0) return;
    event.preventDefault();
    // NOTE: older Chromium asks only when returnValue is set as well.
    event.returnValue = '';
  };
  target.addEventListener('beforeunload', listener);
  return () => target.removeEventListener('beforeunload', listener);
}

/**
 * Connects the store to its sources: in the desktop app, main's write failures, cleared when
 * the project is written again (a project change that is not dirty) or a run's record no longer
 * carries a checkpoint error; in web mode, the leaving guard. Returns the disconnect.
 */
export function connectWriteFailures(
  studio: Pick<StudioApi, 'shell' | 'desktop'>,
  target: LeavingTarget,
  store: WriteFailureStore = writeFailures,
): () => void {
  const desktop = studio.desktop;
  if (desktop === undefined) return guardLeaving(target, store);
  const offs = [
    desktop.onWriteFailed((failure) => store.report(failure)),
    desktop.onProjectChanged((view) => {
      if (!view.dirty) store.resolved('autosave');
    }),
    desktop.onRunEvent((event) => {
      if (event.type === 'run-updated' && !event.run.checkpointError) {
        store.resolved('checkpoint', event.run.runId);
      }
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
