/** Files the OS asks the app to open (command line, second instance, macOS open-file), queued until a window listens. */
import { isAbsolute, resolve } from 'node:path';

/** Extensions the app registers as file associations (see build/electron-builder.yml). */
export const OPENABLE_EXTENSIONS = ['.rnnmodel'] as const;

/**
 * Picks the files to open from a process's arguments: existing-looking paths with an openable
 * extension, made absolute against `cwd`. Flags (`--foo`) and the executable itself are skipped.
 */
export function filesFromArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-'))
    .filter((arg) => OPENABLE_EXTENSIONS.some((ext) => arg.toLowerCase().endsWith(ext)))
    .map((arg) => (isAbsolute(arg) ? resolve(arg) : resolve(cwd, arg)));
}

/** Holds paths until a window can receive them, then hands each over exactly once. */
export class OpenFileQueue {
  private pending: string[] = [];
  private deliver: ((path: string) => void) | null = null;

  /** Queues a path, or delivers it at once when a receiver is attached. */
  push(path: string): void {
    if (this.deliver === null) this.pending.push(path);
    else this.deliver(path);
  }

  /** Attaches the receiver and flushes what was queued; `null` detaches (window closed). */
  attach(deliver: ((path: string) => void) | null): void {
    this.deliver = deliver;
    if (deliver === null) return;
    const pending = this.pending;
    this.pending = [];
    for (const path of pending) deliver(path);
  }
}
