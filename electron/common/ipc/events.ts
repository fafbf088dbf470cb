/** Zod schemas for the main → renderer events of channels.ts, and the check the preload runs on each one as it arrives. */
import { z } from 'zod';
import type { DownloadProgress } from '../../../core/data/gallery/types.ts';
import { validateTrainerMessage } from '../../../core/protocol/validate.ts';
import { projectViewSchema } from '../projectSchema.ts';
import { runEventSchema } from '../runRecord.ts';
import type { GrantedFile, MenuCommand, StudioEvent, WriteFailure } from './api.ts';
import { EVENT_CHANNELS, type EventChannel } from './channels.ts';

/** A file main granted, as the renderer sees it (also what several requests resolve with). */
export const grantedFileSchema = z
  .object({
    path: z.string().min(1),
    name: z.string(),
    size: z.number().int().nonnegative(),
  })
  .strict() satisfies z.ZodType<GrantedFile>;

const menuCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('new-project') }).strict(),
  z.object({ command: z.literal('open-project') }).strict(),
  z.object({ command: z.literal('save-project-as') }).strict(),
  z.object({ command: z.literal('open-recent-project'), path: z.string().min(1) }).strict(),
]) satisfies z.ZodType<MenuCommand>;

const writeFailureSchema = z
  .object({
    kind: z.enum(['autosave', 'checkpoint', 'storage']),
    path: z.string().min(1).nullable(),
    runId: z.string().optional(),
    message: z.string(),
  })
  .strict() satisfies z.ZodType<WriteFailure>;

const downloadProgressSchema = z
  .object({
    entryId: z.string().min(1),
    file: z.string(),
    fileIndex: z.number().int().nonnegative(),
    fileCount: z.number().int().nonnegative(),
    bytesReceived: z.number().nonnegative(),
    bytesTotal: z.number().nonnegative().optional(),
    fromCache: z.boolean(),
  })
  .strict() satisfies z.ZodType<DownloadProgress>;

/** A shell event is a trainer event (core/protocol), checked by the trainer contract's validator. */
const studioEventSchema = z.unknown().transform((data, ctx): StudioEvent => {
  try {
    const message = validateTrainerMessage(data);
    if (message.type !== 'reply') return message;
    ctx.addIssue({ code: 'custom', message: 'must not be a reply' });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
  return z.NEVER;
});

/** Each event channel's payload schema, and what it carries in words (for the error when it does not). */
export const eventPayloadSchemas = {
  // NOTE: the port travels in `event.ports`, beside a null payload.
  [EVENT_CHANNELS.trainerPort]: { what: 'no data beside its port', schema: z.null() },
  [EVENT_CHANNELS.shellEvent]: { what: 'a trainer event', schema: studioEventSchema },
  [EVENT_CHANNELS.openFile]: {
    what: 'a granted file (path, name and size)',
    schema: grantedFileSchema,
  },
  [EVENT_CHANNELS.runEvent]: {
    what: 'a run event (run-updated or run-interrupted)',
    schema: runEventSchema,
  },
  [EVENT_CHANNELS.downloadProgress]: {
    what: 'the progress of a gallery download',
    schema: downloadProgressSchema,
  },
  [EVENT_CHANNELS.menuCommand]: {
    what: 'one of the File menu commands',
    schema: menuCommandSchema,
  },
  [EVENT_CHANNELS.projectChanged]: { what: 'the project view', schema: projectViewSchema },
  [EVENT_CHANNELS.writeFailed]: {
    what: 'a write failure (kind, path and message)',
    schema: writeFailureSchema,
  },
} as const satisfies Record<EventChannel, { what: string; schema: z.ZodType }>;

/** What each event channel carries, as main sends it and the renderer receives it. */
export type EventPayloads = {
  [C in EventChannel]: z.output<(typeof eventPayloadSchemas)[C]['schema']>;
};

/** An event's payload after its check: the value, or a one-line message saying what is wrong. */
export type EventCheck<C extends EventChannel> =
  | { ok: true; value: EventPayloads[C] }
  | { ok: false; message: string };

/**
 * Checks an event's payload against its channel's schema.
 * The message reads `Preload: '<channel>' must carry <what>, got <field>: <problem>.`
 */
export function checkEvent<C extends EventChannel>(channel: C, data: unknown): EventCheck<C> {
  const { what, schema } = eventPayloadSchemas[channel];
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data as EventPayloads[C] };
  const issues = parsed.error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(payload)'}: ${i.message}`)
    .join('; ');
  return { ok: false, message: `Preload: '${channel}' must carry ${what}, got ${issues}.` };
}
