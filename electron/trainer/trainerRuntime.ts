/** The trainer process's wiring, host-neutral: control messages from main, one endpoint per renderer port. */
import { assertNever } from '../../core/errors.ts';
import { type TrainerStatus, trainerControlSchema } from '../../core/protocol/control.ts';
import type {
  DataFile,
  TrainerHostKind,
  TrainerToHost,
  TrainingData,
} from '../../core/protocol/messages.ts';
import { rawRequestId, toErrorPayload } from '../../core/protocol/validate.ts';
import {
  createTrainerEndpoint,
  type TrainerEndpoint,
  type TrainerEndpointOptions,
} from '../../core/train/trainerEndpoint.ts';
import type { OpenFileHandle, OpenFolder, ReadFileBytes } from './fileSource.ts';
import { fileStartSchema, isFileStart } from './mainRequests.ts';

/** One end of a MessageChannel as the runtime needs it (adapted from MessagePortMain or Node's). */
export interface RuntimePort {
  postMessage(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  onClose(listener: () => void): void;
  start(): void;
}

/** The channel to main: Electron's `process.parentPort`, or Node's `process.send` in tests. */
export interface ParentChannel {
  onMessage(listener: (data: unknown, ports: readonly RuntimePort[]) => void): void;
  postMessage(message: TrainerStatus): void;
  /** Ends the process. */
  exit(code: number): void;
}

/** Options for {@link runTrainer}. */
export interface RunTrainerOptions {
  parent: ParentChannel;
  /** Reported by `hello`. */
  host: TrainerHostKind;
  /** This process's id, announced in the `ready` message. */
  pid: number;
  /** Reads a data or checkpoint file main named (fileSource.ts `readFileStreamed`). */
  readFile: ReadFileBytes;
  /**
   * Opens the data file main named as a handle (fileSource.ts `openFileHandle`) that core checks
   * against the desktop limit from its size, then reads in slices; without it, `readFile` reads it.
   */
  openFile?: OpenFileHandle;
  /** Opens a caption run's image folder main named as its files' handles (fileSource.ts `openFolderHandles`). */
  openFolder?: OpenFolder;
  /** The kernels this process computes on, reported by `hello` (backend, threads). */
  kernels?: TrainerEndpointOptions['kernels'];
}

/** Which port: a window's, or main's own. */
type PortRole = 'renderer' | 'main';

/** Events main's port receives: run bookkeeping and checkpoints, not the per-step stream. */
const MAIN_EVENTS: ReadonlySet<TrainerToHost['type']> = new Set([
  'reply',
  'error',
  'training-state',
  'training-epoch',
  'training-finished',
  'training-error',
  'checkpoint',
]);

/** Whether a message goes out on a port of this role. */
function wantedBy(role: PortRole, message: TrainerToHost): boolean {
  // NOTE: checkpoints (megabytes of weights) go to main only, which writes them to disk; windows
  // hear about them from main's run events. Main does not need the per-step progress stream.
  return role === 'main' ? MAIN_EVENTS.has(message.type) : message.type !== 'checkpoint';
}

/**
 * The user-facing refusal of a window's `start-training`: in the desktop app runs start through
 * main's queue (one at a time), which also records them and keeps their checkpoints.
 */
export const WINDOW_START_REFUSAL =
  "Trainer: 'start-training' must come from main's run queue (window.studio.desktop.startRun), got it on a window's port.";

/**
 * Listens for control messages: each `connect-port` attaches a trainer endpoint to the port it
 * carries (so training traffic flows renderer ↔ trainer without passing through main), and
 * `shutdown` exits cleanly. Returns the number of open ports, for diagnostics.
 */
export function runTrainer(options: RunTrainerOptions): { openPorts(): number } {
  const { parent, host, pid } = options;
  let open = 0;
  parent.onMessage((data, ports) => {
    const parsed = trainerControlSchema.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (i) => `${i.path.join('.') || '(message)'}: ${i.message}`,
      );
      parent.postMessage({
        type: 'control-error',
        message: `Trainer: control message is malformed: ${issues.join('; ')}.`,
      });
      return;
    }
    const control = parsed.data;
    switch (control.type) {
      case 'connect-port': {
        if (ports.length !== 1) {
          parent.postMessage({
            type: 'control-error',
            message: `Trainer: 'connect-port' must carry 1 port, got ${ports.length}.`,
          });
          return;
        }
        const port = ports[0]!;
        const role = control.role ?? 'renderer';
        const post = (m: TrainerToHost): void => {
          if (wantedBy(role, m)) port.postMessage(m);
        };
        const endpoint = createTrainerEndpoint({
          host,
          post,
          ...(options.kernels === undefined ? {} : { kernels: options.kernels }),
        });
        const receive =
          role === 'main'
            ? (raw: unknown) =>
                receiveFromMain(raw, {
                  endpoint,
                  post,
                  readFile: options.readFile,
                  ...(options.openFile === undefined ? {} : { openFile: options.openFile }),
                  ...(options.openFolder === undefined ? {} : { openFolder: options.openFolder }),
                })
            : (raw: unknown) => receiveFromWindow(raw, { endpoint, post });
        port.onMessage((message) => void receive(message));
        port.onClose(() => {
          // A closed port must stop receiving run events; the runs themselves go on.
          endpoint.close();
          open -= 1;
        });
        port.start();
        open += 1;
        return;
      }
      case 'shutdown':
        parent.exit(0);
        return;
      default:
        assertNever(control);
    }
  });
  parent.postMessage({ type: 'ready', pid });
  return { openPorts: () => open };
}

