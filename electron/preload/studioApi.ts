/** Builds the `window.studio` object from narrow IPC and port primitives, so it runs (and is tested) outside Electron. */
import { createTrainerClient } from '../../core/protocol/trainerClient.ts';
import { validateTrainerMessage } from '../../core/protocol/validate.ts';
import type {
  DesktopApi,
  DownloadProgress,
  GrantedFile,
  MenuCommand,
  OpenGrantedFileOptions,
  ProjectView,
  RecentProject,
  RunEvent,
  RunRecord,
  StudioApi,
  StudioEvent,
  WriteFailure,
} from './api.ts';
import {
  assertEventChannel,
  assertInvokeChannel,
  EVENT_CHANNELS,
  type EventChannel,
  INVOKE_CHANNELS,
  type InvokeChannel,
  type IpcResult,
  MAX_IPC_BYTES,
  MAX_IPC_SLICE_BYTES,
} from './channels.ts';

/** The renderer's end of the trainer channel (a DOM MessagePort in the preload). */
export interface PreloadPort {
  postMessage(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  close(): void;
}

/** The IPC the preload uses: `ipcRenderer.invoke` and `ipcRenderer.on`, adapted. */
export interface PreloadIpc {
  invoke(channel: InvokeChannel, payload: object): Promise<unknown>;
  /** Subscribes; returns the unsubscribe. */
  on(
    channel: EventChannel,
    listener: (data: unknown, ports: readonly PreloadPort[]) => void,
  ): () => void;
}

/** Options for {@link createStudioApi}. */
export interface StudioApiOptions {
  ipc: PreloadIpc;
  /** `webUtils.getPathForFile`: the on-disk path of a dropped `File`, or `''`. */
  getPathForFile: (file: File) => string;
}

/** Raised in the renderer when main answered a request with an error; keeps main's error name. */
export class DesktopError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function unwrap<T>(channel: string, raw: unknown): T {
  const result = raw as IpcResult<T> | null;
  if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
    throw new DesktopError(
      'ProtocolError',
      `IPC '${channel}': reply must be a result, got ${typeof raw}.`,
    );
  }
  if (!result.ok) throw new DesktopError(result.error.name, result.error.message);
  return result.value;
}

/**
 * Creates the API and asks main for a trainer port. Requests made before the port arrives are
 * queued; a new port (after a reload or a trainer restart) replaces the old one and cancels the
 * requests still waiting on it.
 */
