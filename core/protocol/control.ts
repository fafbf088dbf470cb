/** Control messages between the host process (Electron main) and the trainer process it owns — not training traffic, which uses ports and messages.ts. */
import { z } from 'zod';

/** Main → trainer over the parent channel. */
export const trainerControlSchema = z.discriminatedUnion('type', [
  /**
   * Carries one transferred MessagePort: a window's connection (`role` 'renderer', the default),
   * or main's own (`role` 'main': starts queued runs from file paths and receives checkpoints).
   */
  z
    .object({ type: z.literal('connect-port'), role: z.enum(['renderer', 'main']).optional() })
    .strict(),
  /** Asks the trainer to finish and exit with code 0. */
  z.object({ type: z.literal('shutdown') }).strict(),
]);
export type TrainerControl = z.infer<typeof trainerControlSchema>;

/** Trainer → main over the parent channel. */
export const trainerStatusSchema = z.discriminatedUnion('type', [
  /** The trainer is listening; sent once at start-up. */
  z.object({ type: z.literal('ready'), pid: z.number().int() }).strict(),
  /** A control message was refused; the message says why. */
  z.object({ type: z.literal('control-error'), message: z.string() }).strict(),
]);
export type TrainerStatus = z.infer<typeof trainerStatusSchema>;
