/** Checks every message on arrival against the schemas of messages.ts and names what is wrong. */
import type { z } from 'zod';
import { ConfigError, DatasetError, type MessageDetail, ProtocolError } from '../errors.ts';
import {
  type ErrorPayload,
  type TrainerRequest,
  type TrainerToHost,
  trainerEventSchemas,
  trainerRequestSchemas,
} from './messages.ts';

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(message)';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

function validateAgainst<T>(
  schemas: Record<string, z.ZodType>,
  raw: unknown,
  direction: string,
): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProtocolError(
      `Malformed ${direction} message: expected an object with a 'type', got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}.`,
      'malformed',
    );
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string') {
    throw new ProtocolError(
      `Malformed ${direction} message: 'type' must be a string, got ${type === undefined ? 'nothing' : typeof type}.`,
      'malformed',
    );
  }
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (schema === undefined) {
    throw new ProtocolError(`Unsupported message type '${type}'.`, 'unsupported');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ProtocolError(
      `Malformed '${type}' message: ${describeIssues(parsed.error.issues)}.`,
      'malformed',
    );
  }
  return parsed.data as T;
}

/**
 * Validates a request arriving at the trainer.
 * @throws ProtocolError naming the bad field, or `Unsupported message type '<type>'.`
 */
export function validateTrainerRequest(raw: unknown): TrainerRequest {
  return validateAgainst<TrainerRequest>(trainerRequestSchemas, raw, 'trainer request');
}

/**
 * Validates a message arriving from the trainer.
 * @throws ProtocolError naming the bad field, or `Unsupported message type '<type>'.`
 */
export function validateTrainerMessage(raw: unknown): TrainerToHost {
  return validateAgainst<TrainerToHost>(trainerEventSchemas, raw, 'trainer');
}

/** The `id` of a raw message if it has a usable one, so an error reply can be correlated. */
export function rawRequestId(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}

/** A detail as plain data (structured-clone safe). */
export function copyDetail(detail: MessageDetail): MessageDetail {
  return { key: detail.key, params: { ...detail.params } };
}

/** Turns any thrown value into the structured-clone-safe error payload. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const detail = err instanceof DatasetError || err instanceof ConfigError ? err.detail : undefined;
  return withDetail(err, detail);
}

/** The payload of `err` with `detail` (a key and parameters, copied for structured clone) when given. */
export function withDetail(err: Error, detail: MessageDetail | undefined): ErrorPayload {
  return {
    name: err.name,
    message: err.message,
    ...(err.stack === undefined ? {} : { stack: err.stack }),
    ...(detail === undefined ? {} : { detail: copyDetail(detail) }),
  };
}