export function createStudioApi(options: StudioApiOptions): StudioApi {
  const { ipc, getPathForFile } = options;
  let port: PreloadPort | null = null;
  let queue: unknown[] = [];
  const client = createTrainerClient((message) => {
    if (port === null) queue.push(message);
    else port.postMessage(message);
  });
  const shellListeners = new Set<(event: StudioEvent) => void>();
  const emitShell = (event: StudioEvent): void => {
    for (const l of shellListeners) l(event);
  };

  const invoke = async <T>(channel: InvokeChannel, payload: object): Promise<T> => {
    assertInvokeChannel(channel);
    return unwrap<T>(channel, await ipc.invoke(channel, payload));
  };

  assertEventChannel(EVENT_CHANNELS.trainerPort);
  ipc.on(EVENT_CHANNELS.trainerPort, (_data, ports) => {
    const next = ports[0];
    if (ports.length !== 1 || next === undefined) {
      emitShell(
        errorEvent(`Preload: the trainer port message must carry 1 port, got ${ports.length}.`),
      );
      return;
    }
    if (port !== null) {
      port.close();
      client.failAll('The connection to the trainer was replaced; send the request again.');
    }
    port = next;
    port.onMessage((data) => client.receive(data));
    const pending = queue;
    queue = [];
    for (const m of pending) next.postMessage(m);
  });
  assertEventChannel(EVENT_CHANNELS.shellEvent);
  ipc.on(EVENT_CHANNELS.shellEvent, (data) => {
    const event = toShellEvent(data);
    emitShell(event);
  });
  const openFileListeners = new Set<(file: GrantedFile) => void>();
  assertEventChannel(EVENT_CHANNELS.openFile);
  ipc.on(EVENT_CHANNELS.openFile, (data) => {
    const file = toGrantedFile(data);
    if (file === null) {
      emitShell(errorEvent('Preload: an open-file message must carry a path, name and size.'));
      return;
    }
    for (const l of openFileListeners) l(file);
  });
  const menuListeners = new Set<(command: MenuCommand) => void>();
  assertEventChannel(EVENT_CHANNELS.menuCommand);
  ipc.on(EVENT_CHANNELS.menuCommand, (data) => {
    const command = toMenuCommand(data);
    if (command === null) {
      emitShell(errorEvent('Preload: a menu command must be one of the File menu commands.'));
      return;
    }
    for (const l of menuListeners) l(command);
  });
  const projectListeners = new Set<(view: ProjectView) => void>();
  assertEventChannel(EVENT_CHANNELS.projectChanged);
  ipc.on(EVENT_CHANNELS.projectChanged, (data) => {
    const view = data as Partial<ProjectView> | null;
    if (
      typeof view?.project !== 'object' ||
      view.project === null ||
      typeof view.dirty !== 'boolean'
    ) {
      emitShell(errorEvent('Preload: a project change must carry the project view.'));
      return;
    }
    for (const l of projectListeners) l(view as ProjectView);
  });
  const runListeners = new Set<(event: RunEvent) => void>();
  assertEventChannel(EVENT_CHANNELS.runEvent);
  ipc.on(EVENT_CHANNELS.runEvent, (data) => {
    const event = toRunEvent(data);
    if (event === null) {
      emitShell(errorEvent('Preload: a run event must be run-updated or run-interrupted.'));
      return;
    }
    for (const l of runListeners) l(event);
  });
  const writeFailedListeners = new Set<(failure: WriteFailure) => void>();
  assertEventChannel(EVENT_CHANNELS.writeFailed);
  ipc.on(EVENT_CHANNELS.writeFailed, (data) => {
    const failure = toWriteFailure(data);
    if (failure === null) {
      emitShell(errorEvent('Preload: a write failure must carry its kind, path and message.'));
      return;
    }
    for (const l of writeFailedListeners) l(failure);
  });
  const progressListeners = new Set<(progress: DownloadProgress) => void>();
  assertEventChannel(EVENT_CHANNELS.downloadProgress);
  ipc.on(EVENT_CHANNELS.downloadProgress, (data) => {
    const progress = data as Partial<DownloadProgress> | null;
    if (typeof progress?.entryId !== 'string' || typeof progress.bytesReceived !== 'number') {
      emitShell(errorEvent('Preload: a download progress message must name its entry and bytes.'));
      return;
    }
    for (const l of progressListeners) l(progress as DownloadProgress);
  });
  invoke<null>(INVOKE_CHANNELS.connectTrainer, {}).catch((err: unknown) =>
    emitShell(errorEvent(`Preload: could not connect to the trainer: ${(err as Error).message}`)),
  );

  const desktop: DesktopApi = {
    openDatasetDialog: () => invoke<GrantedFile[]>(INVOKE_CHANNELS.openDatasetDialog, {}),
    addDroppedFile: async (file) => {
      const path = getPathForFile(file);
      if (path === '') {
        throw new DesktopError(
          'FileAccessError',
          `Drop: the file must be on disk, got '${file.name}'.`,
        );
      }
      return invoke<GrantedFile>(INVOKE_CHANNELS.grantDroppedFile, { path });
    },
    fileInfo: (path) => invoke<GrantedFile>(INVOKE_CHANNELS.fileInfo, { path }),
    setLanguage: (language) =>
      invoke<null>(INVOKE_CHANNELS.setLanguage, { language }).then(() => undefined),
    onOpenFile(listener) {
      openFileListeners.add(listener);
      return () => openFileListeners.delete(listener);
    },
    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => menuListeners.delete(listener);
    },
    onProjectChanged(listener) {
      projectListeners.add(listener);
      return () => projectListeners.delete(listener);
    },
    onWriteFailed(listener) {
      writeFailedListeners.add(listener);
      return () => writeFailedListeners.delete(listener);
    },
    project: () => invoke<ProjectView>(INVOKE_CHANNELS.projectGet, {}),
    newProject: (name) => invoke<ProjectView>(INVOKE_CHANNELS.projectNew, { name }),
    openProjectDialog: () => invoke<ProjectView | null>(INVOKE_CHANNELS.projectOpenDialog, {}),
    openRecentProject: (path) => invoke<ProjectView>(INVOKE_CHANNELS.projectOpenRecent, { path }),
    recentProjects: () => invoke<RecentProject[]>(INVOKE_CHANNELS.projectRecent, {}),
    saveProject: () => invoke<ProjectView>(INVOKE_CHANNELS.projectSave, {}),
    saveProjectAs: () => invoke<ProjectView | null>(INVOKE_CHANNELS.projectSaveAsDialog, {}),
    addDatasetToProject: (path) => invoke<ProjectView>(INVOKE_CHANNELS.projectAddDataset, { path }),
    locateDataset: (datasetId, { acceptChanged }) =>
      invoke<ProjectView | null>(INVOKE_CHANNELS.projectLocateDataset, {
        datasetId,
        acceptChanged,
      }),
    setProjectSpecs: (specs) => invoke<ProjectView>(INVOKE_CHANNELS.projectSetSpecs, { specs }),
    startRun: (spec, path) => invoke<RunRecord>(INVOKE_CHANNELS.runStart, { spec, path }),
    runs: () => invoke<RunRecord[]>(INVOKE_CHANNELS.runList, {}),
    resumeRun: (runId) => invoke<RunRecord>(INVOKE_CHANNELS.runResume, { runId }),
    cancelRun: (runId) => invoke<RunRecord>(INVOKE_CHANNELS.runCancel, { runId }),
    exportModel: (runId, which) =>
      invoke<string | null>(INVOKE_CHANNELS.exportBundle, { runId, which }),
    exportFolder: (runId, which, format) =>
      invoke<string | null>(INVOKE_CHANNELS.exportFolder, { runId, which, format }),
    onRunEvent(listener) {
      runListeners.add(listener);
      return () => runListeners.delete(listener);
    },
    saveDataset: async (fileName, bytes) => {
      // NOTE: refused here too, so a huge array is never copied into an IPC message.
      if (bytes.length > MAX_IPC_BYTES) {
        throw new DesktopError(
          'IpcSizeError',
          `Save dataset: '${fileName}' must be at most ${mib(MAX_IPC_BYTES)} to pass through the app, got ${mib(bytes.length)}. Open large files from disk (File › Open Dataset… or drop the file) so the trainer streams them.`,
        );
      }
      return invoke<GrantedFile>(INVOKE_CHANNELS.saveDataset, { fileName, bytes });
    },
    readGrantedFile: (path) => invoke<Uint8Array>(INVOKE_CHANNELS.readGrantedFile, { path }),
    openGrantedFile: (path, name, o = {}) => openInSlices(invoke, { path, name, ...o }),
    downloadGalleryFiles: (galleryId, files) =>
      invoke<GrantedFile[]>(INVOKE_CHANNELS.galleryDownload, {
        galleryId,
        ...(files !== undefined ? { files: [...files] } : {}),
      }),
    cancelGalleryDownload: (galleryId) =>
      invoke<boolean>(INVOKE_CHANNELS.galleryCancel, { galleryId }),
    onDownloadProgress(listener) {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },
  };

  return {
    shell: 'electron',
    hello: () => client.request({ type: 'hello' }),
    request: client.request,
    onEvent(listener) {
      const offTrainer = client.onEvent(listener);
      shellListeners.add(listener);
      return () => {
        offTrainer();
        shellListeners.delete(listener);
      };
    },
    desktop,
  };
}

