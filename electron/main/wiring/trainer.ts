/** Starts the trainer main owns (utility process, supervised restarts) and connects windows to it; queued runs and checkpoints travel on main's own port. */
import { MessageChannelMain, type MessagePortMain, type WebContents } from 'electron';
import { EVENT_CHANNELS } from '../../common/ipc/channels.ts';
import type { RunRegistry } from '../runs/runRegistry.ts';
import { TrainerHost } from '../trainerHost.ts';
import { type RendererLink, TrainerSupervisor } from '../trainerSupervisor.ts';
import { forkUtilityTrainer } from '../utilityTrainerProcess.ts';

/** What {@link startTrainer} needs. */
export interface TrainerOptions {
  /** The built trainer entry (out/main/trainer.js). */
  entry: string;
  runs: RunRegistry;
  log: (line: string) => void;
}

/** The running trainer. */
export interface Trainer {
  host: TrainerHost<MessagePortMain>;
  supervisor: TrainerSupervisor<MessagePortMain>;
}

/** Forks the trainer, restarting it after a crash (at most 3 times a minute), and attaches main. */
export function startTrainer(options: TrainerOptions): Trainer {
  const { runs, log } = options;
  const host = new TrainerHost<MessagePortMain>({
    createProcess: () =>
      forkUtilityTrainer({ entry: options.entry, serviceName: 'RNN Studio Trainer' }),
    log,
  });
  const supervisor = new TrainerSupervisor<MessagePortMain>({
    host,
    createChannel: () => new MessageChannelMain(),
    restartPolicy: { maxRestarts: 3, windowMs: 60_000 },
  });
  // Main's own port: queued runs start on it and checkpoints come back on it (not through IPC).
  supervisor.attachMain({
    deliverPort: (port) =>
      runs.attachPort({
        postMessage: (message) => port.postMessage(message),
        onMessage: (listener) => {
          port.on('message', (event) => listener(event.data));
          port.start();
        },
        close: () => port.close(),
      }),
    trainerCrashed: (info, crashOptions) => {
      runs
        .trainerCrashed(info, crashOptions)
        .catch((err: unknown) => log(`Runs: crash bookkeeping failed: ${(err as Error).message}`));
    },
  });
  supervisor.start();
  return { host, supervisor };
}

/** A window's link to the trainer: its port arrives on `trainerPort`, shell events on `shellEvent`. */
export function rendererLink(contents: WebContents): RendererLink<MessagePortMain> {
  return {
    id: contents.id,
    deliverPort: (port) => contents.postMessage(EVENT_CHANNELS.trainerPort, null, [port]),
    notify: (event) => contents.send(EVENT_CHANNELS.shellEvent, event),
  };
}
