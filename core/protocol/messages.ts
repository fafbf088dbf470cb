/** The one message contract between renderer, main and trainer: types and their zod schemas. */

import { z } from 'zod';
import type { SeriesRanges } from '../data/seriesRanges.ts';
import { MESSAGE_KEYS } from '../errors.ts';
import { forecastOutcomeSchema } from '../tasks/forecastOutcome.ts';
import { runSpecSchema } from '../tasks/spec.ts';
import { splitReportSchema } from '../tasks/splitReport.ts';
import type { Prediction } from '../tasks/task.ts';
import { trialProgressSchema, trialReportSchema, tunePlanSchema } from '../tune/report.ts';

/** Which kind of process the trainer endpoint is running in. */
export const TRAINER_HOSTS = ['electron-utility', 'web-worker', 'node-worker'] as const;
export type TrainerHostKind = (typeof TRAINER_HOSTS)[number];

const requestId = z.number().int().nonnegative();

/** A run's identifier, chosen by the host (e.g. a UUID or a timestamped name). */
export const runIdSchema = z.string().min(1).max(200);
const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, {
  message: 'must be bytes (a Uint8Array)',
});
/** A data file handed to the trainer: its name (for messages) and its bytes. */
export const dataFileSchema = z
  .object({ fileName: z.string().min(1), bytes: bytesSchema })
  .strict();
export type DataFile = z.infer<typeof dataFileSchema>;
/**
 * A file handle the trainer reads itself: a browser `File` posted to the worker (structured clone
 * passes a reference, not the bytes), or Node's `fs.openAsBlob` in the utility process. Nothing is
 * read until a slice is.
 */
export interface FileHandle {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
  /**
   * A second thread that reads part of this file itself (the desktop trainer's opened path: a
   * big forecast or classify file's second half, core/data/seriesRanges.ts); absent in the browser edition.
   */
  readonly seriesRanges?: SeriesRanges;
}
const fileHandleSchema = z.custom<FileHandle>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    Number.isSafeInteger((v as { size?: unknown }).size) &&
    typeof (v as { slice?: unknown }).slice === 'function',
  { message: 'must be a file handle (a File or Blob)' },
);
/** The most files a chosen image folder may hold (as a captioning zip, core/data/captions/imageFolder.ts). */
export const MAX_FOLDER_FILES = 500_000;
/** One file of a chosen folder: its path relative to the folder ('/' separators, no '..') and its handle. */
export interface FolderFile {
  readonly path: string;
  readonly file: FileHandle;
}
const folderPathSchema = z
  .string()
  .min(1)
  .max(1000)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..'), {
    message: "must be a relative path with '/' separators and no '..'",
  });
const folderFilesSchema = z
  .array(z.object({ path: folderPathSchema, file: fileHandleSchema }).strict())
  .min(1)
  .max(MAX_FOLDER_FILES);
/**
 * A run's data: a file's bytes, a handle the trainer reads in slices after checking its size, or
 * (caption) a chosen folder's files as handles, read one image at a time (`fileName` is then the
 * folder's name).
 */
export type TrainingData =
  | DataFile
  | { fileName: string; file: FileHandle }
  | { fileName: string; files: readonly FolderFile[] };
// NOTE: one object with a refinement rather than a union, so a bad field is named
// (`data.bytes: must be bytes`) instead of zod's "Invalid input" for the whole union.
export const trainingDataSchema = z
  .object({
    fileName: z.string().min(1),
    bytes: bytesSchema.optional(),
    file: fileHandleSchema.optional(),
    files: folderFilesSchema.optional(),
  })
  .strict()
  .refine((d) => [d.bytes, d.file, d.files].filter((v) => v !== undefined).length === 1, {
    message: 'must hold exactly one of bytes, file or files',
  }) as unknown as z.ZodType<TrainingData>;
/** Which model a request uses: the one of a run in this trainer, or a saved bundle's bytes. */
export const modelSourceSchema = z.union([
  z.object({ runId: runIdSchema, which: z.enum(['best', 'last']).optional() }).strict(),
  z.object({ bundle: bytesSchema, fileName: z.string().min(1).optional() }).strict(),
]);
export type ModelSource = z.infer<typeof modelSourceSchema>;
/** The most pixels an image to caption may have (as the image decoders allow: 64 megapixels). */
export const MAX_IMAGE_PIXELS = 64_000_000;
/** Decoded RGBA pixels (core/tasks/task.ts ImagePixels): `data` holds `width · height · 4` bytes. */
export const imagePixelsSchema = z
  .object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    data: z.custom<Uint8Array | Uint8ClampedArray>(
      (v) => v instanceof Uint8Array || v instanceof Uint8ClampedArray,
      { message: 'must be RGBA bytes (a Uint8Array or Uint8ClampedArray)' },
    ),
  })
  .strict()
  .refine((i) => i.width * i.height <= MAX_IMAGE_PIXELS, {
    message: `must have at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`,
    abort: true,
  })
  .refine((i) => i.data.length === i.width * i.height * 4, {
    message: 'data must hold width × height × 4 bytes (RGBA)',
  });