interface Receiver {
  endpoint: TrainerEndpoint;
  post: (message: TrainerToHost) => void;
}

/** A window's request: anything but `start-training` goes to the endpoint. */
function receiveFromWindow(raw: unknown, { endpoint, post }: Receiver): Promise<void> {
  if (
    typeof raw === 'object' &&
    raw !== null &&
    (raw as { type?: unknown }).type === 'start-training'
  ) {
    post({
      type: 'error',
      id: rawRequestId(raw),
      name: 'ConfigError',
      message: WINDOW_START_REFUSAL,
    });
    return Promise.resolve();
  }
  return endpoint(raw);
}

/** Main's request: a start naming files by path is read here, then handed to core as bytes. */
async function receiveFromMain(
  raw: unknown,
  {
    endpoint,
    post,
    readFile,
    openFile,
    openFolder,
  }: Receiver & { readFile: ReadFileBytes; openFile?: OpenFileHandle; openFolder?: OpenFolder },
): Promise<void> {
  if (!isFileStart(raw)) return endpoint(raw);
  const parsed = fileStartSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(message)'}: ${i.message}`,
    );
    post({
      type: 'error',
      id: rawRequestId(raw),
      name: 'ProtocolError',
      message: `Trainer: start-training from main is malformed: ${issues.join('; ')}.`,
    });
    return;
  }
  const {
    data,
    checkpointPath,
    initFrom,
    initFromBackward,
    wordVectors,
    backboneWeights,
    ...request
  } = parsed.data;
  const readNamed = async (named: { fileName: string; path: string } | undefined) =>
    named === undefined
      ? undefined
      : { fileName: named.fileName, bytes: await readFile(named.path) };
  let file: TrainingData;
  let checkpoint: Uint8Array | undefined;
  let lm: DataFile | undefined;
  let backwardLm: DataFile | undefined;
  let vectors: TrainingData | undefined;
  let backbone: Uint8Array | undefined;
  try {
    // NOTE: a caption run names its image folder; its files go to core as handles, read one by one.
    const folder =
      request.spec.task === 'caption' && openFolder !== undefined && !/\.zip$/i.test(data.path)
        ? await openFolder(data.path)
        : undefined;
    file =
      folder !== undefined
        ? { fileName: data.fileName, files: folder.files }
        : openFile === undefined
          ? { fileName: data.fileName, bytes: await readFile(data.path) }
          : { fileName: data.fileName, file: await openFile(data.path) };
    backbone = backboneWeights === undefined ? undefined : await readFile(backboneWeights.path);
    checkpoint = checkpointPath === undefined ? undefined : await readFile(checkpointPath);
    lm = await readNamed(initFrom);
    backwardLm = await readNamed(initFromBackward);
    // NOTE: the vectors are streamed from a handle (only the vocabulary's rows are kept).
    vectors =
      wordVectors === undefined
        ? undefined
        : openFile === undefined
          ? { fileName: wordVectors.fileName, bytes: await readFile(wordVectors.path) }
          : { fileName: wordVectors.fileName, file: await openFile(wordVectors.path) };
  } catch (err) {
    const { message } = toErrorPayload(err);
    post({
      type: 'error',
      id: request.id,
      name: 'DatasetError',
      message: `Trainer: cannot read the files of run '${request.runId}': ${message}`,
    });
    return;
  }
  await endpoint({
    ...request,
    data: file,
    ...(checkpoint === undefined ? {} : { checkpoint }),
    ...(lm === undefined ? {} : { initFrom: lm }),
    ...(backwardLm === undefined ? {} : { initFromBackward: backwardLm }),
    ...(vectors === undefined ? {} : { wordVectors: vectors }),
    ...(backboneWeights === undefined || backbone === undefined
      ? {}
      : { backboneWeights: { fileName: backboneWeights.fileName, bytes: backbone } }),
  });
}
