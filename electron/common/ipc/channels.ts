/** The IPC channel names shared by the preload, main and the tests: one `studio:` prefix, checked on both sides; the only file that spells them. */

/** Every channel carries this prefix; anything else is refused. */
export const CHANNEL_PREFIX = 'studio:';

/** Renderer → main requests (`ipcRenderer.invoke`), answered with an {@link IpcResult}. */
export const INVOKE_CHANNELS = {
  /** Asks main for a fresh MessagePort to the trainer (sent back on `trainerPort`). */
  connectTrainer: 'studio:connect-trainer',
  /** Shows the system "open dataset" dialog; the chosen files become readable. */
  openDatasetDialog: 'studio:open-dataset-dialog',
  /** Grants a file the user dropped on the window (its path comes from `webUtils`). */
  grantDroppedFile: 'studio:grant-dropped-file',
  /** Size and name of a file the user chose or dropped. */
  fileInfo: 'studio:file-info',
  /** Projects: the open project, new, open (dialog or recent list), save, save as, datasets, specs. */
  projectGet: 'studio:project-get',
  projectNew: 'studio:project-new',
  projectOpenDialog: 'studio:project-open-dialog',
  projectOpenRecent: 'studio:project-open-recent',
  projectRecent: 'studio:project-recent',
  projectSave: 'studio:project-save',
  projectSaveAsDialog: 'studio:project-save-as-dialog',
  projectAddDataset: 'studio:project-add-dataset',
  projectLocateDataset: 'studio:project-locate-dataset',
  projectSetSpecs: 'studio:project-set-specs',
  /** Runs: queue a run on a granted file, list, resume from a checkpoint, cancel a queued one. */
  runStart: 'studio:run-start',
  runList: 'studio:run-list',
  runResume: 'studio:run-resume',
  runCancel: 'studio:run-cancel',
  /** Shows the system "open folder" dialog for captioning data; the folder becomes readable and comes back listed. */
  openImageFolder: 'studio:open-image-folder',
  /** Shows the system dialog for a .rnnmodel (a language model to start from); the file becomes readable. */
  modelOpenDialog: 'studio:model-open-dialog',
  /** Saves a run's model as a .rnnmodel file the user picks in a save dialog. */
  exportBundle: 'studio:export-bundle',
  /** Saves a run's model as a PyTorch folder (model.py, model.safetensors, config.json, README.md). */
  exportFolder: 'studio:export-folder',
  /** Writes bytes with no file on disk (a bundled sample, a download) to the app's data folder and grants it. */
  saveDataset: 'studio:save-dataset',
  /** Reads a granted file's bytes (bounded by {@link MAX_IPC_BYTES}). */
  readGrantedFile: 'studio:read-granted-file',
  /**
   * Reads up to {@link MAX_IPC_SLICE_BYTES} bytes of a granted file from an offset: the preload
   * joins slices into a `File`, so datasets of any size come back without one huge message.
   */
  readGrantedFileRange: 'studio:read-granted-file-range',
  /** Downloads (or takes from the cache) a gallery entry's files in main; progress on `downloadProgress`. */
  galleryDownload: 'studio:gallery-download',
  /** Cancels the sender's download of a gallery entry. */
  galleryCancel: 'studio:gallery-cancel',
  /** The UI language (`en` or `ko`), so main's menus, dialogs and notifications follow it. */
  setLanguage: 'studio:set-language',
  /**
   * The computer's total memory (main's `os.totalmem()`), for the training-memory estimate:
   * the renderer's `navigator.deviceMemory` is capped at 8 GiB.
   */
  systemMemory: 'studio:system-memory',
} as const;

/** Main → renderer messages (`webContents.postMessage` / `send`). */
export const EVENT_CHANNELS = {
  /** Carries one MessagePort in `event.ports[0]`: the renderer's end of the trainer channel. */
  trainerPort: 'studio:trainer-port',
  /** Shell events for the UI (trainer crashed and restarted, …), shaped like trainer events. */
  shellEvent: 'studio:event',
  /** A file the OS asked the app to open (file association, menu, second instance): a GrantedFile. */
  openFile: 'studio:open-file',
  /** Run events from main's registry (common/runRecord.ts RunEvent): queued, updated, interrupted. */
  runEvent: 'studio:run-event',
  /** Progress of a gallery download main runs for this window (core/data/gallery DownloadProgress). */
  downloadProgress: 'studio:download-progress',
  /** A File menu command for the renderer to carry out (api.ts MenuCommand). */
  menuCommand: 'studio:menu-command',
  /** Main changed the open project itself (OS-opened file, File › Save Project): a ProjectView. */
  projectChanged: 'studio:project-changed',
  /** An autosave or a checkpoint could not be written (api.ts WriteFailure). */
  writeFailed: 'studio:write-failed',
} as const;

/**
 * The most bytes one IPC message may carry each way (64 MiB). Larger files are opened from
 * disk (dialog or drop) so the trainer streams them instead.
 */
export const MAX_IPC_BYTES = 64 * 1024 * 1024;

/**
 * The most bytes one ranged read (`readGrantedFileRange`) returns (8 MiB): well under
 * {@link MAX_IPC_BYTES}, and small enough that main holds one slice at a time, never the file.
 */
export const MAX_IPC_SLICE_BYTES = 8 * 1024 * 1024;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[keyof typeof INVOKE_CHANNELS];
export type EventChannel = (typeof EVENT_CHANNELS)[keyof typeof EVENT_CHANNELS];

const invokeChannels: ReadonlySet<string> = new Set(Object.values(INVOKE_CHANNELS));
const eventChannels: ReadonlySet<string> = new Set(Object.values(EVENT_CHANNELS));

/** What every IPC handler resolves with: errors travel as data so their name survives. */
export type IpcResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { name: string; message: string } };

/**
 * Checks that `channel` is one of ours before a message is sent or a listener attached.
 * @throws Error `IPC: channel must be a known 'studio:' channel, got '<channel>'.`
 */
export function assertInvokeChannel(channel: string): asserts channel is InvokeChannel {
  if (!channel.startsWith(CHANNEL_PREFIX) || !invokeChannels.has(channel)) {
    throw new Error(`IPC: channel must be a known '${CHANNEL_PREFIX}' channel, got '${channel}'.`);
  }
}

/**
 * Checks that `channel` is one of the main → renderer channels.
 * @throws Error `IPC: channel must be a known 'studio:' channel, got '<channel>'.`
 */
export function assertEventChannel(channel: string): asserts channel is EventChannel {
  if (!channel.startsWith(CHANNEL_PREFIX) || !eventChannels.has(channel)) {
    throw new Error(`IPC: channel must be a known '${CHANNEL_PREFIX}' channel, got '${channel}'.`);
  }
}
