/** Zod schemas for the renderer → main requests of channels.ts, and what each resolves with. */
import { z } from 'zod';
import { EXPORT_FORMATS } from '../../../core/io/export/formats.ts';
import { autoTuneSchema } from '../../../core/protocol/messages.ts';
import { runSpecSchema } from '../../../core/tasks/spec.ts';
import { type ProjectView, type RecentProject, savedSpecSchema } from '../projectSchema.ts';
import type { RunRecord } from '../runRecord.ts';
import { safeRunIdSchema } from '../runRecord.ts';
import type { GrantedFile } from './api.ts';
import { INVOKE_CHANNELS, MAX_IPC_SLICE_BYTES } from './channels.ts';
import type { ImageFolderListing, SystemMemory } from './results.ts';

const absolutePath = z.string().min(1).max(32_767);

/** One schema per invoke channel; every payload is an object so fields can be named in errors. */
export const invokePayloadSchemas = {
  [INVOKE_CHANNELS.connectTrainer]: z.object({}).strict(),
  [INVOKE_CHANNELS.openDatasetDialog]: z.object({}).strict(),
  [INVOKE_CHANNELS.grantDroppedFile]: z.object({ path: absolutePath }).strict(),
  [INVOKE_CHANNELS.fileInfo]: z.object({ path: absolutePath }).strict(),
  [INVOKE_CHANNELS.projectGet]: z.object({}).strict(),
  [INVOKE_CHANNELS.projectNew]: z.object({ name: z.string().min(1).max(200) }).strict(),
  [INVOKE_CHANNELS.projectOpenDialog]: z.object({}).strict(),
  [INVOKE_CHANNELS.projectOpenRecent]: z.object({ path: absolutePath }).strict(),
  [INVOKE_CHANNELS.projectRecent]: z.object({}).strict(),
  [INVOKE_CHANNELS.projectSave]: z.object({}).strict(),
  [INVOKE_CHANNELS.projectSaveAsDialog]: z.object({}).strict(),
  [INVOKE_CHANNELS.projectAddDataset]: z.object({ path: absolutePath }).strict(),
  [INVOKE_CHANNELS.projectLocateDataset]: z
    .object({ datasetId: z.string().min(1).max(100), acceptChanged: z.boolean() })
    .strict(),
  [INVOKE_CHANNELS.projectSetSpecs]: z
    .object({ specs: z.array(savedSpecSchema).max(1000) })
    .strict(),
  [INVOKE_CHANNELS.runStart]: z
    .object({
      spec: runSpecSchema,
      path: absolutePath,
      initFromPath: absolutePath.optional(),
      initFromBackwardPath: absolutePath.optional(),
      auto: autoTuneSchema.optional(),
      wordVectorsPath: absolutePath.optional(),
      backboneWeightsPath: absolutePath.optional(),
    })
    .strict(),
  [INVOKE_CHANNELS.runList]: z.object({}).strict(),
  [INVOKE_CHANNELS.runResume]: z.object({ runId: safeRunIdSchema }).strict(),
  [INVOKE_CHANNELS.runCancel]: z.object({ runId: safeRunIdSchema }).strict(),
  [INVOKE_CHANNELS.modelOpenDialog]: z.object({}).strict(),
  [INVOKE_CHANNELS.openImageFolder]: z.object({}).strict(),
  [INVOKE_CHANNELS.exportBundle]: z
    .object({ runId: safeRunIdSchema, which: z.enum(['best', 'last']) })
    .strict(),
  [INVOKE_CHANNELS.exportFolder]: z
    .object({
      runId: safeRunIdSchema,
      which: z.enum(['best', 'last']),
      format: z.enum(EXPORT_FORMATS),
    })
    .strict(),
  [INVOKE_CHANNELS.saveDataset]: z
    .object({
      fileName: z.string().min(1).max(1000),
      // NOTE: the size is checked in the handler so the error can say what to do instead.
      bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be bytes (a Uint8Array)'),
    })
    .strict(),
  [INVOKE_CHANNELS.readGrantedFile]: z.object({ path: absolutePath }).strict(),
  [INVOKE_CHANNELS.readGrantedFileRange]: z
    .object({
      path: absolutePath,
      offset: z
        .number()
        .int({ error: 'must be a whole number of bytes' })
        .min(0, { error: 'must be at least 0' })
        .max(Number.MAX_SAFE_INTEGER, { error: 'must be a safe integer' }),
      length: z
        .number()
        .int({ error: 'must be a whole number of bytes' })
        .min(1, { error: 'must be at least 1' })
        .max(MAX_IPC_SLICE_BYTES, {
          error: `must be at most ${MAX_IPC_SLICE_BYTES} (8 MiB)`,
        }),
    })
    .strict(),
  [INVOKE_CHANNELS.galleryDownload]: z
    .object({
      galleryId: z.string().min(1).max(200),
      files: z.array(z.string().min(1).max(1000)).min(1).max(200).optional(),
    })
    .strict(),
  [INVOKE_CHANNELS.galleryCancel]: z.object({ galleryId: z.string().min(1).max(200) }).strict(),
  [INVOKE_CHANNELS.setLanguage]: z.object({ language: z.enum(['en', 'ko']) }).strict(),
  [INVOKE_CHANNELS.systemMemory]: z.object({}).strict(),
} as const;

