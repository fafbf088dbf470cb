/** Zod schemas for the renderer → main requests of preload/channels.ts, and what each resolves with. */
import { z } from 'zod';
import type { GrantedFile } from '../preload/api.ts';
import { INVOKE_CHANNELS } from '../preload/channels.ts';

// NOTE: these belong with the other message schemas in core/protocol/messages.ts
// (RendererToMain); they live here until that file grows a renderer ↔ main section.

const absolutePath = z.string().min(1).max(32_767);

/** One schema per invoke channel; every payload is an object so fields can be named in errors. */
export const invokePayloadSchemas = {
  [INVOKE_CHANNELS.connectTrainer]: z.object({}).strict(),
  [INVOKE_CHANNELS.openExternal]: z.object({ url: z.string().min(1).max(2048) }).strict(),
  [INVOKE_CHANNELS.openDatasetDialog]: z.object({}).strict(),
  [INVOKE_CHANNELS.grantDroppedFile]: z.object({ path: absolutePath }).strict(),
  [INVOKE_CHANNELS.fileInfo]: z.object({ path: absolutePath }).strict(),
} as const;

export type InvokePayloads = {
  [C in keyof typeof invokePayloadSchemas]: z.infer<(typeof invokePayloadSchemas)[C]>;
};

/** What each invoke channel resolves with. */
export interface InvokeResults {
  [INVOKE_CHANNELS.connectTrainer]: null;
  [INVOKE_CHANNELS.openExternal]: null;
  [INVOKE_CHANNELS.openDatasetDialog]: GrantedFile[];
  [INVOKE_CHANNELS.grantDroppedFile]: GrantedFile;
  [INVOKE_CHANNELS.fileInfo]: GrantedFile;
}
