/** The type of `window.studio`: the only surface the renderer can reach, in Electron and web mode. */
import type { TrainerResults, TrainerToHost } from '../../core/protocol/messages.ts';
import type { TrainerClient } from '../../core/protocol/trainerClient.ts';

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

/** What only the desktop app can do: files on disk and the system browser. */
export interface DesktopApi {
  /** Opens an `https:` link in the system browser; other URLs are refused. */
  openExternal(url: string): Promise<void>;
  /** Shows the system dialog for datasets; resolves with the chosen files (empty if cancelled). */
  openDatasetDialog(): Promise<GrantedFile[]>;
  /** Makes a file dropped on the window available; rejects for files not on disk. */
  addDroppedFile(file: File): Promise<GrantedFile>;
  /** Name and size of a chosen or dropped file; rejects any other path. */
  fileInfo(path: string): Promise<GrantedFile>;
  /**
   * Subscribes to files the OS or the File menu asks the app to open (a double-clicked
   * `.rnnmodel`, File › Open Dataset…); they are already granted. Returns the unsubscribe.
   */
  onOpenFile(listener: (file: GrantedFile) => void): () => void;
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
