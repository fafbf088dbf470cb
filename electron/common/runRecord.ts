/** A run as main records it (registry, project file, UI events): zod schemas and types of the record and of the run events sent to windows. */
import { z } from 'zod';
import { autoTuneSchema } from '../../core/protocol/messages.ts';
import { runSpecSchema } from '../../core/tasks/spec.ts';

/** Run ids name folders under userData/runs, so they are plain: letters, digits, `.`, `_`, `-`. */
export const safeRunIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be letters, digits, ".", "_" or "-"');

/** Where a run is: `queued` in main, then the trainer's states (core/protocol RunState). */
export const runRecordStateSchema = z.enum([
  'queued',
  'preparing',
  'running',
  'paused',
  'stopping',
  'finished',
  'failed',
]);
export type RunRecordState = z.infer<typeof runRecordStateSchema>;

/** States in which the trainer is working on the run. */
export const ACTIVE_STATES: ReadonlySet<RunRecordState> = new Set([
  'preparing',
  'running',
  'paused',
  'stopping',
]);

/** One epoch of the metrics history (the training-epoch event without its bookkeeping). */
export const historyEntrySchema = z
  .object({
    epoch: z.number().int().nonnegative(),
    step: z.number().int().nonnegative(),
    trainLoss: z.number(),
    val: z.record(z.string(), z.number()),
    lr: z.number(),
    seconds: z.number().nonnegative(),
  })
  .strict();
export type HistoryEntrySummary = z.infer<typeof historyEntrySchema>;

/** At most this many epochs of history are kept per run; longer runs are thinned evenly. */
export const MAX_HISTORY = 1000;

/** A model written from a run: a `.rnnmodel` bundle or a PyTorch folder. */
export const savedModelSchema = z
  .object({
    format: z.enum(['rnnmodel', 'pytorch', 'onnx']),
    path: z.string().min(1),
    savedAt: z.string(),
  })
  .strict();

export const runRecordSchema = z
  .object({
    runId: safeRunIdSchema,
    spec: runSpecSchema,
    /** The data file the run trains on (a granted path) and its display name. */
    dataset: z.object({ path: z.string().min(1), fileName: z.string().min(1) }).strict(),
    /** The language model `spec.train.initFrom` names (a granted `.rnnmodel` path), read with the data. */
    initFrom: z
      .object({ path: z.string().min(1), fileName: z.string().min(1) })
      .strict()
      .optional(),
    /** The backward language model `spec.train.initFromBackward` names (a granted `.rnnmodel` path). */
    initFromBackward: z
      .object({ path: z.string().min(1), fileName: z.string().min(1) })
      .strict()
      .optional(),
    /** Auto-tune: the search's budget and settings to try (the best trial becomes the run). */
    auto: autoTuneSchema.optional(),
    /** The word vectors `spec.model.wordVectors` names (a granted path), read with the data. */
    wordVectors: z
      .object({ path: z.string().min(1), fileName: z.string().min(1) })
      .strict()
      .optional(),
    /** caption: the resnet18 weights `spec.model.image.weights` names (a granted path), read with the data. */
    backboneWeights: z
      .object({ path: z.string().min(1), fileName: z.string().min(1) })
      .strict()
      .optional(),
    state: runRecordStateSchema,
    /** ISO timestamps. */
    createdAt: z.string(),
    endedAt: z.string().nullable(),
    history: z.array(historyEntrySchema).max(MAX_HISTORY),
    /** Held-out metrics of the best model and the task's baseline, once finished. */
    metrics: z.record(z.string(), z.number()).nullable(),
    baseline: z.record(z.string(), z.number()).nullable(),
    finishReason: z.enum(['completed', 'early-stopped', 'stopped', 'time-limit']).nullable(),
    /** Why the run failed (a training error, a trainer crash, …). */
    error: z
      .object({ name: z.string(), message: z.string(), suggestion: z.string().optional() })
      .strict()
      .nullable(),
    /** Checkpoint files main wrote under userData/runs/<runId>/. */
    checkpoints: z.object({ last: z.string().nullable(), best: z.string().nullable() }).strict(),
    /**
     * The last checkpoint write that failed (disk full, folder not writable), until a later write
     * of the same kind succeeds: resuming then starts from an older checkpoint, or cannot.
     */
    checkpointError: z
      .object({ kind: z.enum(['best', 'last']), message: z.string() })
      .strict()
      .nullable()
      .optional(),
    models: z.array(savedModelSchema),
  })
  .strict();
export type RunRecord = z.infer<typeof runRecordSchema>;

/**
 * The concurrency rule, as the UI shows it beside a queued run.
 * NOTE: one run at a time per trainer process: the machine's cores are the bottleneck, so two
 * runs would each go at about half speed and both finish later than one after the other.
 */
export const QUEUE_NOTE =
  'One run trains at a time: a second run would share the same processor cores and slow both down. This run starts when the runs ahead of it end.';

/** Events main sends windows about runs (EVENT_CHANNELS.runEvent). */
export type RunEvent =
  | {
      type: 'run-updated';
      run: RunRecord;
      /** 0 = starts next; null when not queued. */
      queuePosition: number | null;
      /** Set while queued: {@link QUEUE_NOTE}. */
      note: string | null;
    }
  | {
      /** The trainer crashed while the run was training: it is failed; offer resume if possible. */
      type: 'run-interrupted';
      runId: string;
      reason: string;
      /** Whether a checkpoint exists, so `resumeRun(runId)` can continue it. */
      hasCheckpoint: boolean;
    };

/** The run events' schema, checked in the preload when they arrive. */
export const runEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('run-updated'),
      run: runRecordSchema,
      queuePosition: z.number().int().nonnegative().nullable(),
      note: z.string().nullable(),
    })
    .strict(),
  z
    .object({
      type: z.literal('run-interrupted'),
      runId: safeRunIdSchema,
      reason: z.string(),
      hasCheckpoint: z.boolean(),
    })
    .strict(),
]) satisfies z.ZodType<RunEvent>;
