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
