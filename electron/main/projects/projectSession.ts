/** The open project in main: new / open / save / save-as, debounced autosave, dataset checks and relocation, the recent list. */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { WriteFailure } from '../../common/ipc/api.ts';
import {
  type DatasetRef,
  type DatasetStatus,
  PROJECT_EXTENSION,
  PROJECT_FORMAT,
  type Project,
  type ProjectView,
  type RecentProject,
  type SavedSpec,
} from '../../common/projectSchema.ts';
import type { RunRecord } from '../../common/runRecord.ts';
import type { AtomicWriteFs } from '../atomicFile.ts';
import { checkProjectDataset, describeDataset } from './datasetRef.ts';
import { readProject, writeProject } from './projectFile.ts';
import { RecentProjects } from './recentProjects.ts';

/** Options for {@link ProjectSession}. */
export interface ProjectSessionOptions {
  /** app.getPath('userData'): autosaves of unsaved projects and the recent list live here. */
  userDataDir: string;
  /** Quiet time after the last change before the project is written. */
  autosaveMs: number;
  /** File operations for writes; tests inject one that fails. */
  fs?: AtomicWriteFs;
  /** Clock and id source; injectable for tests. */
  now?: () => Date;
  newId?: () => string;
  /** Autosave failures are logged, not thrown (nobody awaits a timer). */
  log: (line: string) => void;
  /** Called with the view after an autosave reached the disk (windows show "saved"). */
  onAutosaved?: (view: ProjectView) => void;
  /** Called when an autosave could not be written (windows show it: nobody awaits a timer). */
  onAutosaveFailed?: (failure: WriteFailure) => void;
}

/** Why quitting now could lose work, or null when nothing would be lost. */
export type QuitConcern =
  /** The last write of the project failed; its file (or autosave) is older than what is open. */
  | { reason: 'write-failed'; path: string; message: string }
  /** The project has content but was never saved to a file of the user's (only autosaved). */
  | { reason: 'unsaved'; name: string };

/** Raised for a project request that cannot be done as asked. */
export class ProjectRequestError extends Error {
  override readonly name = 'ProjectRequestError';
}

/**
 * One open project at a time. Every change goes through `update` and is written after
 * `autosaveMs` of quiet, atomically, to the project's file (or, before the first save, to
 * userData/autosave/<id>.rnnproj). Files outside userData are only ones the user chose.
 */
