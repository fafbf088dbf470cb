/** Registers every IPC handler: checks the sender frame is the app's page, then validates the payload. */
import type { z } from 'zod';
import { assertInvokeChannel, type InvokeChannel, type IpcResult } from '../common/ipc/channels.ts';
import {
  type InvokePayloads,
  type InvokeResults,
  invokePayloadSchemas,
} from '../common/ipc/requests.ts';
import type { AppPageGuard } from './appPage.ts';

/** The part of an `IpcMainInvokeEvent` handlers use; Electron's event satisfies it. */
export interface InvokeEventLike {
  /** The frame that sent the request; `null` once it navigated away or was destroyed. */
  readonly senderFrame: { readonly url: string } | null;
  /** The sending page, used to answer with ports or events. */
  readonly sender: { readonly id: number };
}

/** The part of `ipcMain` this module uses; Electron's `ipcMain` satisfies it. */
export interface IpcMainLike<E extends InvokeEventLike = InvokeEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Raised when a request comes from a frame other than the app's page. */
export class SenderError extends Error {
  override readonly name = 'SenderError';
}

/** Raised when a payload does not match its channel's schema; the message names the field. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

/** One function per invoke channel, receiving the validated payload. */
export type InvokeHandlers<E extends InvokeEventLike = InvokeEventLike> = {
  [C in InvokeChannel]: (
    payload: InvokePayloads[C],
    event: E,
  ) => Promise<InvokeResults[C]> | InvokeResults[C];
};

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map(
      (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(payload)'}: ${issue.message}`,
    )
    .join('; ');
}

/**
 * Checks one request end to end and runs its handler; every failure becomes `{ ok: false }`
 * so the renderer sees the error's name and message.
 */
export async function handleInvoke<E extends InvokeEventLike, C extends InvokeChannel>(options: {
  channel: C;
  event: E;
  payload: unknown;
  isAppPage: AppPageGuard;
  handler: InvokeHandlers<E>[C];
}): Promise<IpcResult<InvokeResults[C]>> {
  const { channel, event, payload, isAppPage, handler } = options;
  try {
    const frameUrl = event.senderFrame?.url;
    if (!isAppPage(frameUrl)) {
      throw new SenderError(
        `IPC '${channel}': sender must be the app's page, got '${frameUrl ?? 'a closed frame'}'.`,
      );
    }
    const parsed = invokePayloadSchemas[channel].safeParse(payload);
    if (!parsed.success) {
      throw new PayloadError(
        `IPC '${channel}': payload is malformed: ${describeIssues(parsed.error.issues)}.`,
      );
    }
    const run = handler as (p: unknown, e: E) => Promise<InvokeResults[C]> | InvokeResults[C];
    return { ok: true, value: await run(parsed.data, event) };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    return { ok: false, error: { name: error.name, message: error.message } };
  }
}

/**
 * Registers the handlers on `ipcMain`; returns a function removing them all.
 * @throws Error when a handler's channel lacks the `studio:` prefix.
 */
export function registerIpcHandlers<E extends InvokeEventLike>(options: {
  ipcMain: IpcMainLike<E>;
  isAppPage: AppPageGuard;
  /** Handlers by channel; a channel without one is simply not registered. */
  handlers: Partial<InvokeHandlers<E>>;
}): () => void {
  const { ipcMain, isAppPage, handlers } = options;
  const channels = Object.keys(handlers) as InvokeChannel[];
  for (const channel of channels) {
    assertInvokeChannel(channel);
    ipcMain.handle(channel, (event: E, payload: unknown) =>
      handleInvoke({
        channel,
        event,
        payload,
        isAppPage,
        handler: handlers[channel] as InvokeHandlers<E>[typeof channel],
      }),
    );
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
