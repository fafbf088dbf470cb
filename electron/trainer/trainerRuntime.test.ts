/** Tests the trainer runtime's control handling with real MessagePorts and an in-memory parent channel. */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { TrainerStatus } from './control.ts';
import { type ParentChannel, type RuntimePort, runTrainer } from './trainerRuntime.ts';

function makeParent() {
  const sent: TrainerStatus[] = [];
  const exits: number[] = [];
  let deliver: (data: unknown, ports: readonly RuntimePort[]) => void = () => {
    throw new Error('runTrainer did not subscribe');
  };
  const parent: ParentChannel = {
    onMessage: (listener) => {
      deliver = listener;
    },
    postMessage: (m) => sent.push(m),
    exit: (code) => exits.push(code),
  };
  return { parent, sent, exits, deliver: (d: unknown, p: RuntimePort[] = []) => deliver(d, p) };
}

const adapt = (port: import('node:worker_threads').MessagePort): RuntimePort => ({
  postMessage: (m) => port.postMessage(m),
  onMessage: (l) => void port.on('message', l),
  onClose: (l) => void port.on('close', l),
  start: () => port.start(),
});

describe('runTrainer', () => {
  it('announces itself ready with its pid', () => {
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'node-worker', pid: 42 });
    expect(p.sent).toEqual([{ type: 'ready', pid: 42 }]);
  });

  it('answers requests on a connected port', async () => {
    const p = makeParent();
    const runtime = runTrainer({ parent: p.parent, host: 'electron-utility', pid: 1 });
    const { port1, port2 } = new MessageChannel();
    p.deliver({ type: 'connect-port' }, [adapt(port1)]);
    expect(runtime.openPorts()).toBe(1);
    const reply = new Promise((resolve) => port2.once('message', resolve));
    port2.postMessage({ type: 'hello', id: 7 });
    await expect(reply).resolves.toMatchObject({
      type: 'reply',
      id: 7,
      result: { host: 'electron-utility' },
    });
    port2.close();
    port1.close();
  });

  it('refuses a connect-port message without exactly one port', () => {
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'node-worker', pid: 1 });
    p.deliver({ type: 'connect-port' });
    expect(p.sent[1]).toEqual({
      type: 'control-error',
      message: "Trainer: 'connect-port' must carry 1 port, got 0.",
    });
  });

  it('refuses a malformed control message, naming the problem', () => {
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'node-worker', pid: 1 });
    p.deliver({ type: 'shutdown', now: true });
    expect(p.sent[1]).toEqual({
      type: 'control-error',
      message: `Trainer: control message is malformed: (message): Unrecognized key: "now".`,
    });
    expect(p.exits).toEqual([]);
  });

  it('exits with code 0 on shutdown', () => {
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'node-worker', pid: 1 });
    p.deliver({ type: 'shutdown' });
    expect(p.exits).toEqual([0]);
  });
});
