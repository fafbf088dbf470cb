/** JSON documents holding records: a top-level array of objects, or one wrapped in an object (`{"items": […]}`). */
import { DatasetError } from '../errors.ts';

/** Deepest nesting a JSON document may have; deeper ones are refused before parsing. */
export const MAX_JSON_DEPTH = 64;

/** Most record paths a document reports (the first ones found, shallow ones first). */
export const MAX_JSON_PATHS = 20;

/** A path in a JSON document that leads to records, and how many it leads to. */
export interface JsonPathChoice {
  path: string;
  records: number;
}

/** The records of a JSON document and where they were found. */
export interface JsonRecords {
  records: Record<string, unknown>[];
  /** Dotted path of the array (`''` for a top-level array, `items`, `data.rows`). */
  path: string;
  /** 1-based line each record starts on. */
  lines: number[];
  /** Every path that leads to records (at most {@link MAX_JSON_PATHS}), for the user to choose from. */
  paths: JsonPathChoice[];
}

/** True when a text sample starts like a JSON document (an array, or an object spread over lines). */
export function looksLikeJsonDocument(head: string): boolean {
  const t = head.trimStart();
  return /^\[\s*([{[\]]|$)/.test(t) || (t.startsWith('{') && !/^\{[^\n]*\}\s*(\n|$)/.test(t));
}

/** Line (1-based) of character `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Refuses nesting deeper than {@link MAX_JSON_DEPTH} (which would overflow the parser's stack).
 * @throws DatasetError ('format') naming the line.
 */
function checkDepth(text: string, fileName: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new DatasetError(
          `'${fileName}' line ${lineAt(text, i)}: the JSON is nested more than ${MAX_JSON_DEPTH} levels deep. Flatten the records (one object per record, values at most a few levels deep).`,
          'format',
        );
      }
    } else if (c === 93 || c === 125) depth--;
  }
}

function isRecordArray(v: unknown): v is Record<string, unknown>[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))
  );
}

/** The longest array of objects within three levels of `root`, with its dotted path. */
function findRecords(
  root: unknown,
  path: string,
  level: number,
): { path: string; value: Record<string, unknown>[] } | null {
  if (isRecordArray(root)) return { path, value: root };
  if (level >= 3 || typeof root !== 'object' || root === null || Array.isArray(root)) return null;
  let best: { path: string; value: Record<string, unknown>[] } | null = null;
  for (const [key, value] of Object.entries(root)) {
    const found = findRecords(value, path === '' ? key : `${path}.${key}`, level + 1);
    if (found !== null && (best === null || found.value.length > best.value.length)) best = found;
  }
  return best;
}

function field(at: unknown, key: string): unknown {
  return typeof at === 'object' && at !== null && !Array.isArray(at)
    ? (at as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The value at a dotted path, and how many lists the path went through. A key applied to a list
 * of records is read in each record and the lists found are joined, so `data.paragraphs` gives
 * every paragraph of every record of `data` (records holding lists: one example per item).
 */
function follow(root: unknown, path: string): { value: unknown; crossed: number } {
  let at = root;
  let crossed = 0;
  for (const key of path === '' ? [] : path.split('.')) {
    if (Array.isArray(at)) {
      crossed++;
      at = at.flatMap((item) => {
        const v = field(item, key);
        return v === undefined ? [] : Array.isArray(v) ? v : [v];
      });
    } else at = field(at, key);
  }
  return { value: at, crossed };
}

/** Keys of `records` whose values are lists of objects in some record (first seen first). */
function listKeys(records: readonly Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      if (!keys.has(k) && isRecordArray(v)) keys.add(k);
    }
  }
  return [...keys];
}

/**
 * Every path within three levels that leads to records: arrays of objects, and the lists of
 * objects those records hold (read through every record). Shallow paths come first.
 */
export function jsonRecordPaths(root: unknown): JsonPathChoice[] {
  const out: JsonPathChoice[] = [];
  const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
  const visit = (value: unknown, path: string, level: number): void => {
    if (out.length >= MAX_JSON_PATHS) return;
    if (isRecordArray(value)) {
      out.push({ path, records: value.length });
      if (level >= 3) return;
      for (const key of listKeys(value)) {
        visit(follow(value, key).value, join(path, key), level + 1);
      }
      return;
    }
    if (level >= 3 || typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const [key, v] of Object.entries(value)) visit(v, join(path, key), level + 1);
  };
  visit(root, '', 0);
  return out;
}

/**
 * Record start lines: each `{` opened at `recordDepth` (1 for a top-level array, one more per
 * path segment), in order. For a wrapped array, an earlier array at the same depth would shift
 * them; they are for messages only.
 */
function recordLines(text: string, count: number, recordDepth: number): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length && lines.length < count; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (c === 123 && depth === recordDepth) lines.push(line);
      depth++;
    } else if (c === 93 || c === 125) depth--;
  }
  while (lines.length < count) lines.push(line);
  return lines;
}

/**
 * Parses a JSON document and finds its records: a top-level array of objects, the array at
 * `jsonPath`, or else the longest array of objects within three levels (its path is proposed).
 * @throws DatasetError ('format') for invalid or too deeply nested JSON, or no array of objects.
 */
export function parseJsonRecords(
  text: string,
  options: { fileName: string; jsonPath?: string | undefined },
): JsonRecords {
  const { fileName } = options;
  checkDepth(text, fileName);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    const line = at === null ? 1 : lineAt(text, Number(at[1]));
    throw new DatasetError(
      `'${fileName}' line ${line}: the file is not valid JSON (${(err as Error).message}). Fix the JSON or save the data as CSV.`,
      'format',
    );
  }
  const chosen = options.jsonPath === undefined ? null : follow(root, options.jsonPath);
  const found =
    options.jsonPath !== undefined && chosen !== null
      ? { path: options.jsonPath, value: chosen.value }
      : findRecords(root, '', 0);
  if (found === null || !isRecordArray(found.value)) {
    const where =
      options.jsonPath === undefined ? 'anywhere in the file' : `at '${options.jsonPath}'`;
    const paths = jsonRecordPaths(root).map((p) => `'${p.path}'`);
    const choose =
      paths.length > 0
        ? `Choose a path that holds records (${paths.join(', ')})`
        : 'Choose the path of the records';
    throw new DatasetError(
      `'${fileName}' line 1: no array of objects (records like [{"text": "…", "label": "…"}]) ${where}. ${choose} or save the data as CSV.`,
      'format',
    );
  }
  const segments = found.path === '' ? 0 : found.path.split('.').length;
  const depth = 1 + segments + (chosen?.crossed ?? 0);
  return {
    records: found.value,
    path: found.path,
    lines: recordLines(text, found.value.length, depth),
    paths: jsonRecordPaths(root),
  };
}
