/** A fake of Electron's ipcMain: one handler per channel (a second registration throws, as in Electron), and invoke as a page would call it. */
import { EventEmitter } from 'node:events';
import { trace } from './state.ts';

/** The event a handler receives: which page and frame sent the request. */
export interface FakeInvokeEvent {
  sender: unknown;
  senderFrame: { url: string } | null;
  processId: number;
  frameId: number;
}

type Handler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain extends EventEmitter {
  private readonly handlers = new Map<string, Handler>();

  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
    trace.handled.push(channel);
  }

  handleOnce(channel: string, handler: Handler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return handler(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /**
   * Calls the handler of `channel` as `ipcRenderer.invoke` from a frame at `frameUrl` would:
   * arguments and result are structured-cloned; a missing handler or a throw rejects with
   * Electron's wording.
   */
  async invoke(
    channel: string,
    sender: { frameUrl: string | null; contents: unknown },
    args: readonly unknown[],
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) {
      throw new Error(
        `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
      );
    }
    const event: FakeInvokeEvent = {
      sender: sender.contents,
      senderFrame: sender.frameUrl === null ? null : { url: sender.frameUrl },
      processId: 1,
      frameId: 1,
    };
    try {
      return structuredClone(await handler(event, ...structuredClone(args)));
    } catch (err) {
      throw new Error(`Error invoking remote method '${channel}': ${String(err)}`);
    }
  }
}