/** One prediction request (the shape of core/tasks/task.ts PredictInput). */
export const predictInputSchema = z
  .object({
    text: z.string().optional(),
    /** caption: the image's decoded pixels (the host decodes; the task resizes and crops). */
    image: imagePixelsSchema.optional(),
    tokens: z.array(z.string()).optional(),
    rows: z.array(z.array(z.number())).optional(),
    future: z.array(z.array(z.number())).optional(),
    decode: z
      .object({
        maxTokens: z.number().int().min(1).max(10_000).optional(),
        temperature: z.number().positive().optional(),
        topK: z.number().int().min(0).optional(),
        greedy: z.boolean().optional(),
        seed: z.number().int().min(0).optional(),
        beamSize: z.number().int().min(1).max(64).optional(),
        lengthPenalty: z.number().min(0).optional(),
      })
      .strict()
      .optional(),
    explain: z.boolean().optional(),
  })
  .strict();
/** An auto-tune request: search settings on the validation split for `maxMinutes`, keep the best as the run. */
export const autoTuneSchema = z
  .object({
    /** The whole budget: the search and the winner's training. */
    maxMinutes: z
      .number()
      .positive()
      .max(24 * 60),
    /** Configs to try (default 8); the base spec is the first. */
    trials: z.number().int().min(2).max(64).optional(),
    /** Seed of the config draws (default the spec's seed). */
    seed: z.number().int().min(0).optional(),
    /** Steps per trial in the first rung; left out, set from the budget and the first trial's speed. */
    firstRungSteps: z.number().int().positive().optional(),
    /** Search rounds at most (default: new rounds while the budget lasts). */
    rounds: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type AutoTuneRequest = z.infer<typeof autoTuneSchema>;
const runRequest = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), id: requestId, runId: runIdSchema }).strict();

/** Requests a host sends to the trainer; each carries an `id` that its reply echoes. */
export const trainerRequestSchemas = {
  hello: z.object({ type: z.literal('hello'), id: requestId }).strict(),
  /** Starts a run (or continues one from `checkpoint`, the bytes of a checkpoint event). */
  'start-training': z
    .object({
      type: z.literal('start-training'),
      id: requestId,
      runId: runIdSchema,
      spec: runSpecSchema,
      data: trainingDataSchema,
      checkpoint: bytesSchema.optional(),
      /** The language model (`.rnnmodel` bytes) that `spec.train.initFrom` names, to start from. */
      initFrom: dataFileSchema.optional(),
      /** The backward language model (`.rnnmodel` bytes) that `spec.train.initFromBackward` names. */
      initFromBackward: dataFileSchema.optional(),
      /** Search settings first (successive halving on the validation split); the best trial becomes the run. */
      auto: autoTuneSchema.optional(),
      /**
       * The word vectors (`.vec` / GloVe `.txt`) that `spec.model.wordVectors` names: bytes, or a
       * handle the trainer streams in slices (any size: only the vocabulary's rows are kept).
       */
      wordVectors: trainingDataSchema.optional(),
      /** caption: torchvision's resnet18 state dict (`.safetensors`) that `spec.model.image.weights` names. */
      backboneWeights: trainingDataSchema.optional(),
    })
    .strict(),
  'pause-training': runRequest('pause-training'),
  'resume-training': runRequest('resume-training'),
  'stop-training': runRequest('stop-training'),
  /** The runs this trainer holds (a reloaded window finds its run again). */
  'list-runs': z.object({ type: z.literal('list-runs'), id: requestId }).strict(),
  /** Metrics of a model on a split of its run's data, or on a data file. */
  evaluate: z
    .object({
      type: z.literal('evaluate'),
      id: requestId,
      model: modelSourceSchema,
      data: dataFileSchema.optional(),
    })
    .strict(),
  /** Predictions for user inputs (core/tasks/task.ts PredictInput: text, tokens or rows). */
  predict: z
    .object({
      type: z.literal('predict'),
      id: requestId,
      model: modelSourceSchema,
      inputs: z.array(predictInputSchema).min(1).max(10_000),
    })
    .strict(),
  /** The `.rnnmodel` bytes of a run's best (default) or last model. */
  'export-bundle': z
    .object({
      type: z.literal('export-bundle'),
      id: requestId,
      runId: runIdSchema,
      which: z.enum(['best', 'last']).optional(),
    })
    .strict(),
} as const;

