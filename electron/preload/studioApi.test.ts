/** Tests the preload's API object over recorded IPC and real MessagePorts. */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createTrainerEndpoint } from '../../core/protocol/trainerEndpoint.ts';
import type { StudioEvent } from './api.ts';
import {
  assertEventChannel,
  assertInvokeChannel,
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  MAX_IPC_BYTES,
} from './channels.ts';
import { createStudioApi, type PreloadIpc, type PreloadPort } from './studioApi.ts';

function makeIpc(
  reply: (channel: string, payload: object) => unknown = () => ({ ok: true, value: null }),
) {
  const invoked: [string, object][] = [];
  const listeners = new Map<string, (data: unknown, ports: readonly PreloadPort[]) => void>();
  const ipc: PreloadIpc = {
    invoke: async (channel, payload) => {
      invoked.push([channel, payload]);
      return reply(channel, payload);
    },
    on: (channel, listener) => {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    },
  };
  const emit = (channel: string, data: unknown, ports: PreloadPort[] = []) =>
    listeners.get(channel)?.(data, ports);
  return { ipc, invoked, emit };
}

describe('channels', () => {
  it('refuses channels without the studio: prefix or not in the list', () => {
    expect(() => assertInvokeChannel('open-external')).toThrow(
      "IPC: channel must be a known 'studio:' channel, got 'open-external'.",
    );
    expect(() => assertEventChannel('studio:anything')).toThrow(
      "IPC: channel must be a known 'studio:' channel, got 'studio:anything'.",
    );
  });
});

