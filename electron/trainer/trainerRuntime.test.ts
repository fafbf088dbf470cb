/** Tests the trainer runtime's control handling with real MessagePorts and an in-memory parent channel. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { TrainerStatus } from '../../core/protocol/control.ts';
import { tinyClassifyCsv, tinyClassifySpec } from '../../test/support/tinyClassify.ts';
import { openFileHandle, readFileStreamed as readFile } from './fileSource.ts';
import {
  type ParentChannel,
  type RuntimePort,
  runTrainer,
  WINDOW_START_REFUSAL,
} from './trainerRuntime.ts';

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

const adapt = (port: MessagePort): RuntimePort => ({
  postMessage: (m) => port.postMessage(m),
  onMessage: (l) => void port.on('message', l),
  onClose: (l) => void port.on('close', l),
  start: () => port.start(),
});

describe('runTrainer', () => {
  it('announces itself ready with its pid', () => {
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'node-worker', pid: 42, readFile });
    expect(p.sent).toEqual([{ type: 'ready', pid: 42 }]);
  });

  it('answers requests on a connected port, hello naming the kernels it computes on', async () => {
    const p = makeParent();
    const runtime = runTrainer({
      parent: p.parent,
      host: 'electron-utility',
      pid: 1,
      readFile,
      kernels: () => ({ backend: 'wasm', threads: 2 }),
    });
    const { port1, port2 } = new MessageChannel();
    p.deliver({ type: 'connect-port' }, [adapt(port1)]);
    expect(runtime.openPorts()).toBe(1);
    const reply = new Promise((resolve) => port2.once('message', resolve));
    port2.postMessage({ type: 'hello', id: 7 });
    await expect(reply).resolves.toMatchObject({
      type: 'reply',
      id: 7,
      result: { host: 'electron-utility', kernels: { backend: 'wasm', threads: 2 } },
    });
    port2.close();
    port1.close();
  });

  it('refuses a connect-port message without exactly one port', () => {
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'node-worker', pid: 1, readFile });
    p.deliver({ type: 'connect-port' });
    expect(p.sent[1]).toEqual({
      type: 'control-error',
      message: "Trainer: 'connect-port' must carry 1 port, got 0.",
    });
  });

  it('refuses a malformed control message, naming the problem', () => {
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'node-worker', pid: 1, readFile });
    p.deliver({ type: 'shutdown', now: true });
    expect(p.sent[1]).toEqual({
      type: 'control-error',
      message: `Trainer: control message is malformed: (message): Unrecognized key: "now".`,
    });
    expect(p.exits).toEqual([]);
  });

  it('exits with code 0 on shutdown', () => {
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'node-worker', pid: 1, readFile });
    p.deliver({ type: 'shutdown' });
    expect(p.exits).toEqual([0]);
  });

  it("refuses 'start-training' on a window's port: runs start through main's queue", async () => {
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'electron-utility', pid: 1, readFile });
    const { port1, port2 } = new MessageChannel();
    p.deliver({ type: 'connect-port' }, [adapt(port1)]);
    const reply = new Promise((resolve) => port2.once('message', resolve));
    port2.postMessage({ type: 'start-training', id: 3, runId: 'w', spec: {}, data: {} });
    await expect(reply).resolves.toEqual({
      type: 'error',
      id: 3,
      name: 'ConfigError',
      message: WINDOW_START_REFUSAL,
    });
    port2.close();
  });

  it("starts a run from a file path on main's port (opened as a handle core reads); checkpoints reach main only, progress windows only", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-runtime-'));
    const csv = join(dir, 'reviews.csv');
    writeFileSync(csv, tinyClassifyCsv());
    const p = makeParent();
    runTrainer({
      parent: p.parent,
      host: 'electron-utility',
      pid: 1,
      readFile,
      openFile: openFileHandle,
    });
    const main = new MessageChannel();
    const window = new MessageChannel();
    p.deliver({ type: 'connect-port', role: 'main' }, [adapt(main.port1)]);
    p.deliver({ type: 'connect-port' }, [adapt(window.port1)]);
    const toMain: { type: string }[] = [];
    const toWindow: { type: string }[] = [];
    main.port2.on('message', (m) => toMain.push(m));
    window.port2.on('message', (m) => toWindow.push(m));
    const runId = 'runtime-file-start';
    main.port2.postMessage({
      type: 'start-training',
      id: 1,
      runId,
      spec: tinyClassifySpec(2),
      data: { fileName: 'reviews.csv', path: csv },
    });
    const start = Date.now();
    while (!toMain.some((m) => m.type === 'training-finished') && Date.now() - start < 20_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(toMain[0]).toMatchObject({ type: 'training-state', runId, state: 'preparing' });
    expect(toMain.find((m) => m.type === 'reply')).toMatchObject({ id: 1, result: { runId } });
    expect(toMain.filter((m) => m.type === 'checkpoint').length).toBeGreaterThanOrEqual(2);
    expect(toMain.some((m) => m.type === 'training-progress')).toBe(false);
    expect(toWindow.some((m) => m.type === 'training-progress')).toBe(true);
    expect(toWindow.some((m) => m.type === 'checkpoint')).toBe(false);
    main.port2.close();
    window.port2.close();
  });

  it('reads the language model that main names by path and hands core its bytes (initFrom)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-runtime-lm-'));
    const csv = join(dir, 'reviews.csv');
    writeFileSync(csv, tinyClassifyCsv());
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'electron-utility', pid: 1, readFile });
    const main = new MessageChannel();
    p.deliver({ type: 'connect-port', role: 'main' }, [adapt(main.port1)]);
    const got: { type: string; id?: number; message?: string }[] = [];
    main.port2.on('message', (m) => got.push(m));
    // A language model that is not one: core read the bytes from the path and refused them.
    const lm = join(dir, 'lm.rnnmodel');
    writeFileSync(lm, 'not a zip');
    const spec = tinyClassifySpec(1);
    spec.train.initFrom = 'lm.rnnmodel';
    main.port2.postMessage({
      type: 'start-training',
      id: 4,
      runId: 'runtime-lm',
      spec,
      data: { fileName: 'reviews.csv', path: csv },
      initFrom: { fileName: 'lm.rnnmodel', path: lm },
    });
    const start = Date.now();
    while (!got.some((m) => m.type === 'error') && Date.now() - start < 20_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const error = got.find((m) => m.type === 'error');
    expect(error?.id).toBe(4);
    expect(error?.message).toMatch(/^lm\.rnnmodel: /);
    main.port2.close();
  });

  it("reports an unreadable data path on main's port as a DatasetError for that request", async () => {
    const p = makeParent();
    runTrainer({ parent: p.parent, host: 'electron-utility', pid: 1, readFile });
    const { port1, port2 } = new MessageChannel();
    p.deliver({ type: 'connect-port', role: 'main' }, [adapt(port1)]);
    const reply = new Promise((resolve) => port2.once('message', resolve));
    const path = join(tmpdir(), 'rnn-no-such-dir', 'gone.csv');
    port2.postMessage({
      type: 'start-training',
      id: 9,
      runId: 'runtime-missing',
      spec: tinyClassifySpec(1),
      data: { fileName: 'gone.csv', path },
    });
    await expect(reply).resolves.toMatchObject({
      type: 'error',
      id: 9,
      name: 'DatasetError',
      message: `Trainer: cannot read the files of run 'runtime-missing': ENOENT: no such file or directory, stat '${path}'`,
    });
    port2.close();
  });
});
