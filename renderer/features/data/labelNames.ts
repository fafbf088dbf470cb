/** Label names in the Data section: the codes a classify label column holds, and the names the user gives them (spec.data.labelNames). */
import { labelOf } from '../../../core/data/columnTypes.ts';

/** Most codes the Data section offers to name (a column with more is not a set of codes). */
export const MAX_NAMED_CODES = 50;

/** The distinct labels of `values` (trimmed, missing markers left out), in the order the model sorts classes. */
export function labelCodes(values: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const raw of values) {
    const label = labelOf(raw);
    if (label !== null) codes.add(label);
  }
  const all = [...codes];
  const numeric = all.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
  return numeric ? all.sort((a, b) => Number(a) - Number(b)) : all.sort();
}

/**
 * The names to keep in the spec: `names` with `code` set to `name` (trimmed; blank removes it),
 * or undefined when no code has a name.
 */
export function withLabelName(
  names: Readonly<Record<string, string>> | undefined,
  code: string,
  name: string,
): Record<string, string> | undefined {
  const next: Record<string, string> = { ...names };
  const trimmed = name.trim();
  if (trimmed === '') delete next[code];
  else next[code] = trimmed;
  return Object.keys(next).length > 0 ? next : undefined;
}

/** Labels that more than one of `codes` would read as (those codes become one class). */
export function sharedNames(
  codes: readonly string[],
  names: Readonly<Record<string, string>> | undefined,
): string[] {
  const seen = new Map<string, number>();
  for (const code of codes) {
    const label =
      names !== undefined && Object.hasOwn(names, code) ? (names[code] as string) : code;
    seen.set(label, (seen.get(label) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([label]) => label);
}
