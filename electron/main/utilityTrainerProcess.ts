/** A trainer process as an Electron utility process: the thin Electron side of trainerProcess.ts. */
import { app, type Details, type MessagePortMain, utilityProcess } from 'electron';
import type { TrainerExitInfo, TrainerProcess } from './trainerProcess.ts';

/** Options for {@link forkUtilityTrainer}. */
export interface UtilityTrainerOptions {
  /** Absolute path of the bundled trainer entry (out/main/trainer.js). */
  entry: string;
  /** Names the process in the OS task manager and in `child-process-gone` details. */
  serviceName: string;
}

/** Forks the trainer with `utilityProcess.fork`; call only after `app` is ready. */
export function forkUtilityTrainer(
  options: UtilityTrainerOptions,
): TrainerProcess<MessagePortMain> {
  const child = utilityProcess.fork(options.entry, [], {
    serviceName: options.serviceName,
    stdio: 'pipe',
  });
  // NOTE: 'exit' gives only a code; 'child-process-gone' says why (crashed, oom, killed).
  let goneReason: Details['reason'] | undefined;
  const onGone = (_event: Electron.Event, details: Details): void => {
    if (details.type === 'Utility' && details.serviceName === options.serviceName) {
      goneReason = details.reason;
    }
  };
  app.on('child-process-gone', onGone);
  const outputListeners: ((line: string) => void)[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter((s) => s.length > 0)) {
        for (const l of outputListeners) l(line);
      }
    });
  }
  return {
    get pid() {
      return child.pid;
    },
    postMessage: (message, transfer = []) => child.postMessage(message, [...transfer]),
    onMessage: (listener) => void child.on('message', listener),
    onOutput: (listener) => void outputListeners.push(listener),
    onExit(listener) {
      child.once('exit', (code) => {
        app.off('child-process-gone', onGone);
        const info: TrainerExitInfo = { code, reason: goneReason ?? `exit code ${code}` };
        listener(info);
      });
    },
    kill: () => child.kill(),
  };
}