type Invoke = <T>(channel: InvokeChannel, payload: object) => Promise<T>;

/**
 * Reads a granted file as a `File` in slices of at most {@link MAX_IPC_SLICE_BYTES}, in order:
 * its size from `fileInfo`, then one ranged read per slice, then `fileInfo` again. Each slice
 * becomes a Blob at once (Chromium keeps blob bytes outside the page's heap), and the File is made
 * of those Blobs without copying them again; main never holds more than one slice.
 * @throws DesktopError `FileChangedError`: `Open file: '<path>' must keep its size of <n> bytes while it is read, got <m> bytes. Wait until the program writing it has finished, then open it again.`;
 *   main's error (e.g. `FileAccessError`) otherwise.
 */
async function openInSlices(
  invoke: Invoke,
  o: { path: string; name: string } & OpenGrantedFileOptions,
): Promise<File> {
  const { path, onProgress } = o;
  const sizeNow = async () => (await invoke<GrantedFile>(INVOKE_CHANNELS.fileInfo, { path })).size;
  const changed = (was: number, now: number) =>
    new DesktopError(
      'FileChangedError',
      `Open file: '${path}' must keep its size of ${was} bytes while it is read, got ${now} bytes. Wait until the program writing it has finished, then open it again.`,
    );
  const size = await sizeNow();
  const parts: Blob[] = [];
  let offset = 0;
  onProgress?.({ bytesRead: 0, bytesTotal: size });
  while (offset < size) {
    const length = Math.min(MAX_IPC_SLICE_BYTES, size - offset);
    let slice: Uint8Array;
    try {
      slice = await invoke<Uint8Array>(INVOKE_CHANNELS.readGrantedFileRange, {
        path,
        offset,
        length,
      });
    } catch (err) {
      // NOTE: main refuses an offset past the end of a file that shrank below it; say so.
      const now = await sizeNow();
      if (now !== size) throw changed(size, now);
      throw err;
    }
    // NOTE: a short slice means the file shrank under us; fileInfo says by how much.
    if (slice.length !== length) throw changed(size, await sizeNow());
    parts.push(new Blob([slice as Uint8Array<ArrayBuffer>]));
    offset += length;
    onProgress?.({ bytesRead: offset, bytesTotal: size });
  }
  const after = await sizeNow();
  if (after !== size) throw changed(size, after);
  return new File(parts, o.name);
}

