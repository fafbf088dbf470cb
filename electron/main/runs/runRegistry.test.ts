/** Tests main's run registry against a real trainer child process: the one-at-a-time queue, checkpoint files, a crash mid-run and resume. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../../../core/train/checkpoint.ts';
import { forkNodeTrainer } from '../../../test/support/nodeTrainerProcess.ts';
import { readOnlyFolder } from '../../../test/support/readOnlyFolder.ts';
import { tinyClassifyCsv, tinyClassifySpec } from '../../../test/support/tinyClassify.ts';
import type { WriteFailure } from '../../common/ipc/api.ts';
import { EVENT_CHANNELS } from '../../common/ipc/channels.ts';
import { checkEvent } from '../../common/ipc/events.ts';
import { QUEUE_NOTE, type RunEvent } from '../../common/runRecord.ts';
import { TrainerHost } from '../trainerHost.ts';
import { TrainerSupervisor } from '../trainerSupervisor.ts';
import { RunFiles } from './runFiles.ts';
import { type MainPort, RunRegistry } from './runRegistry.ts';

const adapt = (port: MessagePort): MainPort => ({
  postMessage: (m) => port.postMessage(m),
  onMessage: (l) => void port.on('message', l),
  close: () => port.close(),
});

const supervisors: TrainerSupervisor<MessagePort>[] = [];
/** What the preload would refuse of the events main sends windows (the event contract). */
const refusedEvents: string[] = [];

afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.stop({ graceMs: 2000 });
  expect(refusedEvents.splice(0)).toEqual([]);
});

function checked<C extends typeof EVENT_CHANNELS.runEvent | typeof EVENT_CHANNELS.writeFailed>(
  channel: C,
  payload: unknown,
): void {
  const result = checkEvent(channel, payload);
  if (!result.ok) refusedEvents.push(result.message);
}