export type InvokePayloads = {
  [C in keyof typeof invokePayloadSchemas]: z.infer<(typeof invokePayloadSchemas)[C]>;
};

/** What each invoke channel resolves with. */
export interface InvokeResults {
  [INVOKE_CHANNELS.connectTrainer]: null;
  [INVOKE_CHANNELS.openDatasetDialog]: GrantedFile[];
  [INVOKE_CHANNELS.grantDroppedFile]: GrantedFile;
  [INVOKE_CHANNELS.fileInfo]: GrantedFile;
  [INVOKE_CHANNELS.projectGet]: ProjectView;
  [INVOKE_CHANNELS.projectNew]: ProjectView;
  /** null when the dialog was cancelled. */
  [INVOKE_CHANNELS.projectOpenDialog]: ProjectView | null;
  [INVOKE_CHANNELS.projectOpenRecent]: ProjectView;
  [INVOKE_CHANNELS.projectRecent]: RecentProject[];
  [INVOKE_CHANNELS.projectSave]: ProjectView;
  [INVOKE_CHANNELS.projectSaveAsDialog]: ProjectView | null;
  [INVOKE_CHANNELS.projectAddDataset]: ProjectView;
  [INVOKE_CHANNELS.projectLocateDataset]: ProjectView | null;
  [INVOKE_CHANNELS.projectSetSpecs]: ProjectView;
  [INVOKE_CHANNELS.runStart]: RunRecord;
  [INVOKE_CHANNELS.runList]: RunRecord[];
  [INVOKE_CHANNELS.runResume]: RunRecord;
  [INVOKE_CHANNELS.runCancel]: RunRecord;
  /** The chosen model file, granted, or null when the dialog was cancelled. */
  [INVOKE_CHANNELS.modelOpenDialog]: GrantedFile | null;
  /** The chosen folder, granted, with its files; null when the dialog was cancelled. */
  [INVOKE_CHANNELS.openImageFolder]: ImageFolderListing | null;
  /** The written file's path, or null when the dialog was cancelled. */
  [INVOKE_CHANNELS.exportBundle]: string | null;
  /** The written folder's path, or null when the dialog was cancelled. */
  [INVOKE_CHANNELS.exportFolder]: string | null;
  /** The saved file (in the app's data folder), granted. */
  [INVOKE_CHANNELS.saveDataset]: GrantedFile;
  [INVOKE_CHANNELS.readGrantedFile]: Uint8Array;
  /** The bytes from `offset`: `length` of them, fewer near the end of the file, none at its end. */
  [INVOKE_CHANNELS.readGrantedFileRange]: Uint8Array;
  /** The downloaded or cached files, granted, in the order asked. */
  [INVOKE_CHANNELS.galleryDownload]: GrantedFile[];
  /** Whether a download was running. */
  [INVOKE_CHANNELS.galleryCancel]: boolean;
  [INVOKE_CHANNELS.setLanguage]: null;
  [INVOKE_CHANNELS.systemMemory]: SystemMemory;
}
