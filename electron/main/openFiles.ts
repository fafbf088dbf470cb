/** Files the OS asks the app to open (command line, second instance, macOS open-file): projects go to the ProjectSession, other files are queued until a window listens. */
import { extname, isAbsolute, resolve } from 'node:path';
import { PROJECT_EXTENSION, type ProjectView } from '../common/projectSchema.ts';

/** Datasets the app opens from the OS ("Open with RNN Studio", a file dropped on the dock icon). */
export const OPENABLE_DATASET_EXTENSIONS = ['.csv', '.tsv', '.jsonl', '.conllu', '.xlsx'] as const;

/** Extensions the app registers as file associations (see build/electron-builder.yml). */
export const OPENABLE_EXTENSIONS = [
  '.rnnmodel',
  PROJECT_EXTENSION,
  ...OPENABLE_DATASET_EXTENSIONS,
] as const;

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

/** How an OS-opened project file is opened, and who hears about it (main.ts: ProjectSession, the windows). */
export interface ProjectOpener {
  /** Opens the project (main.ts: grants it and its datasets, then ProjectSession.open). */
  open(path: string): Promise<ProjectView>;
  /** The project is open; tell the UI. */
  opened(view: ProjectView): void;
  /** The file could not be opened (damaged, newer format, gone); tell the user. */
  failed(path: string, error: Error): void;
}

/**
 * Routes files the OS asks the app to open: `.rnnproj` files are opened as the project (in
 * order, one at a time), every other file goes to the {@link OpenFileQueue} for the window.
 * Projects that arrive before the session exists (macOS sends open-file before 'ready') wait
 * until {@link attachProjects}.
 */
export class OpenedFileRouter {
  private opener: ProjectOpener | null = null;
  private pendingProjects: string[] = [];
  private opening: Promise<void> = Promise.resolve();

  constructor(private readonly files: OpenFileQueue) {}

  /** Routes one path; the promise settles when a project path has been opened (or failed). */
  route(path: string): Promise<void> {
    if (extname(path).toLowerCase() !== PROJECT_EXTENSION) {
      this.files.push(path);
      return Promise.resolve();
    }
    if (this.opener === null) {
      this.pendingProjects.push(path);
      return Promise.resolve();
    }
    return this.openProject(this.opener, path);
  }

  /** Attaches the project opener and opens the projects that waited for it, in order. */
  attachProjects(opener: ProjectOpener): Promise<void> {
    this.opener = opener;
    const pending = this.pendingProjects;
    this.pendingProjects = [];
    return Promise.all(pending.map((path) => this.openProject(opener, path))).then(() => undefined);
  }

  private openProject(opener: ProjectOpener, path: string): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        opener.opened(await opener.open(path));
      } catch (err) {
        opener.failed(path, err instanceof Error ? err : new Error(String(err)));
      }
    };
    // NOTE: opens never overlap, so two double-clicked projects end with the later one open.
    this.opening = this.opening.then(run);
    return this.opening;
  }
}
