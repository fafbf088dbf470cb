/** The `studio:system-memory` handler: the computer's total memory for the renderer's training-memory estimate (Chromium caps `navigator.deviceMemory` at 8 GiB). */
import { totalmem } from 'node:os';
import { INVOKE_CHANNELS } from '../common/ipc/channels.ts';
import type { InvokeEventLike, InvokeHandlers } from './ipc.ts';

/**
 * Answers with `totalBytes()` (default os.totalmem(), the physical memory Node reads from the
 * system, the figure the CLI's memory warning uses too).
 * @throws RangeError when the system reports no positive whole number of bytes.
 */
export function createSystemMemoryHandler<E extends InvokeEventLike>(
  totalBytes: () => number = totalmem,
): Pick<InvokeHandlers<E>, typeof INVOKE_CHANNELS.systemMemory> {
  return {
    [INVOKE_CHANNELS.systemMemory]: () => {
      const bytes = totalBytes();
      if (!(Number.isSafeInteger(bytes) && bytes > 0)) {
        throw new RangeError(
          `System memory: total must be a positive whole number of bytes, got ${bytes}.`,
        );
      }
      return { totalBytes: bytes };
    },
  };
}
