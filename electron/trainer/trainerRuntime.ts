/** The trainer process's wiring, host-neutral: control messages from main, one endpoint per renderer port. */
import { assertNever } from '../../core/errors.ts';
import type { TrainerHostKind } from '../../core/protocol/messages.ts';
import { createTrainerEndpoint } from '../../core/protocol/trainerEndpoint.ts';
import { type TrainerStatus, trainerControlSchema } from './control.ts';

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
}

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
        const endpoint = createTrainerEndpoint({ host, post: (m) => port.postMessage(m) });
        port.onMessage((message) => void endpoint(message));
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
