/** Tests the trainer host's lifecycle rules against real child processes. */
import { spawn } from 'node:child_process';
import type { MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { forkNodeTrainer } from '../../test/support/nodeTrainerProcess.ts';
import { TrainerHost } from './trainerHost.ts';
import type { TrainerProcess } from './trainerProcess.ts';

/** A real process that never answers: it ignores `shutdown`, so only kill() ends it. */
function forkDeafProcess(): TrainerProcess<MessagePort> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return {
    get pid() {
      return child.pid;
    },
    postMessage: () => {},
    onMessage: () => {},
    onOutput: () => {},
    onExit: (listener) =>
      void child.once('exit', (code, signal) =>
        listener({ code, reason: signal !== null ? `killed by ${signal}` : `exit code ${code}` }),
      ),
    kill: () => child.kill('SIGKILL'),
  };
}

const hosts: TrainerHost<MessagePort>[] = [];
function makeHost(createProcess = forkNodeTrainer) {
  const logs: string[] = [];
  const host = new TrainerHost<MessagePort>({ createProcess, log: (l) => logs.push(l) });
  hosts.push(host);
  return { host, logs };
}

function ready(host: TrainerHost<MessagePort>): Promise<void> {
  return new Promise((resolve) => {
    const off = host.onReady(() => {
      off();
      resolve();
    });
  });
}

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop({ graceMs: 1000 });
});

describe('TrainerHost', () => {
  it('refuses a second start while the trainer runs', async () => {
    const { host } = makeHost();
    host.start();
    await ready(host);
    expect(() => host.start()).toThrow(
      `TrainerHost: start() must not be called while the trainer runs, got a second call (pid ${host.pid}).`,
    );
  });

  it('stops politely: the trainer exits with code 0 and no crash is reported', async () => {
    const { host, logs } = makeHost();
    const crashes: unknown[] = [];
    const exits: unknown[] = [];
    host.onCrash((info) => crashes.push(info));
    host.onExit((info) => exits.push(info));
    host.start();
    await ready(host);
    const pid = host.pid;
    await host.stop({ graceMs: 5000 });
    expect(exits).toEqual([{ code: 0, reason: 'exit code 0' }]);
    expect(crashes).toEqual([]);
    expect(logs).toEqual([
      `[trainer pid=${pid}] started`,
      `[trainer pid=${pid}] ready`,
      `[trainer pid=${pid}] stopping`,
      `[trainer pid=${pid}] exited (exit code 0)`,
    ]);
  });

  it('kills a trainer that does not exit within the grace period', async () => {
    const { host, logs } = makeHost(forkDeafProcess);
    host.start();
    const pid = host.pid;
    await host.stop({ graceMs: 300 });
    expect(host.running).toBe(false);
    expect(logs).toContain(`[trainer pid=${pid}] did not exit within 300 ms; killing it`);
    expect(logs).toContain(`[trainer pid=${pid}] exited (killed by SIGKILL)`);
  });

  it('treats postMessage as a no-op once the trainer is gone', async () => {
    const { host } = makeHost();
    host.start();
    await ready(host);
    await host.stop({ graceMs: 5000 });
    expect(host.postMessage({ type: 'shutdown' })).toBe(false);
  });

  it('reports an unrequested exit as a crash with its reason', async () => {
    const { host } = makeHost();
    const crashes: unknown[] = [];
    host.onCrash((info) => crashes.push(info));
    host.start();
    await ready(host);
    process.kill(host.pid!, 'SIGKILL');
    expect(await host.waitForExit(10_000)).toBe(true);
    expect(crashes).toEqual([{ code: null, reason: 'killed by SIGKILL' }]);
  });
});
