/** The requesting side of the trainer protocol: ids, pending replies, and event subscribers. */
import { ProtocolError } from '../errors.ts';
import type {
  ErrorPayload,
  TrainerRequest,
  TrainerRequestType,
  TrainerResults,
  TrainerToHost,
} from './messages.ts';
import { toErrorPayload, validateTrainerMessage } from './validate.ts';

/** An error the trainer reported, rebuilt on this side with its original name and stack. */
export class TrainerError extends Error {
  /** The message as a key and parameters, when core gave one, for the UI to word. */
  readonly detail: ErrorPayload['detail'];
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = payload.name;
    if (payload.stack !== undefined) this.stack = payload.stack;
    this.detail = payload.detail;
  }
}

/** A request as a caller writes it: the client adds the `id`. */
export type RequestOf<K extends TrainerRequestType> = Omit<
  Extract<TrainerRequest, { type: K }>,
  'id'
>;
type EventMessage = Exclude<TrainerToHost, { type: 'reply' }>;

export interface TrainerClient {
  /** Sends a request and resolves with its reply's result, or rejects with a TrainerError. */
  request<K extends TrainerRequestType>(
    message: RequestOf<K> & { type: K },
  ): Promise<TrainerResults[K]>;
  /** Subscribes to events and uncorrelated errors; returns the unsubscribe function. */
  onEvent(listener: (event: EventMessage) => void): () => void;
  /** Feeds one raw message that arrived from the trainer. */
  receive(raw: unknown): void;
  /** Rejects every pending request, e.g. when the trainer process died. */
  failAll(reason: string): void;
}

/**
 * Creates a client over a `post` function; the host wires the trainer's messages into `receive`.
 */
export function createTrainerClient(post: (message: TrainerRequest) => void): TrainerClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(event: EventMessage) => void>();

  function emit(event: EventMessage): void {
    for (const listener of listeners) listener(event);
  }

  return {
    request(message) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        try {
          post({ ...message, id } as TrainerRequest);
        } catch (err) {
          pending.delete(id);
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    receive(raw) {
      let message: TrainerToHost;
      try {
        message = validateTrainerMessage(raw);
      } catch (err) {
        emit({ type: 'error', id: null, ...toErrorPayload(err) });
        return;
      }
      if (message.type === 'reply' || (message.type === 'error' && message.id !== null)) {
        const waiter = message.id === null ? undefined : pending.get(message.id);
        if (waiter === undefined) {
          // An error for a request this client never sent (or already settled) is still news.
          if (message.type === 'error') {
            emit(message);
            return;
          }
          emit({
            type: 'log',
            level: 'warn',
            message: `Reply for unknown request id ${String(message.id)} ignored.`,
          });
          return;
        }
        pending.delete(message.id as number);
        if (message.type === 'reply') waiter.resolve(message.result);
        else waiter.reject(new TrainerError(message));
        return;
      }
      emit(message);
    },
    failAll(reason) {
      for (const [id, waiter] of pending) {
        waiter.reject(new ProtocolError(reason, 'closed'));
        pending.delete(id);
      }
    },
  };
}
