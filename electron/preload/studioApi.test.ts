/** Tests the preload's API object over recorded IPC and real MessagePorts. */
import { createHash } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createTrainerEndpoint } from '../../core/train/trainerEndpoint.ts';
import { grantedFileMain } from '../../test/support/grantedFileMain.ts';
import type { ReadProgress, StudioEvent } from '../common/ipc/api.ts';
import {
  assertEventChannel,
  assertInvokeChannel,
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  MAX_IPC_BYTES,
  MAX_IPC_SLICE_BYTES,
} from '../common/ipc/channels.ts';
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

  it("passes main's total memory through and refuses an answer that is not a byte count", async () => {
    let answer: unknown = { totalBytes: 32 * 1024 ** 3 };
    const { ipc, invoked } = makeIpc((channel) =>
      channel === INVOKE_CHANNELS.systemMemory
        ? { ok: true, value: answer }
        : { ok: true, value: null },
    );
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    await expect(api.desktop!.systemMemoryBytes()).resolves.toBe(32 * 1024 ** 3);
    expect(invoked).toContainEqual([INVOKE_CHANNELS.systemMemory, {}]);
    answer = { totalBytes: '32 GiB' };
    const failure = await api.desktop!.systemMemoryBytes().catch((e: Error) => e);
    expect(failure).toMatchObject({ name: 'ProtocolError' });
    expect((failure as Error).message).toMatch(
      /^Preload: 'studio:system-memory' must answer \{ totalBytes: a positive whole number \}, got totalBytes: /,
    );
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
    // NOTE: the whole event is checked, not only its type: a run without its record is refused.
    emit(EVENT_CHANNELS.runEvent, { type: 'run-updated', run: { runId: 'run-1' }, note: null });
    expect(runEvents).toEqual([interrupted]);
    expect(shell.map((e) => e.type === 'error' && e.name)).toEqual(['ShellError', 'ShellError']);
    expect(shell[0]).toMatchObject({
      message: `Preload: '${EVENT_CHANNELS.runEvent}' must carry a run event (run-updated or run-interrupted), got type: Invalid discriminator value. Expected 'run-updated' | 'run-interrupted'.`,
    });
    expect(shell[1]).toMatchObject({
      message: expect.stringMatching(
        /^Preload: 'studio:run-event' must carry a run event \(run-updated or run-interrupted\), got run\.spec: .*queuePosition: .*\.$/,
      ),
    });
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
        message: `Preload: '${EVENT_CHANNELS.menuCommand}' must carry one of the File menu commands, got command: Invalid discriminator value. Expected 'new-project' | 'open-project' | 'save-project-as' | 'open-recent-project'.`,
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
    const project = {
      app: 'rnn-studio',
      kind: 'project',
      version: 1,
      id: 'p-1',
      name: 'Churn',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      datasets: [],
      specs: [],
      runs: [],
    };
    const view = { project, path: '/p/Churn.rnnproj', dirty: false, datasets: {} };
    emit(EVENT_CHANNELS.projectChanged, view);
    emit(EVENT_CHANNELS.projectChanged, { ...view, project: { name: 'Churn' } });
    emit(EVENT_CHANNELS.projectChanged, { path: '/p/x.rnnproj' });
    expect(names).toEqual(['Churn']);
    expect(events.map((e) => e.type === 'error' && e.message)).toEqual([
      expect.stringMatching(
        /^Preload: 'studio:project-changed' must carry the project view, got project\.app: .*\.$/,
      ),
      "Preload: 'studio:project-changed' must carry the project view, got project: Invalid input: expected object, received undefined; dirty: Invalid input: expected boolean, received undefined; datasets: Invalid input: expected record, received undefined.",
    ]);
  });

  it('passes write failures from main to subscribers, has no way to open links, and refuses a malformed failure', () => {
    const { ipc, emit } = makeIpc();
    const api = createStudioApi({ ipc, getPathForFile: () => '' });
    expect(api.desktop).not.toHaveProperty('openExternal');
    const failures: unknown[] = [];
    const events: StudioEvent[] = [];
    api.onEvent((e) => events.push(e));
    api.desktop?.onWriteFailed((f) => failures.push(f));
    const failure = {
      kind: 'checkpoint',
      path: '/ud/runs/r1/last.ckpt',
      runId: 'r1',
      message: 'ENOSPC: no space left on device',
    };
    emit(EVENT_CHANNELS.writeFailed, failure);
    emit(EVENT_CHANNELS.writeFailed, { kind: 'format-disk', path: null, message: 'x' });
    expect(failures).toEqual([failure]);
    expect(events).toEqual([
      {
        type: 'error',
        id: null,
        name: 'ShellError',
        message: `Preload: '${EVENT_CHANNELS.writeFailed}' must carry a write failure (kind, path and message), got kind: Invalid option: expected one of "autosave"|"checkpoint"|"storage".`,
      },
    ]);
  });
});