export type TrainerRequestType = keyof typeof trainerRequestSchemas;
export type TrainerRequest = {
  [K in TrainerRequestType]: z.infer<(typeof trainerRequestSchemas)[K]>;
}[TrainerRequestType];

/** The compute kernels a trainer runs on, as `hello` reports them (hosts that know say so). */
export const kernelsInfoSchema = z
  .object({
    backend: z.enum(['js', 'wasm']),
    /** Threads the kernels use now: 2 once the wasm helper thread is ready, else 1. */
    threads: z.number().int().min(1).max(2),
  })
  .strict();
export type KernelsInfo = z.infer<typeof kernelsInfoSchema>;

/** What each request's reply carries in `result`. */
export interface TrainerResults {
  hello: { coreVersion: string; host: TrainerHostKind; kernels?: KernelsInfo };
  'start-training': RunStatus;
  'pause-training': RunStatus;
  'resume-training': RunStatus;
  'stop-training': RunStatus;
  'list-runs': { runs: RunStatus[] };
  evaluate: { metrics: Record<string, number> };
  predict: { predictions: Prediction[] };
  'export-bundle': { bytes: Uint8Array; fileName: string };
}

/** Where a run is in its life. */
export type RunState = 'preparing' | 'running' | 'paused' | 'stopping' | 'finished' | 'failed';

/** A run as `list-runs` and the control replies describe it. */
export interface RunStatus {
  runId: string;
  state: RunState;
  task: string;
  epoch: number;
  step: number;
}

/** A message as a key and parameters (core/errors.ts MessageDetail), for the UI to word. */
const messageDetailSchema = z
  .object({
    key: z.enum(MESSAGE_KEYS),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.number()).readonly()])),
  })
  .strict();

/** The serialised form of an error crossing a process boundary. */
export const errorPayloadSchema = z.object({
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
  /** The message as a key and parameters (core/errors.ts MessageDetail), for the UI to word. */
  detail: messageDetailSchema.optional(),
});
export type ErrorPayload = z.infer<typeof errorPayloadSchema>;

