/** The page side of the inspection worker: one worker, requests by id, progress callbacks and cancel. */
import type { ImportProgress, Inspection, ReadOptions } from '../../../core/data/index.ts';
import type { MessageDetail } from '../../../core/errors.ts';
import type { InspectReply, InspectRequest } from './inspectMessages.ts';
import type { Preview } from './preview.ts';

/** What the importer refused, as the worker reported it. */
export class ImportFailure extends Error {
  constructor(
    override readonly name: string,
    message: string,
    /** DatasetError's code ('ragged', 'binary', 'aborted', …) when there is one. */
    readonly code: string | undefined,
    /** The message as a key and parameters, when core gave them. */
    readonly detail?: MessageDetail,
  ) {
    super(message);
  }
}

/** One inspection under way. */
export interface InspectionTask {
  result: Promise<{ inspection: Inspection; preview: Preview }>;
  cancel(): void;
}

interface Pending {
  resolve(value: { inspection: Inspection; preview: Preview }): void;
  reject(err: Error): void;
  onProgress: (p: ImportProgress) => void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function onReply(reply: InspectReply): void {
  const p = pending.get(reply.id);
  if (p === undefined) return;
  switch (reply.type) {
    case 'progress':
      p.onProgress(reply.progress);
      return;
    case 'done':
      pending.delete(reply.id);
      p.resolve({ inspection: reply.inspection, preview: reply.preview });
      return;
    case 'error':
      pending.delete(reply.id);
      p.reject(new ImportFailure(reply.name, reply.message, reply.code, reply.detail));
      return;
    default: {
      const unknown: never = reply;
      throw new Error(`Unsupported message type '${(unknown as { type: string }).type}'.`);
    }
  }
}

function getWorker(): Worker {
  if (worker !== null) return worker;
  // NOTE: Vite bundles this exact `new Worker(new URL(…, import.meta.url))` form as a module worker.
  worker = new Worker(new URL('./inspectWorker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event: MessageEvent<InspectReply>) => onReply(event.data));
  worker.addEventListener('error', (event) => {
    const failure = new ImportFailure('Error', `Inspection worker: ${event.message}`, undefined);
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
    worker = null;
  });
  return worker;
}

/** Inspects `file` in the worker; `onProgress` receives bytes and records read so far. */
export function inspectInWorker(
  file: File,
  options: { reading?: ReadOptions; onProgress: (p: ImportProgress) => void },
): InspectionTask {
  const id = nextId++;
  const w = getWorker();
  const result = new Promise<{ inspection: Inspection; preview: Preview }>((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress: options.onProgress });
  });
  const request: InspectRequest = { type: 'inspect', id, file, reading: options.reading ?? {} };
  w.postMessage(request);
  return {
    result,
    cancel: () => w.postMessage({ type: 'cancel', id } satisfies InspectRequest),
  };
}