function makeRig(options: { runsRoot?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-runs-'));
  const csv = join(dir, 'reviews.csv');
  writeFileSync(csv, tinyClassifyCsv());
  const events: RunEvent[] = [];
  const failures: WriteFailure[] = [];
  let n = 0;
  const registry = new RunRegistry({
    files: new RunFiles(options.runsRoot ?? join(dir, 'userData', 'runs')),
    isDatasetTrusted: () => true,
    onWriteFailed: (failure) => {
      checked(EVENT_CHANNELS.writeFailed, failure);
      failures.push(failure);
    },
    notify: (e) => {
      checked(EVENT_CHANNELS.runEvent, e);
      events.push(e);
    },
    log: () => {},
    newRunId: () => `run-${++n}`,
  });
  const host = new TrainerHost<MessagePort>({ createProcess: forkNodeTrainer, log: () => {} });
  const supervisor = new TrainerSupervisor<MessagePort>({
    host,
    createChannel: () => new MessageChannel(),
    restartPolicy: { maxRestarts: 3, windowMs: 60_000 },
  });
  supervisor.attachMain({
    deliverPort: (port) => registry.attachPort(adapt(port)),
    trainerCrashed: (info, options) => void registry.trainerCrashed(info, options),
  });
  supervisor.start();
  supervisors.push(supervisor);
  const dataset = { path: csv, fileName: 'reviews.csv' };
  return { dir, csv, dataset, events, failures, registry, host };
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('RunRegistry with a trainer child process', () => {
  it('runs one run at a time: the second waits in the queue with the rule, then both finish in order', async () => {
    const rig = makeRig();
    const first = rig.registry.startRun({ spec: tinyClassifySpec(2), dataset: rig.dataset });
    const second = rig.registry.startRun({ spec: tinyClassifySpec(2), dataset: rig.dataset });
    expect(rig.events).toContainEqual({
      type: 'run-updated',
      run: expect.objectContaining({ runId: second.runId, state: 'queued' }),
      queuePosition: 0,
      note: QUEUE_NOTE,
    });
    await until(
      () => rig.registry.list().every((r) => r.state === 'finished'),
      'both runs to finish',
    );
    await rig.registry.idle();
    const started = rig.events
      .filter((e) => e.type === 'run-updated' && e.run.state === 'running')
      .map((e) => (e.type === 'run-updated' ? e.run.runId : ''));
    expect([...new Set(started)]).toEqual([first.runId, second.runId]);
    // The second run was never running while the first was.
    const firstEnd = rig.events.findIndex(
      (e) => e.type === 'run-updated' && e.run.runId === first.runId && e.run.state === 'finished',
    );
    const secondStart = rig.events.findIndex(
      (e) =>
        e.type === 'run-updated' && e.run.runId === second.runId && e.run.state === 'preparing',
    );
    expect(secondStart).toBeGreaterThan(firstEnd);
    const record = rig.registry.get(first.runId);
    expect(record.history.map((h) => h.epoch)).toEqual([0, 1]);
    expect(record.metrics).toHaveProperty('accuracy');
    expect(record.finishReason).toBe('completed');
    const last = join(rig.dir, 'userData', 'runs', first.runId, 'last.ckpt');
    expect(record.checkpoints).toEqual({
      last,
      best: join(rig.dir, 'userData', 'runs', first.runId, 'best.ckpt'),
    });
    expect(decodeCheckpoint(new Uint8Array(readFileSync(last))).epoch).toBe(2);
  });

  it('starts a run from word vectors named by path: the trainer reads them and the run keeps them frozen', async () => {
    const rig = makeRig();
    const vec = join(rig.dir, 'tiny.vec');
    writeFileSync(vec, '2 8\ngood 1 2 3 4 5 6 7 8\nbad -1 -2 -3 -4 -5 -6 -7 -8\n');
    const spec = tinyClassifySpec(1);
    spec.model.wordVectors = { file: 'tiny.vec', freeze: true };
    const run = rig.registry.startRun({
      spec,
      dataset: rig.dataset,
      wordVectors: { path: vec, fileName: 'tiny.vec' },
    });
    expect(run.wordVectors).toEqual({ path: vec, fileName: 'tiny.vec' });
    await until(() => rig.registry.get(run.runId).state === 'finished', 'the run to finish');
    await rig.registry.idle();
    const record = rig.registry.get(run.runId);
    expect(record.error).toBeNull();
    const last = decodeCheckpoint(new Uint8Array(readFileSync(record.checkpoints.last ?? '')));
    const emb = last.weights.get('embedding.weight');
    const rows = new Set<string>();
    for (let r = 0; r < (emb?.shape[0] ?? 0); r++) {
      rows.add(Array.from(emb?.data.subarray(r * 8, r * 8 + 8) ?? []).join(','));
    }
    expect(rows.has('1,2,3,4,5,6,7,8')).toBe(true);
    expect(rows.has('-1,-2,-3,-4,-5,-6,-7,-8')).toBe(true);
  });

  it('marks a run failed when the trainer is killed mid-run, offers its checkpoint, and resumes it on the new trainer', async () => {
    const rig = makeRig();
    const run = rig.registry.startRun({ spec: tinyClassifySpec(12), dataset: rig.dataset });
    await until(() => rig.registry.get(run.runId).checkpoints.last !== null, 'a checkpoint');
    const pid = rig.host.pid!;
    process.kill(pid, 'SIGKILL');
    await until(() => rig.events.some((e) => e.type === 'run-interrupted'), 'the interruption');
    expect(rig.events.find((e) => e.type === 'run-interrupted')).toEqual({
      type: 'run-interrupted',
      runId: run.runId,
      reason: 'killed by SIGKILL',
      hasCheckpoint: true,
    });
    expect(rig.registry.get(run.runId)).toMatchObject({
      state: 'failed',
      error: {
        name: 'TrainerCrashError',
        message:
          'The trainer stopped unexpectedly (killed by SIGKILL) while this run was training.',
      },
    });
    const epochsBefore = rig.registry.get(run.runId).history.length;
    expect(epochsBefore).toBeGreaterThan(0);

    await rig.registry.resumeRun(run.runId);
    await until(
      () => rig.registry.get(run.runId).state === 'finished',
      'the resumed run to finish',
    );
    expect(rig.host.pid).not.toBe(pid);
    const epochs = rig.registry.get(run.runId).history.map((h) => h.epoch);
    // The resumed run continued after the checkpoint rather than starting again at epoch 0.
    expect(epochs.filter((e) => e === 0)).toHaveLength(1);
    expect(epochs.at(-1)).toBe(11);
  });

  it('refuses to resume a run without a checkpoint, verbatim', async () => {
    const rig = makeRig();
    const run = rig.registry.startRun({
      spec: tinyClassifySpec(1),
      dataset: { path: join(rig.dir, 'missing.csv'), fileName: 'missing.csv' },
    });
    await until(() => rig.registry.get(run.runId).state === 'failed', 'the run to fail');
    expect(rig.registry.get(run.runId).error).toMatchObject({ name: 'DatasetError' });
    await expect(rig.registry.resumeRun(run.runId)).rejects.toThrow(
      `Runs: run '${run.runId}' has no checkpoint to resume from.`,
    );
    // The queue moved on: a later run still trains.
    const next = rig.registry.startRun({ spec: tinyClassifySpec(1), dataset: rig.dataset });
    await until(() => rig.registry.get(next.runId).state === 'finished', 'the next run');
    await rig.registry.idle();
    expect(existsSync(join(rig.dir, 'userData', 'runs', next.runId, 'last.ckpt'))).toBe(true);
  });

  it('cancels a queued run and refuses to cancel one that is not queued', async () => {
    const rig = makeRig();
    const first = rig.registry.startRun({ spec: tinyClassifySpec(3), dataset: rig.dataset });
    const second = rig.registry.startRun({ spec: tinyClassifySpec(1), dataset: rig.dataset });
    expect(rig.registry.cancelQueued(second.runId)).toMatchObject({
      state: 'failed',
      error: { name: 'RunCancelled', message: 'Runs: the run was cancelled before it started.' },
    });
    expect(() => rig.registry.cancelQueued(first.runId)).toThrow(
      `Runs: run '${first.runId}' must be queued to be cancelled, got queued.`,
    );
    await until(() => rig.registry.get(first.runId).state === 'finished', 'the first run');
    expect(rig.registry.get(second.runId).history).toEqual([]);
  });

  it.skipIf(readOnlyFolder() === null)(
    'marks a run whose checkpoints could not be written, tells the windows, and refuses to resume it',
    async () => {
      const root = join(readOnlyFolder() as string, 'runs');
      const rig = makeRig({ runsRoot: root });
      const run = rig.registry.startRun({ spec: tinyClassifySpec(1), dataset: rig.dataset });
      await until(() => rig.registry.get(run.runId).state === 'finished', 'the run to finish');
      await rig.registry.idle();
      const record = rig.registry.get(run.runId);
      expect(record.checkpoints).toEqual({ last: null, best: null });
      expect(record.checkpointError).toMatchObject({
        message: expect.stringMatching(/EACCES|EPERM/),
      });
      // Each failed write reached the windows, naming the run's own checkpoint file.
      expect(rig.failures.length).toBeGreaterThan(0);
      for (const failure of rig.failures) {
        expect(failure).toEqual({
          kind: 'checkpoint',
          path: expect.stringMatching(/(best|last)\.ckpt$/),
          runId: run.runId,
          message: expect.stringMatching(/EACCES|EPERM/),
        });
      }
      expect(rig.failures.map((f) => f.path)).toContain(join(root, run.runId, 'last.ckpt'));
      expect(
        rig.events.some(
          (e) => e.type === 'run-updated' && e.run.checkpointError?.message !== undefined,
        ),
      ).toBe(true);
      await expect(rig.registry.resumeRun(run.runId)).rejects.toThrow(
        `Runs: run '${run.runId}' has no checkpoint to resume from.`,
      );
    },
  );
});