describe('createStudioApi', () => {
  it('asks main for a trainer port and queues hello until the port arrives', async () => {
    const { ipc, invoked, emit } = makeIpc();
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    expect(api.shell).toBe('electron');
    expect(invoked).toEqual([[INVOKE_CHANNELS.connectTrainer, {}]]);
    const hello = api.hello();
    const { port1, port2 } = new MessageChannel();
    const endpoint = createTrainerEndpoint({
      host: 'electron-utility',
      post: (m) => port2.postMessage(m),
    });
    port2.on('message', (m) => void endpoint(m));
    emit(EVENT_CHANNELS.trainerPort, null, [
      {
        postMessage: (m) => port1.postMessage(m),
        onMessage: (l) => void port1.on('message', l),
        close: () => port1.close(),
      },
    ]);
    await expect(hello).resolves.toMatchObject({ host: 'electron-utility' });
    port1.close();
  });

  it("rejects with main's error name and message", async () => {
    const { ipc } = makeIpc((channel) =>
      channel === INVOKE_CHANNELS.fileInfo
        ? {
            ok: false,
            error: {
              name: 'FileAccessError',
              message: "File access: '/etc/passwd' is not a file you opened or dropped.",
            },
          }
        : { ok: true, value: null },
    );
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    const failure = await api.desktop!.fileInfo('/etc/passwd').catch((e: Error) => e);
    expect(failure).toMatchObject({
      name: 'FileAccessError',
      message: "File access: '/etc/passwd' is not a file you opened or dropped.",
    });
  });

  it('refuses a dropped file that is not on disk without asking main', async () => {
    const { ipc, invoked } = makeIpc();
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    await expect(api.desktop!.addDroppedFile(new File(['x'], 'pasted.csv'))).rejects.toThrow(
      "Drop: the file must be on disk, got 'pasted.csv'.",
    );
    expect(invoked.map(([c]) => c)).toEqual([INVOKE_CHANNELS.connectTrainer]);
  });

  it('sends the path of a dropped file, resolved in the preload', async () => {
    const { ipc, invoked } = makeIpc((channel, payload) =>
      channel === INVOKE_CHANNELS.grantDroppedFile
        ? { ok: true, value: { path: (payload as { path: string }).path, name: 'a.csv', size: 1 } }
        : { ok: true, value: null },
    );
    const api = createStudioApi({ ipc, getPathForFile: () => '/home/ana/a.csv' });
    await expect(api.desktop!.addDroppedFile(new File(['x'], 'a.csv'))).resolves.toEqual({
      path: '/home/ana/a.csv',
      name: 'a.csv',
      size: 1,
    });
    expect(invoked[1]).toEqual([INVOKE_CHANNELS.grantDroppedFile, { path: '/home/ana/a.csv' }]);
  });

  it('passes shell events to subscribers and turns a malformed one into an error event', () => {
    const { ipc, emit } = makeIpc();
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    const events: StudioEvent[] = [];
    const off = api.onEvent((e) => events.push(e));
    emit(EVENT_CHANNELS.shellEvent, { type: 'log', level: 'info', message: 'hi' });
    emit(EVENT_CHANNELS.shellEvent, { type: 'log', level: 'loud', message: 'hi' });
    off();
    emit(EVENT_CHANNELS.shellEvent, { type: 'log', level: 'info', message: 'after' });
    expect(events[0]).toEqual({ type: 'log', level: 'info', message: 'hi' });
    expect(events[1]).toMatchObject({ type: 'error', name: 'ShellError' });
    expect(events).toHaveLength(2);
  });

  it('sends project and run requests on their channels and passes run events to subscribers', async () => {
    const { ipc, invoked, emit } = makeIpc();
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    await api.desktop!.resumeRun('run-1');
    await api.desktop!.exportModel('run-1', 'best');
    await api.desktop!.locateDataset('d-1', { acceptChanged: true });
    expect(invoked.slice(1)).toEqual([
      [INVOKE_CHANNELS.runResume, { runId: 'run-1' }],
      [INVOKE_CHANNELS.exportBundle, { runId: 'run-1', which: 'best' }],
      [INVOKE_CHANNELS.projectLocateDataset, { datasetId: 'd-1', acceptChanged: true }],
    ]);
    const runEvents: unknown[] = [];
    const shell: StudioEvent[] = [];
    api.desktop!.onRunEvent((e) => runEvents.push(e));
    api.onEvent((e) => shell.push(e));
    const interrupted = {
      type: 'run-interrupted',
      runId: 'run-1',
      reason: 'killed by SIGKILL',
      hasCheckpoint: true,
    };
    emit(EVENT_CHANNELS.runEvent, interrupted);
    emit(EVENT_CHANNELS.runEvent, { type: 'nonsense' });
    expect(runEvents).toEqual([interrupted]);
    expect(shell).toEqual([
      {
        type: 'error',
        id: null,
        name: 'ShellError',
        message: 'Preload: a run event must be run-updated or run-interrupted.',
      },
    ]);
  });

  it('refuses to send more bytes than one IPC message may carry, before sending anything', async () => {
    const { ipc, invoked } = makeIpc();
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    await expect(
      api.desktop?.saveDataset('huge.csv', new Uint8Array(MAX_IPC_BYTES + 1)),
    ).rejects.toThrow(
      "Save dataset: 'huge.csv' must be at most 64.0 MiB to pass through the app, got 64.0 MiB. Open large files from disk (File › Open Dataset… or drop the file) so the trainer streams them.",
    );
    expect(invoked.map(([c]) => c)).toEqual([INVOKE_CHANNELS.connectTrainer]);
  });

  it('passes gallery download progress from main to subscribers until they unsubscribe', () => {
    const { ipc, emit } = makeIpc();
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    const seen: number[] = [];
    const off = api.desktop?.onDownloadProgress((p) => seen.push(p.bytesReceived));
    const progress = {
      entryId: 'seattle-weather',
      file: 'seattle-weather.csv',
      fileIndex: 0,
      fileCount: 1,
      bytesReceived: 100,
      bytesTotal: 200,
      fromCache: false,
    };
    emit(EVENT_CHANNELS.downloadProgress, progress);
    off?.();
    emit(EVENT_CHANNELS.downloadProgress, { ...progress, bytesReceived: 200 });
    expect(seen).toEqual([100]);
  });

  it('passes File menu commands to subscribers and reports a malformed one as an error event', () => {
    const { ipc, emit } = makeIpc();
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    const commands: unknown[] = [];
    const events: StudioEvent[] = [];
    api.onEvent((e) => events.push(e));
    const off = api.desktop?.onMenuCommand((c) => commands.push(c));
    emit(EVENT_CHANNELS.menuCommand, { command: 'new-project' });
    emit(EVENT_CHANNELS.menuCommand, { command: 'open-recent-project', path: '/p/Churn.rnnproj' });
    emit(EVENT_CHANNELS.menuCommand, { command: 'format-disk' });
    off?.();
    emit(EVENT_CHANNELS.menuCommand, { command: 'open-project' });
    expect(commands).toEqual([
      { command: 'new-project' },
      { command: 'open-recent-project', path: '/p/Churn.rnnproj' },
    ]);
    expect(events).toEqual([
      {
        type: 'error',
        id: null,
        name: 'ShellError',
        message: 'Preload: a menu command must be one of the File menu commands.',
      },
    ]);
  });

  it('passes project changes made by main to subscribers and refuses one without a view', () => {
    const { ipc, emit } = makeIpc();
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    const names: string[] = [];
    const events: StudioEvent[] = [];
    api.onEvent((e) => events.push(e));
    api.desktop?.onProjectChanged((v) => names.push(v.project.name));
    emit(EVENT_CHANNELS.projectChanged, {
      project: { name: 'Churn' },
      path: '/p/Churn.rnnproj',
      dirty: false,
      datasets: {},
    });
    emit(EVENT_CHANNELS.projectChanged, { path: '/p/x.rnnproj' });
    expect(names).toEqual(['Churn']);
    expect(events).toEqual([
      {
        type: 'error',
        id: null,
        name: 'ShellError',
        message: 'Preload: a project change must carry the project view.',
      },
    ]);
  });
});
