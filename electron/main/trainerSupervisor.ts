/** Connects each window to the trainer over its own MessageChannel and restarts a crashed trainer, telling the UI. */
import type { StudioEvent } from '../common/ipc/api.ts';
import type { TrainerHost } from './trainerHost.ts';
import type { TrainerExitInfo } from './trainerProcess.ts';

/** One window as the supervisor sees it. */
export interface RendererLink<Port> {
  /** Stable per window (the webContents id). */
  readonly id: number;
  /** Hands the renderer its end of a fresh trainer channel (`webContents.postMessage`). */
  deliverPort(port: Port): void;
  /** Tells the UI something happened to the trainer (`webContents.send`). */
  notify(event: StudioEvent): void;
}

/** Main's own connection to the trainer: queued runs go out on it, checkpoints come back on it. */
export interface MainLink<Port> {
  /** Receives main's end of a fresh channel, at start and after every restart. */
  deliverPort(port: Port): void;
  /**
   * Told first when the trainer crashed (before windows hear of it and before a new port), so the
   * run registry can mark the runs that were training as failed.
   */
  trainerCrashed(info: TrainerExitInfo, options: { restarted: boolean }): void;
}

/** How often a crashed trainer is restarted before the supervisor gives up. */
export interface RestartPolicy {
  /** Restarts allowed within `windowMs`. */
  maxRestarts: number;
  /** The sliding window, in milliseconds. */
  windowMs: number;
}

/** Options for {@link TrainerSupervisor}. */
export interface TrainerSupervisorOptions<Port> {
  host: TrainerHost<Port>;
  /** Creates an entangled port pair (MessageChannelMain in the app). */
  createChannel: () => { port1: Port; port2: Port };
  restartPolicy: RestartPolicy;
  /** Milliseconds clock; injectable for tests. */
  now?: () => number;
}

/** Raised when a window asks for the trainer while none runs (it crashed too often). */
export class TrainerUnavailableError extends Error {
  override readonly name = 'TrainerUnavailableError';
}

/**
 * Main's side of the trainer wiring. Training traffic never passes through main: each window
 * gets a MessageChannel whose other end is transferred to the trainer. After a crash the
 * trainer is restarted (within the policy), every window gets a new port, and the UI is told.
 */
export class TrainerSupervisor<Port> {
  private readonly links = new Map<number, RendererLink<Port>>();
  private mainLink: MainLink<Port> | null = null;
  private crashTimes: number[] = [];
  private readonly now: () => number;

  constructor(private readonly options: TrainerSupervisorOptions<Port>) {
    this.now = options.now ?? Date.now;
    options.host.onCrash((info) => this.onCrash(info));
  }

  /** Starts the trainer (and connects main's own port when one is attached). */
  start(): void {
    this.options.host.start();
    if (this.mainLink !== null) this.wireMain(this.mainLink);
  }

  /**
   * Attaches main's own connection (the run registry); connected now if the trainer runs, and
   * again after every restart.
   */
  attachMain(link: MainLink<Port>): void {
    this.mainLink = link;
    if (this.options.host.running) this.wireMain(link);
  }

  /**
   * Connects (or, after a reload, reconnects) a window: a new channel, one end to the trainer,
   * the other to the window. A run in the trainer is unaffected by the window's reload.
   * @throws TrainerUnavailableError when the trainer is not running.
   */
  connect(link: RendererLink<Port>): void {
    this.links.set(link.id, link);
    this.wire(link);
  }

  /** Forgets a window that closed. */
  disconnect(id: number): void {
    this.links.delete(id);
  }

  /** Stops the trainer for good (app quit). */
  stop(options: { graceMs: number }): Promise<void> {
    this.links.clear();
    return this.options.host.stop(options);
  }

  private wire(link: RendererLink<Port>): void {
    const { port1, port2 } = this.options.createChannel();
    if (!this.options.host.postMessage({ type: 'connect-port' }, [port1])) {
      throw new TrainerUnavailableError(
        'Trainer: the trainer is not running; restart RNN Studio to train again.',
      );
    }
    link.deliverPort(port2);
  }

  private wireMain(link: MainLink<Port>): void {
    const { port1, port2 } = this.options.createChannel();
    this.options.host.postMessage({ type: 'connect-port', role: 'main' }, [port1]);
    link.deliverPort(port2);
  }

  private onCrash(info: TrainerExitInfo): void {
    const now = this.now();
    this.crashTimes = [...this.crashTimes, now].filter(
      (t) => now - t < this.options.restartPolicy.windowMs,
    );
    const restart = this.crashTimes.length <= this.options.restartPolicy.maxRestarts;
    const message = restart
      ? `The trainer stopped unexpectedly (${info.reason}) and was restarted; unfinished requests were cancelled.`
      : `The trainer stopped unexpectedly (${info.reason}) ${this.crashTimes.length} times within ${Math.round(this.options.restartPolicy.windowMs / 1000)} s and was not restarted.`;
    this.mainLink?.trainerCrashed(info, { restarted: restart });
    if (restart) this.start();
    for (const link of this.links.values()) {
      link.notify({ type: 'error', id: null, name: 'TrainerCrashError', message });
      if (restart) this.wire(link);
    }
  }
}
