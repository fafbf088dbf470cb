/** Tests the failed-writes store: a full storage quota in the runs store is reported and cleared by a later good write, main's failures arrive in the desktop app, and in web mode leaving the page asks while one stands. */
import { describe, expect, it } from 'vitest';
import type { WriteFailure } from '../../electron/common/ipc/api.ts';
import { defaultRunSpec } from './runSpec.ts';
import { createRunsStore, type RunsStorage } from './runs.ts';
import {
  connectWriteFailures,
  createWriteFailureStore,
  type LeavingTarget,
} from './writeFailures.ts';

/** Storage that refuses writes like a browser whose quota is full, until `full` is cleared. */
function quotaStorage() {
  const data = new Map<string, string>();
  const storage: RunsStorage & { full: boolean } = {
    full: true,
    getItem: (k) => data.get(k) ?? null,
    setItem(k, v) {
      if (storage.full) {
        throw Object.assign(
          new Error("Setting the value of 'rnn-studio.runs.v1' exceeded the quota."),
          {
            name: 'QuotaExceededError',
          },
        );
      }
      data.set(k, v);
    },
  };
  return storage;
}

function leavingTarget() {
  let listener: ((event: BeforeUnloadEvent) => void) | null = null;
  const target: LeavingTarget = {
    addEventListener: (_type, l) => {
      listener = l;
    },
    removeEventListener: () => {
      listener = null;
    },
  };
  /** Fires beforeunload; returns whether the page asked to stay. */
  const leave = (): boolean => {
    let asked = false;
    const event = {
      preventDefault: () => {
        asked = true;
      },
      returnValue: undefined as unknown,
    } as unknown as BeforeUnloadEvent;
    listener?.(event);
    return asked;
  };
  return { target, leave, installed: () => listener !== null };
}

const run = {
  runId: 'r1',
  task: 'classify' as const,
  label: 'r1',
  startedAt: 0,
  state: 'finished' as const,
  progress: null,
  steps: { step: [], loss: [], smoothed: [], lr: [], gradNorm: [] },
  epochs: [],
  finished: null,
  error: null,
  logs: [],
  evaluation: null,
  version: 0,
  spec: defaultRunSpec('classify'),
};

describe('write failures', () => {
  it('reports a storage write the quota refused, and clears it once a write succeeds', () => {
    const failures = createWriteFailureStore();
    const storage = quotaStorage();
    const runs = createRunsStore({ storage, failures });
    runs.importRun(run);
    expect(failures.getState()).toEqual([
      {
        kind: 'storage',
        path: null,
        message:
          "QuotaExceededError: Setting the value of 'rnn-studio.runs.v1' exceeded the quota.",
      },
    ]);
    storage.full = false;
    runs.remove('r1');
    expect(failures.getState()).toEqual([]);
  });

  it('in web mode asks before leaving while a failed write stands, and not otherwise', () => {
    const failures = createWriteFailureStore();
    const page = leavingTarget();
    const disconnect = connectWriteFailures({ shell: 'web' }, page.target, failures);
    expect(page.leave()).toBe(false);
    failures.report({ kind: 'storage', path: null, message: 'QuotaExceededError' });
    expect(page.leave()).toBe(true);
    const [failure] = failures.getState();
    if (failure !== undefined) failures.dismiss(failure);
    expect(page.leave()).toBe(false);
    disconnect();
    expect(page.installed()).toBe(false);
  });

  it("in the desktop app takes main's failures, clears them when a later write lands, and leaves closing to main", () => {
    const failures = createWriteFailureStore();
    const page = leavingTarget();
    const listeners: Record<string, (value: never) => void> = {};
    const on = (name: string) => (listener: (value: never) => void) => {
      listeners[name] = listener;
      return () => undefined;
    };
    const desktop = {
      onWriteFailed: on('failed'),
      onProjectChanged: on('project'),
      onRunEvent: on('run'),
    } as unknown as NonNullable<Parameters<typeof connectWriteFailures>[0]['desktop']>;
    connectWriteFailures({ shell: 'electron', desktop }, page.target, failures);
    const emit = (name: string, value: unknown) => listeners[name]?.(value as never);
    const autosave: WriteFailure = {
      kind: 'autosave',
      path: '/p/a.rnnproj',
      message: "EACCES: permission denied, open '/p/.a.rnnproj.1234.tmp'",
    };
    const checkpoint: WriteFailure = {
      kind: 'checkpoint',
      path: '/ud/runs/r1/last.ckpt',
      runId: 'r1',
      message: 'ENOSPC: no space left on device',
    };
    emit('failed', autosave);
    emit('failed', checkpoint);
    expect(failures.getState()).toEqual([autosave, checkpoint]);
    expect(page.installed()).toBe(false);

    // Still dirty (the write failed) or still carrying the error: the notices stay.
    emit('project', { dirty: true });
    emit('run', { type: 'run-updated', run: { runId: 'r1', checkpointError: { kind: 'last' } } });
    expect(failures.getState()).toHaveLength(2);
    // Written again: they go.
    emit('project', { dirty: false });
    emit('run', { type: 'run-updated', run: { runId: 'r1', checkpointError: null } });
    expect(failures.getState()).toEqual([]);
  });

  it('keeps one failure per kind and run, the latest', () => {
    const failures = createWriteFailureStore();
    failures.report({ kind: 'checkpoint', path: '/r/a/last.ckpt', runId: 'a', message: 'one' });
    failures.report({ kind: 'checkpoint', path: '/r/b/last.ckpt', runId: 'b', message: 'two' });
    failures.report({ kind: 'checkpoint', path: '/r/a/last.ckpt', runId: 'a', message: 'three' });
    expect(failures.getState().map((f) => f.message)).toEqual(['two', 'three']);
  });
});
