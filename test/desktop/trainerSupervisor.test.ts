/** Tests main's trainer wiring with a real Node child process and real MessagePorts (no Electron). */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { CORE_VERSION } from '../../core/version.ts';
import type { StudioApi, StudioEvent } from '../../electron/common/ipc/api.ts';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../electron/common/ipc/channels.ts';
import { TrainerHost } from '../../electron/main/trainerHost.ts';
import { type RendererLink, TrainerSupervisor } from '../../electron/main/trainerSupervisor.ts';
import { createStudioApi, type PreloadPort } from '../../electron/preload/studioApi.ts';
import { forkNodeTrainer } from '../support/nodeTrainerProcess.ts';

const adapt = (port: MessagePort): PreloadPort => ({
  postMessage: (m) => port.postMessage(m),
  onMessage: (l) => void port.on('message', l),
  close: () => port.close(),
});

interface Rig {
  host: TrainerHost<MessagePort>;
  supervisor: TrainerSupervisor<MessagePort>;
  api: StudioApi;
  events: StudioEvent[];
  logs: string[];
  /** Every message that reached main on the trainer's parent channel. */
  seenByMain: unknown[];
}

const rigs: Rig[] = [];

/** Main (host + supervisor) and one window whose preload logic is the real createStudioApi. */
function makeRig(policy = { maxRestarts: 3, windowMs: 60_000 }): Rig {
  const logs: string[] = [];
  const seenByMain: unknown[] = [];
  const host = new TrainerHost<MessagePort>({
    createProcess: () => {
      const child = forkNodeTrainer();
      child.onMessage((m) => seenByMain.push(m));
      return child;
    },
    log: (line) => logs.push(line),
  });
  const supervisor = new TrainerSupervisor<MessagePort>({
    host,
    createChannel: () => new MessageChannel(),
    restartPolicy: policy,
  });
  supervisor.start();
  const listeners = new Map<string, (data: unknown, ports: readonly PreloadPort[]) => void>();
  const link: RendererLink<MessagePort> = {
    id: 1,
    deliverPort: (port) => listeners.get(EVENT_CHANNELS.trainerPort)?.(null, [adapt(port)]),
    notify: (event) => listeners.get(EVENT_CHANNELS.shellEvent)?.(event, []),
  };
  const api = createStudioApi({
    ipc: {
      invoke: async (channel) => {
        expect(channel).toBe(INVOKE_CHANNELS.connectTrainer);
        supervisor.connect(link);
        return { ok: true, value: null };
      },
      on: (channel, listener) => {
        listeners.set(channel, listener);
        return () => listeners.delete(channel);
      },
    },
    getPathForFile: () => '',
  });
  const events: StudioEvent[] = [];
  api.onEvent((e) => events.push(e));
  const rig = { host, supervisor, api, events, logs, seenByMain };
  rigs.push(rig);
  return rig;
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.supervisor.stop({ graceMs: 2000 });
});

describe('TrainerSupervisor with a Node child process', () => {
  it('routes hello between the window port and the trainer without passing through main', async () => {
    const rig = makeRig();
    await expect(rig.api.hello()).resolves.toEqual({
      coreVersion: CORE_VERSION,
      host: 'node-worker',
    });
    // Main's parent channel saw only the trainer's status, never the request or its reply.
    expect(rig.seenByMain).toEqual([{ type: 'ready', pid: rig.host.pid }]);
  });

  it('detects a trainer killed mid-run, restarts it, and tells the UI', async () => {
    const rig = makeRig();
    await rig.api.hello();
    const firstPid = rig.host.pid!;
    process.kill(firstPid, 'SIGKILL');
    await until(() => rig.events.length > 0, 'the crash event');
    expect(rig.events).toEqual([
      {
        type: 'error',
        id: null,
        name: 'TrainerCrashError',
        message:
          'The trainer stopped unexpectedly (killed by SIGKILL) and was restarted; unfinished requests were cancelled.',
      },
    ]);
    expect(rig.logs).toContain(`[trainer pid=${firstPid}] crashed (killed by SIGKILL)`);
    // The window got a new port to the new process: requests work again.
    await expect(rig.api.hello()).resolves.toMatchObject({ host: 'node-worker' });
    expect(rig.host.pid).not.toBe(firstPid);
    expect(rig.host.running).toBe(true);
  });

  it('gives up after more crashes than the policy allows and says so', async () => {
    const rig = makeRig({ maxRestarts: 1, windowMs: 60_000 });
    await rig.api.hello();
    process.kill(rig.host.pid!, 'SIGKILL');
    await until(() => rig.events.length === 1, 'the first crash event');
    await rig.api.hello();
    process.kill(rig.host.pid!, 'SIGKILL');
    await until(() => rig.events.length === 2, 'the second crash event');
    expect(rig.events[1]).toMatchObject({
      name: 'TrainerCrashError',
      message:
        'The trainer stopped unexpectedly (killed by SIGKILL) 2 times within 60 s and was not restarted.',
    });
    expect(rig.host.running).toBe(false);
    expect(() =>
      rig.supervisor.connect({ id: 2, deliverPort: () => {}, notify: () => {} }),
    ).toThrow('Trainer: the trainer is not running; restart RNN Studio to train again.');
  });
});