/** `size` bytes that differ from megabyte to megabyte, so a misplaced slice changes the hash. */
function patternBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >>> 20)) & 0xff;
  return bytes;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('openGrantedFile (a granted file of any size back as a File)', () => {
  const PATH = '/home/ana/big.csv';

  function rig(bytes: Uint8Array) {
    const files = new Map([[PATH, bytes]]);
    const main = grantedFileMain(files);
    const { ipc, invoked } = makeIpc(
      (channel, payload) => main.reply(channel, payload) ?? { ok: true, value: null },
    );
    const desktop = createStudioApi({ ipc, getPathForFile: () => '' }).desktop!;
    return { files, main, invoked, desktop };
  }

  it('reads a file larger than one IPC message in 8 MiB slices, in order, with progress', async () => {
    const size = MAX_IPC_BYTES + 2 * 1024 * 1024 + 777;
    const bytes = patternBytes(size);
    const { main, desktop } = rig(bytes);
    await expect(desktop.readGrantedFile(PATH)).rejects.toMatchObject({ name: 'IpcSizeError' });
    const progress: ReadProgress[] = [];
    const file = await desktop.openGrantedFile(PATH, 'big.csv', {
      onProgress: (p) => progress.push(p),
    });
    expect(file.name).toBe('big.csv');
    expect(file.size).toBe(size);
    expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(sha256(bytes));
    const count = Math.ceil(size / MAX_IPC_SLICE_BYTES);
    expect(main.slices).toHaveLength(count);
    expect(Math.max(...main.slices)).toBe(MAX_IPC_SLICE_BYTES);
    expect(progress[0]).toEqual({ bytesRead: 0, bytesTotal: size });
    expect(progress.at(-1)).toEqual({ bytesRead: size, bytesTotal: size });
    expect(progress).toHaveLength(count + 1);
  });

  it('opens a small file with one ranged read and an empty file with none', async () => {
    const { files, invoked, desktop } = rig(new TextEncoder().encode('a,b\n1,2\n'));
    const file = await desktop.openGrantedFile(PATH, 'small.csv');
    expect(await file.text()).toBe('a,b\n1,2\n');
    expect(invoked.filter(([c]) => c === INVOKE_CHANNELS.readGrantedFileRange)).toEqual([
      [INVOKE_CHANNELS.readGrantedFileRange, { path: PATH, offset: 0, length: 8 }],
    ]);
    files.set(PATH, new Uint8Array());
    expect((await desktop.openGrantedFile(PATH, 'empty.csv')).size).toBe(0);
  });

  it('rejects, naming the file and what to do, when the file grows while it is read', async () => {
    const size = 2 * MAX_IPC_SLICE_BYTES + 5;
    const { files, desktop } = rig(patternBytes(size));
    const failure = await desktop
      .openGrantedFile(PATH, 'big.csv', {
        onProgress: (p) => {
          if (p.bytesRead === MAX_IPC_SLICE_BYTES) files.set(PATH, patternBytes(size + 100));
        },
      })
      .catch((e: Error) => e);
    expect(failure).toMatchObject({
      name: 'FileChangedError',
      message: `Open file: '${PATH}' must keep its size of ${size} bytes while it is read, got ${size + 100} bytes. Wait until the program writing it has finished, then open it again.`,
    });
  });

  it('rejects when the file shrinks while it is read, without asking for the rest', async () => {
    const size = 3 * MAX_IPC_SLICE_BYTES;
    const { files, main, desktop } = rig(patternBytes(size));
    const failure = await desktop
      .openGrantedFile(PATH, 'big.csv', {
        onProgress: (p) => {
          if (p.bytesRead === MAX_IPC_SLICE_BYTES) files.set(PATH, patternBytes(1000));
        },
      })
      .catch((e: Error) => e);
    expect(failure).toMatchObject({
      name: 'FileChangedError',
      message: `Open file: '${PATH}' must keep its size of ${size} bytes while it is read, got 1000 bytes. Wait until the program writing it has finished, then open it again.`,
    });
    expect(main.slices).toEqual([MAX_IPC_SLICE_BYTES]);
  });

  it('reports a file cut short within the slice being read as changed too', async () => {
    const size = 2 * MAX_IPC_SLICE_BYTES;
    const { files, main, desktop } = rig(patternBytes(size));
    const failure = await desktop
      .openGrantedFile(PATH, 'big.csv', {
        onProgress: (p) => {
          if (p.bytesRead === MAX_IPC_SLICE_BYTES) {
            files.set(PATH, patternBytes(MAX_IPC_SLICE_BYTES + 10));
          }
        },
      })
      .catch((e: Error) => e);
    expect(failure).toMatchObject({
      name: 'FileChangedError',
      message: `Open file: '${PATH}' must keep its size of ${size} bytes while it is read, got ${MAX_IPC_SLICE_BYTES + 10} bytes. Wait until the program writing it has finished, then open it again.`,
    });
    expect(main.slices).toEqual([MAX_IPC_SLICE_BYTES, 10]);
  });

  it("rejects with main's refusal of a path that was not granted", async () => {
    const { desktop } = rig(new Uint8Array(1));
    await expect(desktop.openGrantedFile('/etc/passwd', 'passwd')).rejects.toMatchObject({
      name: 'FileAccessError',
      message: "File access: '/etc/passwd' is not a file you opened or dropped.",
    });
  });
});