/** Messages the trainer sends back: replies, errors, and streamed events. */
export const trainerEventSchemas = {
  reply: z.object({ type: z.literal('reply'), id: requestId, result: z.unknown() }).strict(),
  error: errorPayloadSchema.extend({ type: z.literal('error'), id: requestId.nullable() }).strict(),
  log: z
    .object({
      type: z.literal('log'),
      level: z.enum(['info', 'warn', 'error']),
      message: z.string(),
    })
    .strict(),
  /** A step's progress; at most ~20 a second per run. */
  'training-progress': z
    .object({
      type: z.literal('training-progress'),
      runId: runIdSchema,
      /** 0-based epoch in progress and the number planned. */
      epoch: z.number().int().nonnegative(),
      epochs: z.number().int().positive(),
      /** Steps taken over the run, and planned. */
      step: z.number().int().nonnegative(),
      totalSteps: z.number().int().nonnegative(),
      stepInEpoch: z.number().int().nonnegative(),
      stepsPerEpoch: z.number().int().nonnegative(),
      loss: z.number(),
      smoothedLoss: z.number(),
      lr: z.number(),
      gradNorm: z.number(),
      examplesPerSecond: z.number().nonnegative(),
      etaSeconds: z.number().nonnegative().nullable(),
      elapsedSeconds: z.number().nonnegative(),
      /** The host's peak memory in use so far (bytes), or null when it cannot tell. */
      peakMemoryBytes: z.number().nonnegative().nullable().optional(),
    })
    .strict(),
  /** The final evaluation's progress: examples of `split` scored so far; at most ~4 a second, the last at `total`. */
  'evaluation-progress': z
    .object({
      type: z.literal('evaluation-progress'),
      runId: runIdSchema,
      split: z.enum(['train', 'val', 'test']),
      /** Examples scored so far (sentences, rows, windows, pairs or text chunks). */
      examples: z.number().int().nonnegative(),
      /** The split's size. */
      total: z.number().int().nonnegative(),
    })
    .strict()
    .refine((e) => e.examples <= e.total, { message: 'examples must be at most total' }),
  /** Reading the word vectors before training: bytes read of the file's size; at most ~5 a second, the last at `totalBytes`, then one with the coverage `report`. */
  'vectors-progress': z
    .object({
      type: z.literal('vectors-progress'),
      runId: runIdSchema,
      fileName: z.string(),
      bytesRead: z.number().int().nonnegative(),
      totalBytes: z.number().int().nonnegative(),
      /** Once read (sent after the task is prepared): what the vectors covered. */
      report: z
        .object({
          format: z.enum(['vec', 'glove']),
          dim: z.number().int().positive(),
          vectors: z.number().int().nonnegative(),
          vocabTypes: z.number().int().nonnegative(),
          coveredTypes: z.number().int().nonnegative(),
          trainTokens: z.number().int().nonnegative(),
          coveredTokens: z.number().int().nonnegative(),
          freeze: z.boolean(),
        })
        .strict()
        .optional(),
    })
    .strict()
    .refine((e) => e.bytesRead <= e.totalBytes, {
      message: 'bytesRead must be at most totalBytes',
    }),
  /** An epoch's end: training loss, validation metrics, whether it is the best so far. */
  'training-epoch': z
    .object({
      type: z.literal('training-epoch'),
      runId: runIdSchema,
      epoch: z.number().int().nonnegative(),
      step: z.number().int().nonnegative(),
      trainLoss: z.number(),
      val: z.record(z.string(), z.number()),
      lr: z.number(),
      best: z.boolean(),
      seconds: z.number().nonnegative(),
    })
    .strict(),
  'training-log': z
    .object({
      type: z.literal('training-log'),
      runId: runIdSchema,
      level: z.enum(['info', 'warn', 'error']),
      message: z.string(),
    })
    .strict(),
  'training-finished': z
    .object({
      type: z.literal('training-finished'),
      runId: runIdSchema,
      reason: z.enum(['completed', 'early-stopped', 'stopped', 'time-limit']),
      epochs: z.number().int().nonnegative(),
      step: z.number().int().nonnegative(),
      bestEpoch: z.number().int().nonnegative().nullable(),
      /** Held-out metrics of the best model (test split, or validation when there is none). */
      metrics: z.record(z.string(), z.number()),
      /** The same metrics for the task's trivial baseline (majority class, last value, …). */
      baseline: z.record(z.string(), z.number()),
      /** forecast: target mode and why, seasonal period, MAE per step ahead, the warning when it loses. */
      forecast: forecastOutcomeSchema.optional(),
      /** The held-out split scored on every example: its size, and classify's confusion matrix and per-label scores (tag's too). */
      evaluation: splitReportSchema.optional(),
      /** The host's peak memory over the run, final evaluation included (bytes), or null when unknown. */
      peakMemoryBytes: z.number().nonnegative().nullable().optional(),
    })
    .strict(),
  'training-error': errorPayloadSchema
    .extend({
      type: z.literal('training-error'),
      runId: runIdSchema,
      /** What the user can do about it. */
      suggestion: z.string().optional(),
      /** The suggestion as a key and parameters, for the UI to word. */
      suggestionDetail: messageDetailSchema.optional(),
    })
    .strict(),
  /** An auto-tune search has begun: its plan. */
  'tune-started': z
    .object({ type: z.literal('tune-started'), runId: runIdSchema, plan: tunePlanSchema })
    .strict(),
  /** A trial finished a rung of the search: settings, validation score, epochs, steps, seconds. */
  'tune-trial': z
    .object({ type: z.literal('tune-trial'), runId: runIdSchema, report: trialReportSchema })
    .strict(),
  /**
   * A trial trains in the search (rate-limited as 'training-progress'): which trial, in which
   * round, its epoch and step, and the budget used so far, so the run visibly moves while no
   * trial round has finished yet (the spec training first to its end, a long final comparison).
   */
  'tune-progress': z
    .object({
      type: z.literal('tune-progress'),
      runId: runIdSchema,
      progress: trialProgressSchema,
    })
    .strict(),
  /** The search is over: the winning trial (now trained on as the run) and the leaderboard. */
  'tune-finished': z
    .object({
      type: z.literal('tune-finished'),
      runId: runIdSchema,
      best: z.number().int().nonnegative(),
      leaderboard: z.array(
        trialReportSchema.extend({
          place: z.number().int().positive(),
          dropped: z.boolean(),
        }),
      ),
    })
    .strict(),
  /** A checkpoint for the host to store (atomically) so the run can continue after a crash. */
  checkpoint: z
    .object({
      type: z.literal('checkpoint'),
      runId: runIdSchema,
      kind: z.enum(['best', 'last']),
      epoch: z.number().int().nonnegative(),
      step: z.number().int().nonnegative(),
      bytes: bytesSchema,
    })
    .strict(),
  'training-state': z
    .object({
      type: z.literal('training-state'),
      runId: runIdSchema,
      state: z.enum(['preparing', 'running', 'paused', 'stopping', 'finished', 'failed']),
    })
    .strict(),
} as const;

export type TrainerEventType = keyof typeof trainerEventSchemas;
export type TrainerToHost = {
  [K in TrainerEventType]: z.infer<(typeof trainerEventSchemas)[K]>;
}[TrainerEventType];

export type TrainerReply = Extract<TrainerToHost, { type: 'reply' }>;
export type TrainerErrorMessage = Extract<TrainerToHost, { type: 'error' }>;
/** The events of a training run (everything carrying a `runId`). */
export type TrainingEvent = Extract<TrainerToHost, { runId: string }>;