/** `bytes` as MiB with one decimal (as main's formatMiB). */
function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function toGrantedFile(data: unknown): GrantedFile | null {
  const file = data as Partial<GrantedFile> | null;
  if (typeof file !== 'object' || file === null) return null;
  const { path, name, size } = file;
  if (typeof path !== 'string' || typeof name !== 'string' || typeof size !== 'number') return null;
  return { path, name, size };
}

/** Checks a menu command from main (only the four File menu commands pass). */
function toMenuCommand(data: unknown): MenuCommand | null {
  const message = data as { command?: unknown; path?: unknown } | null;
  if (typeof message !== 'object' || message === null) return null;
  switch (message.command) {
    case 'new-project':
    case 'open-project':
    case 'save-project-as':
      return { command: message.command };
    case 'open-recent-project':
      return typeof message.path === 'string' && message.path !== ''
        ? { command: 'open-recent-project', path: message.path }
        : null;
    default:
      return null;
  }
}

/** Checks the discriminant of a run event from main (main built it from validated records). */
function toRunEvent(data: unknown): RunEvent | null {
  const event = data as { type?: unknown } | null;
  if (typeof event !== 'object' || event === null) return null;
  return event.type === 'run-updated' || event.type === 'run-interrupted'
    ? (data as RunEvent)
    : null;
}

function errorEvent(message: string): StudioEvent {
  return { type: 'error', id: null, name: 'ShellError', message };
}

function toShellEvent(data: unknown): StudioEvent {
  try {
    const message = validateTrainerMessage(data);
    if (message.type === 'reply') return errorEvent('Preload: a shell event must not be a reply.');
    return message;
  } catch (err) {
    return errorEvent(`Preload: ${(err as Error).message}`);
  }
}

/** A write failure from main, checked field by field; null when malformed. */
function toWriteFailure(data: unknown): WriteFailure | null {
  const f = data as Partial<WriteFailure> | null;
  if (
    typeof f !== 'object' ||
    f === null ||
    (f.kind !== 'autosave' && f.kind !== 'checkpoint') ||
    (f.path !== null && typeof f.path !== 'string') ||
    typeof f.message !== 'string' ||
    (f.runId !== undefined && typeof f.runId !== 'string')
  ) {
    return null;
  }
  return {
    kind: f.kind,
    path: f.path ?? null,
    message: f.message,
    ...(f.runId !== undefined ? { runId: f.runId } : {}),
  };
}
