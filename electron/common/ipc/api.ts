/** The type of `window.studio`: the only surface the renderer can reach, in Electron and web mode. */
import type { DownloadProgress } from '../../../core/data/gallery/types.ts';
import type {
  AutoTuneRequest,
  TrainerResults,
  TrainerToHost,
} from '../../../core/protocol/messages.ts';
import type { TrainerClient } from '../../../core/protocol/trainerClient.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type { ProjectView, RecentProject, SavedSpec } from '../projectSchema.ts';
import type { RunEvent, RunRecord } from '../runRecord.ts';
import type { ImageFolderListing } from './results.ts';

export type { DownloadProgress, ProjectView, RecentProject, RunEvent, RunRecord, SavedSpec };

/** Events the UI subscribes to: trainer logs and errors not tied to a request. */
export type StudioEvent = Exclude<TrainerToHost, { type: 'reply' }>;

/** A file the user chose or dropped, as the renderer sees it. */
export interface GrantedFile {
  /** Absolute path; pass it back to name the file. Only chosen or dropped paths are accepted. */
  path: string;
  /** The file name without folders. */
  name: string;
  /** Size in bytes. */
  size: number;
}

/**
 * A write of the user's work that failed: the project's autosave, a run's checkpoint (desktop), or
 * the browser's storage (web mode, e.g. its quota is full). The window shows it until dismissed.
 */
export interface WriteFailure {
  kind: 'autosave' | 'checkpoint' | 'storage';
  /** The file that was not written, when there is one. */
  path: string | null;
  /** The run whose checkpoint failed. */
  runId?: string;
  /** The system's reason (e.g. `EACCES: permission denied, open '…'`). */
  message: string;
}

/** How far {@link DesktopApi.openGrantedFile} has read. */
export interface ReadProgress {
  bytesRead: number;
  bytesTotal: number;
}

/** Options of {@link DesktopApi.openGrantedFile}. */
export interface OpenGrantedFileOptions {
  /** Called after each slice (and once with 0 bytes read before the first). */
  onProgress?: (progress: ReadProgress) => void;
}

/**
 * A File menu command the renderer carries out with the matching DesktopApi call (newProject,
 * openProjectDialog, saveProjectAs, openRecentProject). File › Save Project is done by main.
 */
export type MenuCommand =
  | { command: 'new-project' }
  | { command: 'open-project' }
  | { command: 'save-project-as' }
  | { command: 'open-recent-project'; path: string };

/**
 * What only the desktop app can do: files on disk, projects and runs. There is no way to open a
 * URL: allow-listed links (`<a target="_blank">`) go to the system browser through main's
 * navigation guard.
 */
export interface DesktopApi {
  /** Shows the system dialog for datasets; resolves with the chosen files (empty if cancelled). */
  openDatasetDialog(): Promise<GrantedFile[]>;
  /** Shows the system dialog for a `.rnnmodel`; resolves with the chosen file, granted (null if cancelled). */
  openModelDialog(): Promise<GrantedFile | null>;
  /**
   * Shows the system "open folder" dialog for captioning data; resolves with the folder, granted
   * (its files become readable with `openGrantedFile`), and its files listed (null if cancelled).
   */
  openImageFolder(): Promise<ImageFolderListing | null>;
  /** Makes a file dropped on the window available; rejects for files not on disk. */
  addDroppedFile(file: File): Promise<GrantedFile>;
  /** Name and size of a chosen or dropped file; rejects any other path. */
  fileInfo(path: string): Promise<GrantedFile>;
  /**
   * Subscribes to files the OS or the File menu asks the app to open (a double-clicked
   * `.rnnmodel`, File › Open Dataset…); they are already granted. Returns the unsubscribe.
   */
  onOpenFile(listener: (file: GrantedFile) => void): () => void;
  /** Subscribes to File menu commands the renderer carries out. Returns the unsubscribe. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Subscribes to project changes main made itself (a `.rnnproj` opened from the OS, File › Save
   * Project). Returns the unsubscribe.
   */
  onProjectChanged(listener: (view: ProjectView) => void): () => void;
  /**
   * Subscribes to writes of the user's work that failed in main: an autosave of the project, a
   * run's checkpoint. Returns the unsubscribe.
   */
  onWriteFailed(listener: (failure: WriteFailure) => void): () => void;

  /** The open project (an untitled one at start); datasets carry their state on disk. */
  project(): Promise<ProjectView>;
  /** Starts an empty project (the open one is saved first). */
  newProject(name: string): Promise<ProjectView>;
  /** Shows the open dialog; null when cancelled. Rejects for a newer or damaged project file. */
  openProjectDialog(): Promise<ProjectView | null>;
  /** Opens a project from the recent list. */
  openRecentProject(path: string): Promise<ProjectView>;
  /** The recent projects, newest first. */
  recentProjects(): Promise<RecentProject[]>;
  /** Saves to the project's file; rejects when it has none yet (use saveProjectAs). */
  saveProject(): Promise<ProjectView>;
  /** Shows the save dialog and saves there; null when cancelled. */
  saveProjectAs(): Promise<ProjectView | null>;
  /** Adds a chosen or dropped file to the project by reference. */
  addDatasetToProject(path: string): Promise<ProjectView>;
  /**
   * Asks the user to locate a moved dataset; a different file is refused unless `acceptChanged`.
   * Null when cancelled.
   */
  locateDataset(
    datasetId: string,
    options: { acceptChanged: boolean },
  ): Promise<ProjectView | null>;
  /** Replaces the project's saved run specs (autosaved). */
  setProjectSpecs(specs: SavedSpec[]): Promise<ProjectView>;