export class ProjectSession {
  private project: Project;
  private path: string | null = null;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private statuses: Record<string, DatasetStatus> = {};
  /** The failure of the last write, until a write succeeds. */
  private lastFailure: WriteFailure | null = null;
  private readonly recentList: RecentProjects;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: ProjectSessionOptions) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.recentList = new RecentProjects(join(options.userDataDir, 'recent-projects.json'), {
      ...(options.fs === undefined ? {} : { fs: options.fs }),
    });
    this.project = this.blank('Untitled');
  }

  /** The open project as the UI sees it. */
  view(): ProjectView {
    return {
      project: structuredClone(this.project),
      path: this.path,
      dirty: this.dirty,
      datasets: { ...this.statuses },
    };
  }

  /** Where an unsaved project autosaves. */
  autosavePath(): string {
    return join(this.options.userDataDir, 'autosave', `${this.project.id}${PROJECT_EXTENSION}`);
  }

  /** Replaces the open project with an empty one (the previous one is flushed first). */
  async newProject(name: string): Promise<ProjectView> {
    await this.flush();
    this.project = this.blank(name);
    this.path = null;
    this.dirty = false;
    this.statuses = {};
    return this.view();
  }

  /**
   * Opens a project file, checks its datasets (only those inside its folder are read: others are
   * `unconfirmed` until located), and puts it on the recent list.
   * @throws ProjectFormatError for a file that is not a project this version opens.
   */
  async open(path: string): Promise<ProjectView> {
    const project = await readProject(path);
    await this.flush();
    this.project = project;
    this.path = path;
    this.dirty = false;
    await this.refreshDatasets(path);
    await this.remember();
    return this.view();
  }

  /**
   * Writes the project to its file now.
   * @throws ProjectRequestError `Project: choose where to save it first (Save As…).` when it has none.
   */
  async save(): Promise<ProjectView> {
    if (this.path === null) {
      throw new ProjectRequestError('Project: choose where to save it first (Save As…).');
    }
    await this.writeNow();
    await this.remember();
    return this.view();
  }

  /** Writes the project to `path` (adding `.rnnproj` when missing) and makes that its file. */
  async saveAs(path: string): Promise<ProjectView> {
    const target = extname(path) === PROJECT_EXTENSION ? path : `${path}${PROJECT_EXTENSION}`;
    this.path = target;
    if (this.project.name === 'Untitled') this.project.name = basename(target, PROJECT_EXTENSION);
    await this.writeNow();
    await this.remember();
    return this.view();
  }

  /** Changes the project; it is written after `autosaveMs` without further changes. */
  update(change: (project: Project) => void): ProjectView {
    change(this.project);
    this.project.updatedAt = this.now().toISOString();
    this.dirty = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.writeNow().then(
        () => this.options.onAutosaved?.(this.view()),
        (err: unknown) => {
          this.options.log(`Project: autosave failed: ${(err as Error).message}`);
          if (this.lastFailure !== null) this.options.onAutosaveFailed?.(this.lastFailure);
        },
      );
    }, this.options.autosaveMs);
    return this.view();
  }

  /** Writes a pending autosave at once and waits for writes in flight (quit, switching projects). */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      await this.writeNow();
    }
    await this.writing;
  }

  /**
   * Whether quitting now could lose work: the last write failed, or a project with datasets,
   * specs or runs was never saved to a file of the user's. Call after {@link flush}.
   */
  quitConcern(): QuitConcern | null {
    if (this.lastFailure !== null) {
      return {
        reason: 'write-failed',
        path: this.lastFailure.path ?? this.autosavePath(),
        message: this.lastFailure.message,
      };
    }
    const p = this.project;
    const hasContent = p.datasets.length > 0 || p.specs.length > 0 || p.runs.length > 0;
    return this.path === null && hasContent ? { reason: 'unsaved', name: p.name } : null;
  }

  /** Replaces the project's runs with the registry's (kept in step by main). */
  setRuns(runs: readonly RunRecord[]): void {
    this.update((p) => {
      p.runs = structuredClone([...runs]);
    });
  }

  /** Replaces the saved specs. */
  setSpecs(specs: readonly SavedSpec[]): ProjectView {
    return this.update((p) => {
      p.specs = structuredClone([...specs]);
    });
  }

  /** Adds a granted data file by reference (or returns the existing reference to that path). */
  async addDataset(path: string): Promise<DatasetRef> {
    const existing = this.project.datasets.find((d) => d.path === path);
    if (existing !== undefined) return structuredClone(existing);
    const ref = await describeDataset(path, this.newId());
    this.update((p) => p.datasets.push(ref));
    this.statuses[ref.id] = { status: 'ok' };
    return structuredClone(ref);
  }

  /**
   * Points a dataset at the file the user located. A file that is not the same (size or first
   * MiB differ) is refused unless `acceptChanged`; runs on the old path follow it.
   * @throws ProjectRequestError for an unknown dataset id, or a different file without `acceptChanged`.
   */
  async locateDataset(
    id: string,
    path: string,
    options: { acceptChanged: boolean },
  ): Promise<ProjectView> {
    const ref = this.project.datasets.find((d) => d.id === id);
    if (ref === undefined) {
      throw new ProjectRequestError(
        `Project: datasetId must name a dataset of the project, got '${id}'.`,
      );
    }
    const located = await describeDataset(path, id);
    const same = located.size === ref.size && located.headSha256 === ref.headSha256;
    if (!same && !options.acceptChanged) {
      throw new ProjectRequestError(
        `Project: '${path}' is not the same file as '${ref.name}' (size or content differ); choose it anyway to use it instead.`,
      );
    }
    const oldPath = ref.path;
    this.update((p) => {
      p.datasets = p.datasets.map((d) => (d.id === id ? { ...located, name: ref.name } : d));
      for (const run of p.runs) {
        if (run.dataset.path === oldPath) run.dataset.path = path;
      }
    });
    this.statuses[id] = { status: 'ok' };
    return this.view();
  }

  /** The recent projects, newest first. */
  recent(): Promise<RecentProject[]> {
    return this.recentList.list();
  }

  /** Whether `path` is on the recent list. */
  isRecent(path: string): Promise<boolean> {
    return this.recentList.has(path);
  }

  private blank(name: string): Project {
    const at = this.now().toISOString();
    return {
      app: 'rnn-studio',
      kind: 'project',
      version: PROJECT_FORMAT,
      id: this.newId(),
      name,
      createdAt: at,
      updatedAt: at,
      datasets: [],
      specs: [],
      runs: [],
    };
  }

  /**
   * Checks the datasets of a project just opened from `path`: those in its folder or in the app's
   * data folders (saved samples, gallery downloads); see checkProjectDataset.
   */
  private async refreshDatasets(path: string): Promise<void> {
    const { userDataDir } = this.options;
    const folders = [dirname(path), join(userDataDir, 'datasets'), join(userDataDir, 'gallery')];
    const entries = await Promise.all(
      this.project.datasets.map(
        async (d) => [d.id, await checkProjectDataset(d, folders)] as const,
      ),
    );
    this.statuses = Object.fromEntries(entries);
  }

  private remember(): Promise<RecentProject[]> | undefined {
    if (this.path === null) return undefined;
    return this.recentList.touch({
      path: this.path,
      name: this.project.name,
      openedAt: this.now().toISOString(),
    });
  }

  /** Queues one write of the current state; writes never overlap. */
  private writeNow(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const snapshot = structuredClone(this.project);
    const target = this.path ?? this.autosavePath();
    const write = async (): Promise<void> => {
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeProject(target, snapshot, {
          ...(this.options.fs === undefined ? {} : { fs: this.options.fs }),
        });
      } catch (err) {
        this.lastFailure = { kind: 'autosave', path: target, message: (err as Error).message };
        throw err;
      }
      this.lastFailure = null;
      // Changes made while writing stay dirty (and have their own autosave pending).
      if (this.project.updatedAt === snapshot.updatedAt) this.dirty = false;
    };
    const next = this.writing.then(write, write);
    this.writing = next.catch(() => undefined);
    return next;
  }
}
