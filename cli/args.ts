/** A small, strict argument parser: `--name value`, `--flag`, and positionals; unknown options are errors. */

/** Thrown for bad arguments; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  positionals: string[];
  /** Option values by name without dashes; flags map to true. A repeated option keeps its last value here. */
  options: Map<string, string | true>;
  /** Every value of each value option, in order (for options that may be repeated). */
  all: Map<string, string[]>;
}

/**
 * Parses `args` given the names of options that take a value and of boolean flags.
 * @throws UsageError for an unknown option or a missing value.
 */
export function parseArgs(
  args: readonly string[],
  spec: { values?: readonly string[]; flags?: readonly string[] },
): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const flags = new Set(spec.flags ?? []);
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  const all = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (flags.has(name)) {
      if (eq !== -1) throw new UsageError(`Option '--${name}' takes no value.`);
      options.set(name, true);
    } else if (values.has(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--'))) {
        throw new UsageError(`Option '--${name}' needs a value.`);
      }
      options.set(name, value);
      all.set(name, [...(all.get(name) ?? []), value]);
    } else {
      throw new UsageError(`Unknown option '--${name}'.`);
    }
  }
  return { positionals, options, all };
}

/** The value of `--name` when it was given a value (a flag or an absent option gives undefined). */
export function textOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

/**
 * The value of `--name` as a finite number, or undefined when absent.
 * @throws UsageError naming the option for a value that is not a number.
 */
export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const v = textOption(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`Option '--${name}' must be a number, got '${v}'.`);
  }
  return n;
}

/**
 * The value of `--name` when it is one of `allowed`, or undefined when absent.
 * @throws UsageError naming the option and the allowed values otherwise.
 */
export function choiceOption<T extends string>(
  args: ParsedArgs,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const v = textOption(args, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(
      `Option '--${name}' must be ${allowed.map((a) => `'${a}'`).join(', ')}, got '${v}'.`,
    );
  }
  return v as T;
}

/** Sets `target[key]` only when `value` is defined (exactOptionalPropertyTypes). */
export function putDefined<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}
