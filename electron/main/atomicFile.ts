/** Main's file helpers: the shared atomic write (node/atomicWrite.ts), atomic JSON writes and schema-checked JSON reads under userData. */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { type AtomicWriteOptions, writeFileAtomic } from '../../node/atomicWrite.ts';

export {
  type AtomicWriteFs,
  type AtomicWriteOptions,
  nodeAtomicWriteFs,
  removeStaleTemporaries,
  writeFileAtomic,
} from '../../node/atomicWrite.ts';

/** Writes `value` as pretty JSON, atomically. */
export function writeJsonAtomic(
  target: string,
  value: unknown,
  options: AtomicWriteOptions = {},
): Promise<void> {
  return writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`, options);
}

/** The outcome of {@link readJsonFile}: a value, or why there is none. */
export type JsonReadResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'missing' | 'invalid'; message: string };

/**
 * Reads and validates a JSON file. A missing, unparsable or schema-violating file is reported,
 * not thrown, because callers (window state, recent list) fall back to defaults.
 * @throws the underlying error for anything but a missing file (e.g. permission denied).
 */
export async function readJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
): Promise<JsonReadResult<z.infer<S>>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ok: false, reason: 'missing', message: `'${path}' does not exist.` };
    }
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'invalid', message: `'${path}': ${(err as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return { ok: false, reason: 'invalid', message: `'${path}': ${issues.join('; ')}` };
  }
  return { ok: true, value: parsed.data };
}
