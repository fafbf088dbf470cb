/** The host-agnostic trainer: validates each request, runs it, and posts replies and events. */
import { CORE_VERSION } from '../version.ts';
import type {
  TrainerHostKind,
  TrainerRequest,
  TrainerRequestType,
  TrainerResults,
  TrainerToHost,
} from './messages.ts';
import { rawRequestId, toErrorPayload, validateTrainerRequest } from './validate.ts';

/** What a host (utility process, Web Worker, Node worker) gives the endpoint. */
export interface TrainerEndpointOptions {
  /** The kind of process, reported by `hello`. */
  host: TrainerHostKind;
  /** Sends one message back to whoever posted the request. */
  post: (message: TrainerToHost) => void;
}

/** Handles one raw incoming message; never throws, every failure becomes an `error` message. */
export type TrainerEndpoint = (raw: unknown) => Promise<void>;

export function createTrainerEndpoint(options: TrainerEndpointOptions): TrainerEndpoint {
  const { host, post } = options;

  // NOTE: a handler map rather than a switch: the mapped type makes a missing handler a
  // compile error, and validateTrainerRequest has already refused unknown types.
  const handlers: {
    [K in TrainerRequestType]: (
      request: Extract<TrainerRequest, { type: K }>,
    ) => Promise<TrainerResults[K]> | TrainerResults[K];
  } = {
    hello: () => ({ coreVersion: CORE_VERSION, host }),
  };

  function run(request: TrainerRequest): Promise<unknown> | unknown {
    const handler = handlers[request.type] as (r: TrainerRequest) => unknown;
    return handler(request);
  }

  return async (raw) => {
    try {
      const request = validateTrainerRequest(raw);
      const result = await run(request);
      post({ type: 'reply', id: request.id, result });
    } catch (err) {
      post({ type: 'error', id: rawRequestId(raw), ...toErrorPayload(err) });
    }
  };
}
