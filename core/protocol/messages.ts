/** The one message contract between renderer, main and trainer: types and their zod schemas. */
import { z } from 'zod';

/** Which kind of process the trainer endpoint is running in. */
export const TRAINER_HOSTS = ['electron-utility', 'web-worker', 'node-worker'] as const;
export type TrainerHostKind = (typeof TRAINER_HOSTS)[number];

const requestId = z.number().int().nonnegative();

/** Requests a host sends to the trainer; each carries an `id` that its reply echoes. */
export const trainerRequestSchemas = {
  hello: z.object({ type: z.literal('hello'), id: requestId }).strict(),
} as const;

export type TrainerRequestType = keyof typeof trainerRequestSchemas;
export type TrainerRequest = {
  [K in TrainerRequestType]: z.infer<(typeof trainerRequestSchemas)[K]>;
}[TrainerRequestType];

/** What each request's reply carries in `result`. */
export interface TrainerResults {
  hello: { coreVersion: string; host: TrainerHostKind };
}

/** The serialised form of an error crossing a process boundary. */
export const errorPayloadSchema = z.object({
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
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
} as const;

export type TrainerEventType = keyof typeof trainerEventSchemas;
export type TrainerToHost = {
  [K in TrainerEventType]: z.infer<(typeof trainerEventSchemas)[K]>;
}[TrainerEventType];

export type TrainerReply = Extract<TrainerToHost, { type: 'reply' }>;
export type TrainerErrorMessage = Extract<TrainerToHost, { type: 'error' }>;
