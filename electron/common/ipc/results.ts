/** Zod schemas for main's answers that the preload checks on arrival (a small module, so the preload bundle does not pull in the request schemas). */
import { z } from 'zod';
import { INVOKE_CHANNELS } from './channels.ts';

/** Main's answer on `systemMemory`. */
export const systemMemorySchema = z
  .object({
    /** The computer's physical memory in bytes (os.totalmem()). */
    totalBytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

export type SystemMemory = z.infer<typeof systemMemorySchema>;

/**
 * Main's `systemMemory` answer, checked.
 * @throws Error `Preload: 'studio:system-memory' must answer { totalBytes: a positive whole number }, got <issues>.`
 */
export function checkSystemMemory(raw: unknown): SystemMemory {
  const parsed = systemMemorySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(answer)'}: ${i.message}`)
    .join('; ');
  throw new Error(
    `Preload: '${INVOKE_CHANNELS.systemMemory}' must answer { totalBytes: a positive whole number }, got ${issues}.`,
  );
}
