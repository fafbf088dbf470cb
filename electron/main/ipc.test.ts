/** Tests the IPC layer end to end in Node: sender check, payload validation, and the file grants behind it. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../common/ipc/channels.ts';
import { createAppPageGuard } from './appPage.ts';
import { APP_PAGE_URL } from './appProtocol.ts';
import { FileGrants } from './fileGrants.ts';
import { createHandlers } from './handlers.ts';
import { type InvokeEventLike, type IpcMainLike, registerIpcHandlers } from './ipc.ts';

/** The packaged page, served on the app:// scheme. */
const APP = APP_PAGE_URL;

/** An ipcMain that records handlers so a test can invoke them as Electron would. */
function recordingIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = (channel: string, payload: unknown, frameUrl: string | null = APP) => {
    const handler = handlers.get(channel);
    if (handler === undefined) throw new Error(`no handler for ${channel}`);
    const event: InvokeEventLike = {
      senderFrame: frameUrl === null ? null : { url: frameUrl },
      sender: { id: 1 },
    };
    return handler(event, payload) as Promise<unknown>;
  };
  return { ipcMain, handlers, invoke };
}

let dir: string;
let data: string;
let rig: ReturnType<typeof makeRig>;

function makeRig() {
  const grants = new FileGrants();
  const connected: number[] = [];
  let chosen: string[] = [];
  const ipc = recordingIpcMain();
  const unregister = registerIpcHandlers({
    ipcMain: ipc.ipcMain,
    isAppPage: createAppPageGuard({ kind: 'app' }),
    handlers: createHandlers({
      grants,
      chooseDatasets: async () => chosen,
      connectTrainer: (event) => void connected.push(event.sender.id),
    }),
  });
  return {
    ...ipc,
    grants,
    connected,
    unregister,
    choose: (paths: string[]) => {
      chosen = paths;
    },
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rnn-studio-ipc-'));
  data = join(dir, 'reviews.csv');
  await writeFile(data, 'text,label\ngood,1\n');
  rig = makeRig();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('registerIpcHandlers', () => {
  it('registers one handler per file channel (none to open links) and removes them all', () => {
    expect([...rig.handlers.keys()].sort()).toEqual(
      [
        INVOKE_CHANNELS.connectTrainer,
        INVOKE_CHANNELS.openDatasetDialog,
        INVOKE_CHANNELS.grantDroppedFile,
        INVOKE_CHANNELS.fileInfo,
      ].sort(),
    );
    rig.unregister();
    expect(rig.handlers.size).toBe(0);
  });

  it("accepts a request from the app's page", async () => {
    await expect(rig.invoke(INVOKE_CHANNELS.connectTrainer, {})).resolves.toEqual({
      ok: true,
      value: null,
    });
    expect(rig.connected).toEqual([1]);
  });

  it.each([
    'https://evil.example/',
    'file:///opt/RNN%20Studio/resources/app.asar/out/renderer/index.html',
    'app://evil/index.html',
    'app://rnn-studio/other.html',
    'http://localhost:5173/',
  ])('refuses a request from the frame %s without running the handler', async (frame) => {
    await expect(rig.invoke(INVOKE_CHANNELS.connectTrainer, {}, frame)).resolves.toEqual({
      ok: false,
      error: {
        name: 'SenderError',
        message: `IPC 'studio:connect-trainer': sender must be the app's page, got '${frame}'.`,
      },
    });
    expect(rig.connected).toEqual([]);
  });

  it('refuses a request whose frame is gone', async () => {
    await expect(rig.invoke(INVOKE_CHANNELS.connectTrainer, {}, null)).resolves.toEqual({
      ok: false,
      error: {
        name: 'SenderError',
        message:
          "IPC 'studio:connect-trainer': sender must be the app's page, got 'a closed frame'.",
      },
    });
    expect(rig.connected).toEqual([]);
  });

  it('answers a malformed payload with an error naming the field', async () => {
    await expect(rig.invoke(INVOKE_CHANNELS.fileInfo, { path: 42 })).resolves.toEqual({
      ok: false,
      error: {
        name: 'PayloadError',
        message:
          "IPC 'studio:file-info': payload is malformed: path: Invalid input: expected string, received number.",
      },
    });
  });

  it('refuses unexpected fields and non-object payloads', async () => {
    const extra = (await rig.invoke(INVOKE_CHANNELS.connectTrainer, { port: 1 })) as {
      error: { message: string };
    };
    expect(extra.error.message).toBe(
      `IPC 'studio:connect-trainer': payload is malformed: (payload): Unrecognized key: "port".`,
    );
    const missing = (await rig.invoke(INVOKE_CHANNELS.fileInfo, undefined)) as {
      error: { message: string };
    };
    expect(missing.error.message).toBe(
      "IPC 'studio:file-info': payload is malformed: (payload): Invalid input: expected object, received undefined.",
    );
  });
});

describe('file handlers', () => {
  it("refuses a path outside the user's choices", async () => {
    await expect(rig.invoke(INVOKE_CHANNELS.fileInfo, { path: data })).resolves.toEqual({
      ok: false,
      error: {
        name: 'FileAccessError',
        message: `File access: '${data}' is not a file you opened or dropped.`,
      },
    });
  });

  it('allows a file once it was chosen in the dialog', async () => {
    rig.choose([data]);
    const expected = { path: data, name: 'reviews.csv', size: 18 };
    await expect(rig.invoke(INVOKE_CHANNELS.openDatasetDialog, {})).resolves.toEqual({
      ok: true,
      value: [expected],
    });
    await expect(rig.invoke(INVOKE_CHANNELS.fileInfo, { path: data })).resolves.toEqual({
      ok: true,
      value: expected,
    });
  });

  it('allows a dropped file and nothing next to it', async () => {
    await rig.invoke(INVOKE_CHANNELS.grantDroppedFile, { path: data });
    await expect(rig.invoke(INVOKE_CHANNELS.fileInfo, { path: data })).resolves.toMatchObject({
      ok: true,
    });
    const sibling = join(dir, 'secret.txt');
    await writeFile(sibling, 'x');
    await expect(rig.invoke(INVOKE_CHANNELS.fileInfo, { path: sibling })).resolves.toMatchObject({
      ok: false,
      error: { name: 'FileAccessError' },
    });
  });

  it('refuses a relative path in a drop', async () => {
    await expect(
      rig.invoke(INVOKE_CHANNELS.grantDroppedFile, { path: 'reviews.csv' }),
    ).resolves.toEqual({
      ok: false,
      error: {
        name: 'FileAccessError',
        message: "File access: path must be absolute, got 'reviews.csv'.",
      },
    });
  });

  it('refuses to grant a dropped /etc/passwd or folder sent as raw IPC', async () => {
    await expect(
      rig.invoke(INVOKE_CHANNELS.grantDroppedFile, { path: '/etc/passwd' }),
    ).resolves.toMatchObject({ ok: false, error: { name: 'FileAccessError' } });
    const folder = join(dir, 'exports');
    await mkdir(folder);
    await expect(rig.invoke(INVOKE_CHANNELS.grantDroppedFile, { path: folder })).resolves.toEqual({
      ok: false,
      error: {
        name: 'FileAccessError',
        message: `File access: '${folder}' must be a regular file, got a folder.`,
      },
    });
    expect(rig.grants.allows('/etc/passwd')).toBe(false);
    expect(rig.grants.allows(join(folder, 'x.csv'))).toBe(false);
  });
});
