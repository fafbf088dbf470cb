/** Builds the `window.studio` object from narrow IPC and port primitives, so it runs (and is tested) outside Electron. */
import { createTrainerClient } from '../../core/protocol/trainerClient.ts';
import type {
  DesktopApi,
  OpenGrantedFileOptions,
  StudioApi,
  StudioEvent,
} from '../common/ipc/api.ts';
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
} from '../common/ipc/channels.ts';
import { checkEvent, type EventPayloads } from '../common/ipc/events.ts';
import type { InvokePayloads, InvokeResults } from '../common/ipc/requests.ts';
import { checkImageFolderListing, checkSystemMemory } from '../common/ipc/results.ts';

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

  const invoke: Invoke = async (channel, payload) => {
    assertInvokeChannel(channel);
    return unwrap(channel, await ipc.invoke(channel, payload));
  };

  /** Subscribes to an event channel; a payload that fails its schema becomes an error event. */
  const listen = <C extends EventChannel>(
    channel: C,
    listener: (value: EventPayloads[C], ports: readonly PreloadPort[]) => void,
  ): void => {
    assertEventChannel(channel);
    ipc.on(channel, (data, ports) => {
      const checked = checkEvent(channel, data);
      if (checked.ok) listener(checked.value, ports);
      else emitShell(errorEvent(checked.message));
    });
  };
  /** Listeners of one event channel, filled by the matching `on…` function of the API. */
  const fanOut = <C extends EventChannel>(channel: C) => {
    const listeners = new Set<(value: EventPayloads[C]) => void>();
    listen(channel, (value) => {
      for (const l of listeners) l(value);
    });
    return (listener: (value: EventPayloads[C]) => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
  };

  listen(EVENT_CHANNELS.trainerPort, (_data, ports) => {
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
  listen(EVENT_CHANNELS.shellEvent, emitShell);
  const onOpenFile = fanOut(EVENT_CHANNELS.openFile);
  const onMenuCommand = fanOut(EVENT_CHANNELS.menuCommand);
  const onProjectChanged = fanOut(EVENT_CHANNELS.projectChanged);
  const onRunEvent = fanOut(EVENT_CHANNELS.runEvent);
  const onWriteFailed = fanOut(EVENT_CHANNELS.writeFailed);
  const onDownloadProgress = fanOut(EVENT_CHANNELS.downloadProgress);
  invoke(INVOKE_CHANNELS.connectTrainer, {}).catch((err: unknown) =>
    emitShell(errorEvent(`Preload: could not connect to the trainer: ${(err as Error).message}`)),
  );

  const desktop: DesktopApi = {
    openDatasetDialog: () => invoke(INVOKE_CHANNELS.openDatasetDialog, {}),
    openModelDialog: () => invoke(INVOKE_CHANNELS.modelOpenDialog, {}),
    openImageFolder: async () => {
      const answer = await invoke(INVOKE_CHANNELS.openImageFolder, {});
      try {
        return checkImageFolderListing(answer);
      } catch (err) {
        throw new DesktopError('ProtocolError', (err as Error).message);
      }
    },
    addDroppedFile: async (file) => {
      const path = getPathForFile(file);
      if (path === '') {
        throw new DesktopError(
          'FileAccessError',
          `Drop: the file must be on disk, got '${file.name}'.`,
        );
      }
      return invoke(INVOKE_CHANNELS.grantDroppedFile, { path });
    },
    fileInfo: (path) => invoke(INVOKE_CHANNELS.fileInfo, { path }),
    setLanguage: (language) =>
      invoke(INVOKE_CHANNELS.setLanguage, { language }).then(() => undefined),
    systemMemoryBytes: async () => {
      const answer = await invoke(INVOKE_CHANNELS.systemMemory, {});
      try {
        return checkSystemMemory(answer).totalBytes;
      } catch (err) {
        throw new DesktopError('ProtocolError', (err as Error).message);
      }
    },
    onOpenFile,
    onMenuCommand,
    onProjectChanged,
    onWriteFailed,
    project: () => invoke(INVOKE_CHANNELS.projectGet, {}),
    newProject: (name) => invoke(INVOKE_CHANNELS.projectNew, { name }),
    openProjectDialog: () => invoke(INVOKE_CHANNELS.projectOpenDialog, {}),
    openRecentProject: (path) => invoke(INVOKE_CHANNELS.projectOpenRecent, { path }),
    recentProjects: () => invoke(INVOKE_CHANNELS.projectRecent, {}),
    saveProject: () => invoke(INVOKE_CHANNELS.projectSave, {}),
    saveProjectAs: () => invoke(INVOKE_CHANNELS.projectSaveAsDialog, {}),
    addDatasetToProject: (path) => invoke(INVOKE_CHANNELS.projectAddDataset, { path }),
    locateDataset: (datasetId, { acceptChanged }) =>
      invoke(INVOKE_CHANNELS.projectLocateDataset, {
        datasetId,
        acceptChanged,
      }),
    setProjectSpecs: (specs) => invoke(INVOKE_CHANNELS.projectSetSpecs, { specs }),
    startRun: (spec, path, inputs = {}) =>
      invoke(INVOKE_CHANNELS.runStart, {
        spec,
        path,
        ...(inputs.initFromPath === undefined ? {} : { initFromPath: inputs.initFromPath }),
        ...(inputs.initFromBackwardPath === undefined
          ? {}
          : { initFromBackwardPath: inputs.initFromBackwardPath }),
        ...(inputs.wordVectorsPath === undefined
          ? {}
          : { wordVectorsPath: inputs.wordVectorsPath }),
        ...(inputs.backboneWeightsPath === undefined
          ? {}
          : { backboneWeightsPath: inputs.backboneWeightsPath }),
        ...(inputs.auto === undefined ? {} : { auto: inputs.auto }),
      }),
    runs: () => invoke(INVOKE_CHANNELS.runList, {}),
    resumeRun: (runId) => invoke(INVOKE_CHANNELS.runResume, { runId }),
    cancelRun: (runId) => invoke(INVOKE_CHANNELS.runCancel, { runId }),
    exportModel: (runId, which) => invoke(INVOKE_CHANNELS.exportBundle, { runId, which }),
    exportFolder: (runId, which, format) =>
      invoke(INVOKE_CHANNELS.exportFolder, { runId, which, format }),
    onRunEvent,
    saveDataset: async (fileName, bytes) => {
      // NOTE: refused here too, so a huge array is never copied into an IPC message.
      if (bytes.length > MAX_IPC_BYTES) {
        throw new DesktopError(
          'IpcSizeError',
          `Save dataset: '${fileName}' must be at most ${mib(MAX_IPC_BYTES)} to pass through the app, got ${mib(bytes.length)}. Open large files from disk (File › Open Dataset… or drop the file) so the trainer streams them.`,
        );
      }
      return invoke(INVOKE_CHANNELS.saveDataset, { fileName, bytes });
    },
    readGrantedFile: (path) => invoke(INVOKE_CHANNELS.readGrantedFile, { path }),
    openGrantedFile: (path, name, o = {}) => openInSlices(invoke, { path, name, ...o }),
    downloadGalleryFiles: (galleryId, files) =>
      invoke(INVOKE_CHANNELS.galleryDownload, {
        galleryId,
        ...(files !== undefined ? { files: [...files] } : {}),
      }),
    cancelGalleryDownload: (galleryId) => invoke(INVOKE_CHANNELS.galleryCancel, { galleryId }),
    onDownloadProgress,
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

/** Sends a request on its channel with its typed payload; resolves with the channel's result. */
type Invoke = <C extends InvokeChannel>(
  channel: C,
  payload: InvokePayloads[C],
) => Promise<InvokeResults[C]>;

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
  const sizeNow = async () => (await invoke(INVOKE_CHANNELS.fileInfo, { path })).size;
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
      slice = await invoke(INVOKE_CHANNELS.readGrantedFileRange, {
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

function errorEvent(message: string): StudioEvent {
  return { type: 'error', id: null, name: 'ShellError', message };
}