  /**
   * Queues a run on a chosen or dropped data file; the trainer reads the file itself. One run
   * trains at a time; later ones wait (their `run-updated` events carry the queue position and
   * why). Progress arrives through `onEvent` like in web mode. `inputs.initFromPath` is the granted
   * `.rnnmodel` that `spec.train.initFrom` names, `inputs.initFromBackwardPath` the one
   * `spec.train.initFromBackward` names (a backward language model), `inputs.wordVectorsPath` the granted vector file
   * `spec.model.wordVectors` names (each saved with `saveDataset` when it has no file on disk);
   * `inputs.auto` searches settings first within its budget and keeps the best as the run. A
   * caption run names a granted image folder (or zip) as `path`, and `inputs.backboneWeightsPath`
   * the granted `.safetensors` file `spec.model.image.weights` names.
   */
  startRun(
    spec: RunSpec,
    path: string,
    inputs?: {
      initFromPath?: string;
      initFromBackwardPath?: string;
      wordVectorsPath?: string;
      backboneWeightsPath?: string;
      auto?: AutoTuneRequest;
    },
  ): Promise<RunRecord>;
  /** Every run of this session and of the open project. */
  runs(): Promise<RunRecord[]>;
  /** Queues a failed or stopped run again from its last checkpoint. */
  resumeRun(runId: string): Promise<RunRecord>;
  /** Removes a run from the queue before it starts. */
  cancelRun(runId: string): Promise<RunRecord>;
  /** Asks where to save a run's model and writes the .rnnmodel there; null when cancelled. */
  exportModel(runId: string, which: 'best' | 'last'): Promise<string | null>;
  /** Asks for a new folder and writes the PyTorch or ONNX export there; null when cancelled. */
  exportFolder(
    runId: string,
    which: 'best' | 'last',
    format: 'pytorch' | 'onnx',
  ): Promise<string | null>;
  /** Subscribes to run events (queued, updated, interrupted by a trainer crash). */
  onRunEvent(listener: (event: RunEvent) => void): () => void;

  /**
   * Writes data that has no file on disk (a bundled sample, a download, bytes of a dropped file
   * with no path) to the app's data folder — named by its content, so the same bytes are stored
   * once — and grants it, so `startRun` can train on it. Rejects with `IpcSizeError` above 64 MiB:
   * large files are opened from disk (dialog or drop) instead.
   */
  saveDataset(fileName: string, bytes: Uint8Array): Promise<GrantedFile>;
  /**
   * Reads a chosen, dropped, saved or downloaded file whole; rejects above 64 MiB (use
   * `openGrantedFile` for a file of any size) or for other paths.
   */
  readGrantedFile(path: string): Promise<Uint8Array>;
  /**
   * Reads a granted file of any size back as a `File` named `name`, in slices of at most 8 MiB
   * (so no IPC message nears the 64 MiB limit and main holds one slice at a time), reporting
   * progress after each slice. Rejects with `FileAccessError` for other paths, and with
   * `FileChangedError` (naming the file and what to do) when its size changes while it is read.
   */
  openGrantedFile(path: string, name: string, options?: OpenGrantedFileOptions): Promise<File>;
  /**
   * Downloads a gallery entry's files in main (all, or those named in `files`, in that order),
   * verified against their sha256 and cached in the app's data folder (a cached file that still
   * matches is used offline), and grants them. Progress arrives through `onDownloadProgress`.
   * Rejects with the downloader's message (naming the URL) on a network, HTTP or checksum error.
   */
  downloadGalleryFiles(galleryId: string, files?: readonly string[]): Promise<GrantedFile[]>;
  /** Cancels this window's download of `galleryId` (its promise rejects as aborted). */
  cancelGalleryDownload(galleryId: string): Promise<boolean>;
  /** Subscribes to the progress of this window's gallery downloads. */
  onDownloadProgress(listener: (progress: DownloadProgress) => void): () => void;
  /** Tells main the UI language, so the native menus, dialogs and notifications use it too. */
  setLanguage(language: 'en' | 'ko'): Promise<void>;
  /**
   * The computer's total memory in bytes (main's os.totalmem()), for the training-memory
   * estimate; the browser's `navigator.deviceMemory` stops at 8 GiB. Rejects with
   * `ProtocolError` when main's answer is not a positive whole number of bytes.
   */
  systemMemoryBytes(): Promise<number>;
}

export interface StudioApi {
  /** Where the app runs: the Electron desktop app, or the browser edition (web mode). */
  readonly shell: 'electron' | 'web';
  /** Asks the trainer for its core version and host kind. */
  hello(): Promise<TrainerResults['hello']>;
  /**
   * Sends any trainer request of core/protocol/messages.ts (start-training, pause-training,
   * predict, …) and resolves with its typed result; the trainer validates it on arrival.
   */
  request: TrainerClient['request'];
  /** Subscribes to trainer events (progress, epochs, logs, errors); returns the unsubscribe. */
  onEvent(listener: (event: StudioEvent) => void): () => void;
  /** Present when `shell` is `'electron'`. */
  readonly desktop?: DesktopApi;
}
