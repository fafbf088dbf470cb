/** The interface main uses to own one trainer process, implemented over Electron's utilityProcess and Node's child_process. */

/** How a trainer process ended. */
export interface TrainerExitInfo {
  /** The exit code, or `null` when a signal ended it. */
  code: number | null;
  /** A short human-readable reason: `exit code 0`, `killed by SIGKILL`, `crashed`, `oom`… */
  reason: string;
}

/**
 * One running trainer process. `Port` is the MessagePort type the host can transfer
 * (Electron's `MessagePortMain`, or Node's `worker_threads.MessagePort`).
 */
export interface TrainerProcess<Port> {
  /** The OS process id, once known. */
  readonly pid: number | undefined;
  /** Sends a control message, optionally transferring ports to the process. */
  postMessage(message: unknown, transfer?: readonly Port[]): void;
  /** Messages the process sends on its parent channel (control status, not training traffic). */
  onMessage(listener: (message: unknown) => void): void;
  /** Lines the process writes to stdout/stderr. */
  onOutput(listener: (line: string) => void): void;
  /** Fires once when the process has ended, for whatever reason. */
  onExit(listener: (info: TrainerExitInfo) => void): void;
  /** Ends the process forcefully; returns whether a signal was sent. */
  kill(): boolean;
}

/** Starts a new trainer process. */
export type TrainerProcessFactory<Port> = () => TrainerProcess<Port>;
