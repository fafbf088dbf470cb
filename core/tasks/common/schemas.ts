/** Zod schemas for the JSON pieces tasks keep in their state (tokenizer settings), checked when a bundle is restored. */
import { z } from 'zod';
import { ConfigError } from '../../errors.ts';

/** core/data's TokenizerConfig. */
export const tokenizerConfigSchema = z.union([
  z.object({ kind: z.enum(['char', 'word']), lowercase: z.boolean() }).strict(),
  z
    .object({
      kind: z.literal('bpe'),
      lowercase: z.boolean(),
      merges: z.array(z.tuple([z.string(), z.string()])),
    })
    .strict(),
]);

/**
 * Parses a task state with its schema.
 * @throws ConfigError `<task>: the saved task state must be valid, got <first problem>.`
 */
export function parseState<T>(kind: string, schema: z.ZodType<T>, state: unknown): T {
  const result = schema.safeParse(state);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path =
      issue === undefined || issue.path.length === 0 ? '' : ` at '${issue.path.join('.')}'`;
    throw new ConfigError(
      `${kind}: the saved task state must be valid, got ${issue?.message ?? 'an invalid value'}${path}.`,
    );
  }
  return result.data;
}
