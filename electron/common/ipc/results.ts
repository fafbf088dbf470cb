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

/** Main's answer on `openImageFolder`: the granted folder and its files (relative '/' paths, sizes). */
export const imageFolderListingSchema = z
  .object({
    /** The folder's absolute path (granted: files inside it are readable). */
    path: z.string().min(1).max(32_767),
    /** The folder's name, for display. */
    name: z.string().min(1).max(1000),
    files: z
      .array(
        z
          .object({
            path: z
              .string()
              .min(1)
              .max(1000)
              .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), {
                message: "must be a relative path with no '..'",
              }),
            size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
          })
          .strict(),
      )
      .max(500_000),
  })
  .strict();

export type ImageFolderListing = z.infer<typeof imageFolderListingSchema>;

/**
 * Main's `openImageFolder` answer (null when cancelled), checked.
 * @throws Error naming the field when the answer is malformed.
 */
export function checkImageFolderListing(raw: unknown): ImageFolderListing | null {
  if (raw === null) return null;
  const parsed = imageFolderListingSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(answer)'}: ${i.message}`)
    .join('; ');
  throw new Error(
    `Preload: '${INVOKE_CHANNELS.openImageFolder}' must answer a folder listing or null, got ${issues}.`,
  );
}
