/** The requests only main's port may send: start a run from a data file path (and a checkpoint path) that the trainer reads itself. */
import { z } from 'zod';
import { autoTuneSchema, runIdSchema } from '../../core/protocol/messages.ts';
import { runSpecSchema } from '../../core/tasks/spec.ts';

// NOTE: core stays pure (bytes in, bytes out): a path never reaches core/protocol. The trainer's
// host adapter (trainerRuntime.ts) reads the file with node:fs and hands core the bytes, so a
// large dataset is read once, in the trainer, and never copied through IPC.

/** Main → trainer: `start-training` with `data.path` instead of `data.bytes`. */
export const fileStartSchema = z
  .object({
    type: z.literal('start-training'),
    id: z.number().int().nonnegative(),
    runId: runIdSchema,
    spec: runSpecSchema,
    /** The granted data file (or, for caption, the granted image folder): its display name and absolute path. */
    data: z.object({ fileName: z.string().min(1), path: z.string().min(1) }).strict(),
    /** A checkpoint file written by main (userData/runs/<runId>/last.ckpt) to continue from. */
    checkpointPath: z.string().min(1).optional(),
    /** The language model `spec.train.initFrom` names: its display name and absolute path. */
    initFrom: z
      .object({ fileName: z.string().min(1), path: z.string().min(1) })
      .strict()
      .optional(),
    /** The backward language model `spec.train.initFromBackward` names: display name and absolute path. */
    initFromBackward: z
      .object({ fileName: z.string().min(1), path: z.string().min(1) })
      .strict()
      .optional(),
    /** Search settings first (core/tune); the best trial becomes the run. */
    auto: autoTuneSchema.optional(),
    /** The word vectors `spec.model.wordVectors` names: display name and absolute path. */
    wordVectors: z
      .object({ fileName: z.string().min(1), path: z.string().min(1) })
      .strict()
      .optional(),
    /** caption: the resnet18 state dict `spec.model.image.weights` names: display name and absolute path. */
    backboneWeights: z
      .object({ fileName: z.string().min(1), path: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();
export type FileStartRequest = z.infer<typeof fileStartSchema>;

/** Whether a raw message is a start request naming its data by path (main's form). */
export function isFileStart(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const { type, data } = raw as { type?: unknown; data?: unknown };
  return type === 'start-training' && typeof data === 'object' && data !== null && 'path' in data;
}
