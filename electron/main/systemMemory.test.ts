/** Tests the `studio:system-memory` handler through ipc.ts: the computer's total memory to the app's page, refused to other senders and for bad payloads. */
import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../common/ipc/channels.ts';
import { checkSystemMemory } from '../common/ipc/results.ts';
import { createAppPageGuard } from './appPage.ts';
import { APP_PAGE_URL } from './appProtocol.ts';
import { type InvokeEventLike, registerIpcHandlers } from './ipc.ts';
import { createSystemMemoryHandler } from './systemMemory.ts';

/** Registers the handler over `totalBytes` and returns an invoke as Electron's would call it. */
function rig(totalBytes?: () => number) {
  const handlers = new Map<string, (event: InvokeEventLike, payload: unknown) => unknown>();
  registerIpcHandlers({
    ipcMain: {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    isAppPage: createAppPageGuard({ kind: 'app' }),
    handlers: createSystemMemoryHandler(totalBytes),
  });
  return (payload: unknown, frameUrl = APP_PAGE_URL) =>
    handlers.get(INVOKE_CHANNELS.systemMemory)?.(
      { senderFrame: { url: frameUrl }, sender: { id: 1 } },
      payload,
    ) as Promise<unknown>;
}

describe('createSystemMemoryHandler', () => {
  it("answers the app's page with the computer's total memory, beyond the browser's 8 GiB cap", async () => {
    const gib24 = 24 * 1024 ** 3;
    await expect(rig(() => gib24)({})).resolves.toEqual({ ok: true, value: { totalBytes: gib24 } });
  });

  it('reads os.totalmem() by default, an answer the preload accepts', async () => {
    const answer = (await rig()({})) as { ok: true; value: unknown };
    expect(answer.value).toEqual({ totalBytes: totalmem() });
    expect(checkSystemMemory(answer.value).totalBytes).toBe(totalmem());
  });

  it('refuses another page and a payload with fields', async () => {
    const invoke = rig(() => 1024);
    const foreign = (await invoke({}, 'https://example.com/')) as {
      ok: false;
      error: { name: string };
    };
    expect(foreign.ok).toBe(false);
    expect(foreign.error.name).toBe('SenderError');
    const extra = (await invoke({ bytes: 1 })) as { ok: false; error: { name: string } };
    expect(extra.ok).toBe(false);
    expect(extra.error.name).toBe('PayloadError');
  });

  it('fails with a RangeError when the system reports no usable total', async () => {
    await expect(rig(() => 0)({})).resolves.toEqual({
      ok: false,
      error: {
        name: 'RangeError',
        message: 'System memory: total must be a positive whole number of bytes, got 0.',
      },
    });
  });
});

describe('checkSystemMemory', () => {
  it('accepts a positive whole number of bytes and refuses anything else, naming the field', () => {
    expect(checkSystemMemory({ totalBytes: 8 * 1024 ** 3 })).toEqual({ totalBytes: 8 * 1024 ** 3 });
    expect(() => checkSystemMemory({ totalBytes: -1 })).toThrow(
      /^Preload: 'studio:system-memory' must answer \{ totalBytes: a positive whole number \}, got totalBytes: /,
    );
    expect(() => checkSystemMemory({ totalBytes: 1.5 })).toThrow(/totalBytes/);
    expect(() => checkSystemMemory(null)).toThrow(/\(answer\)/);
  });
});
