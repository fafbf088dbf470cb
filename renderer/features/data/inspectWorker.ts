/** The Data section's inspection worker: inspects files off the main thread, posting progress; cancellable. */
import type { ImportProgress, ReadOptions } from '../../../core/data/index.ts';
import { DatasetError } from '../../../core/errors.ts';
import { inspectFile } from './inspectFile.ts';
import type { InspectReply, InspectRequest } from './inspectMessages.ts';

interface WorkerScope {
  postMessage(message: InspectReply): void;
  addEventListener(type: 'message', listener: (event: { data: InspectRequest }) => void): void;
}
const scope = self as unknown as WorkerScope;

/** Ids of requests the page cancelled. */
const cancelled = new Set<number>();
/** Progress is posted at most this often. */
const PROGRESS_MS = 80;

async function run(id: number, file: File, reading: ReadOptions): Promise<void> {
  let last = 0;
  const onProgress = (p: ImportProgress): void => {
    const now = Date.now();
    if (now - last < PROGRESS_MS) return;
    last = now;
    scope.postMessage({ type: 'progress', id, progress: p });
  };
  try {
    const result = await inspectFile(file, {
      fileName: file.name,
      reading,
      signal: {
        get aborted() {
          return cancelled.has(id);
        },
      },
      onProgress,
    });
    scope.postMessage({ type: 'done', id, ...result });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const code = (e as { code?: unknown }).code;
    const detail = e instanceof DatasetError ? e.detail : undefined;
    scope.postMessage({
      type: 'error',
      id,
      name: e.name,
      message: e.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });
  } finally {
    cancelled.delete(id);
  }
}

scope.addEventListener('message', (event) => {
  const msg = event.data;
  switch (msg.type) {
    case 'inspect':
      void run(msg.id, msg.file, msg.reading);
      break;
    case 'cancel':
      cancelled.add(msg.id);
      break;
    default: {
      const unknown: never = msg;
      throw new Error(`Unsupported message type '${(unknown as { type: string }).type}'.`);
    }
  }
});
