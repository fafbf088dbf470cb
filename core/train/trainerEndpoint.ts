/** The host-agnostic trainer: validates each request, runs it, replies to the sender, and broadcasts run events to every connected port. */

import {
  type KernelsInfo,
  kernelsInfoSchema,
  type TrainerHostKind,
  type TrainerRequest,
  type TrainerRequestType,
  type TrainerResults,
  type TrainerToHost,
} from '../protocol/messages.ts';
import { rawRequestId, toErrorPayload, validateTrainerRequest } from '../protocol/validate.ts';
import { taskDefinition } from '../tasks/registry/index.ts';
import { CORE_VERSION } from '../version.ts';
import { TrainingService } from './service.ts';

/** What a host (utility process, Web Worker, Node worker) gives the endpoint. */
export interface TrainerEndpointOptions {
  /** The kind of process, reported by `hello`. */
  host: TrainerHostKind;
  /** The kernels this process computes on, for `hello` (validated; omitted when absent). */
  kernels?: () => KernelsInfo;
  /** Sends one message back to whoever posted the request (and run events to this port). */
  post: (message: TrainerToHost) => void;
  /**
   * The runs. Endpoints of one process share one service (the default), so a window that reloads
   * and connects a new port finds its run still training and hears its events.
   */
  service?: TrainingService;
}

/**
 * Handles one raw incoming message; never throws, every failure becomes an `error` message.
 * `close()` stops run events going to this endpoint's `post` (call it when the port closes).
 */
export type TrainerEndpoint = ((raw: unknown) => Promise<void>) & { close(): void };

/**
 * The service endpoints use when none is given: one per process, over the task registry, unless a
 * host (or a test) installs another with setProcessTrainingService.
 */
let processService: () => TrainingService = lazyService(
  () => new TrainingService({ tasks: taskDefinition }),
);

function lazyService(create: () => TrainingService): () => TrainingService {
  let instance: TrainingService | null = null;
  return () => {
    instance ??= create();
    return instance;
  };
}

/** Makes `create` the process-wide training service (created on first use). */
export function setProcessTrainingService(create: () => TrainingService): void {
  processService = lazyService(create);
}

export function createTrainerEndpoint(options: TrainerEndpointOptions): TrainerEndpoint {
  const { host, post } = options;
  let service: TrainingService | null = options.service ?? null;
  let detach: (() => void) | null = null;
  const runs = (): TrainingService => {
    if (service === null) service = processService();
    detach ??= service.addSink(post);
    return service;
  };
  // Attach at once, so a reloaded window hears a run it did not start.
  runs();

  // NOTE: a handler map rather than a switch: the mapped type makes a missing handler a
  // compile error, and validateTrainerRequest has already refused unknown types.
  const handlers: {
    [K in TrainerRequestType]: (
      request: Extract<TrainerRequest, { type: K }>,
    ) => Promise<TrainerResults[K]> | TrainerResults[K];
  } = {
    hello: () => {
      const kernels = options.kernels;
      if (kernels === undefined) return { coreVersion: CORE_VERSION, host };
      return { coreVersion: CORE_VERSION, host, kernels: kernelsInfoSchema.parse(kernels()) };
    },
    'start-training': (r) =>
      runs().start({
        runId: r.runId,
        spec: r.spec,
        data: r.data,
        ...(r.checkpoint === undefined ? {} : { checkpoint: r.checkpoint }),
        ...(r.initFrom === undefined ? {} : { initFrom: r.initFrom }),
        ...(r.initFromBackward === undefined ? {} : { initFromBackward: r.initFromBackward }),
        ...(r.auto === undefined ? {} : { auto: r.auto }),
        ...(r.wordVectors === undefined ? {} : { wordVectors: r.wordVectors }),
        ...(r.backboneWeights === undefined ? {} : { backboneWeights: r.backboneWeights }),
      }),
    'pause-training': (r) => runs().pause(r.runId),
    'resume-training': (r) => runs().resume(r.runId),
    'stop-training': (r) => runs().stop(r.runId),
    'list-runs': () => ({ runs: runs().list() }),
    evaluate: (r) => runs().evaluate(r.model, r.data),
    predict: (r) => ({ predictions: runs().predict(r.model, r.inputs) }),
    'export-bundle': (r) => runs().exportBundle(r.runId, r.which),
  };

  function run(request: TrainerRequest): Promise<unknown> | unknown {
    const handler = handlers[request.type] as (r: TrainerRequest) => unknown;
    return handler(request);
  }

  const endpoint = async (raw: unknown): Promise<void> => {
    try {
      const request = validateTrainerRequest(raw);
      const result = await run(request);
      post({ type: 'reply', id: request.id, result });
    } catch (err) {
      post({ type: 'error', id: rawRequestId(raw), ...toErrorPayload(err) });
    }
  };
  return Object.assign(endpoint, {
    close: () => {
      detach?.();
      detach = null;
    },
  });
}
