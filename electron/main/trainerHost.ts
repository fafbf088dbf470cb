/** Owns one trainer process at a time: start, typed exit/crash events, polite stop, logging. */
import { trainerStatusSchema } from '../../core/protocol/control.ts';
import type { TrainerExitInfo, TrainerProcess, TrainerProcessFactory } from './trainerProcess.ts';

/** Options for {@link TrainerHost}. */
export interface TrainerHostOptions<Port> {
  /** Starts the process (utility process in the app, Node child in tests). */
  createProcess: TrainerProcessFactory<Port>;
  /** Receives every log line; each starts with `[trainer pid=…]`. */
  log: (line: string) => void;
}

type Listener<T> = (value: T) => void;

/**
 * The single owner of the trainer process, shaped like VS Code's `UtilityProcess`:
 * `start()` refuses while a process runs; `onExit` fires for every end and `onCrash` for an end
 * nobody asked for; `postMessage` is a no-op once the process is gone; `stop()` asks politely,
 * waits, then kills.
 */
export class TrainerHost<Port> {
  private process: TrainerProcess<Port> | null = null;
  private stopping = false;
  private ready = false;
  /** Messages posted before the process said `ready`; its listener may not exist yet. */
  private queued: { message: unknown; transfer: readonly Port[] | undefined }[] = [];
  private exitWaiters: (() => void)[] = [];
  private readonly exitListeners = new Set<Listener<TrainerExitInfo>>();
  private readonly crashListeners = new Set<Listener<TrainerExitInfo>>();
  private readonly readyListeners = new Set<Listener<number | undefined>>();

  constructor(private readonly options: TrainerHostOptions<Port>) {}

  /** Whether a process is running. */
  get running(): boolean {
    return this.process !== null;
  }

  /** The running process's id. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  /**
   * Starts the trainer process.
   * @throws Error `TrainerHost: start() must not be called while the trainer runs, got a second call (pid <pid>).`
   */
  start(): void {
    if (this.process !== null) {
      throw new Error(
        `TrainerHost: start() must not be called while the trainer runs, got a second call (pid ${String(this.process.pid)}).`,
      );
    }
    const child = this.options.createProcess();
    this.process = child;
    this.stopping = false;
    this.ready = false;
    this.queued = [];
    child.onOutput((line) => this.log(child, line));
    child.onMessage((raw) => this.onStatus(child, raw));
    child.onExit((info) => this.onProcessExit(child, info));
    this.log(child, 'started');
  }

  /**
   * Sends a control message, held back until the process is `ready`; returns `false` (and sends
   * nothing) when no process runs.
   */
  postMessage(message: unknown, transfer?: readonly Port[]): boolean {
    if (this.process === null) return false;
    if (this.ready) this.process.postMessage(message, transfer);
    else this.queued.push({ message, transfer });
    return true;
  }

  /** Fires when the process says it is listening, with its pid. Returns the unsubscribe. */
  onReady(listener: Listener<number | undefined>): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Fires after every exit, expected or not. Returns the unsubscribe. */
  onExit(listener: Listener<TrainerExitInfo>): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Fires when the process ended without `stop()` being called. Returns the unsubscribe. */
  onCrash(listener: Listener<TrainerExitInfo>): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Resolves `true` once no process runs, or `false` after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<boolean> {
    if (this.process === null) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.exitWaiters = this.exitWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.exitWaiters.push(done);
    });
  }

  /**
   * Asks the trainer to shut down, waits up to `graceMs`, then kills it. Resolves once it is gone
   * (or immediately when none runs). Never reported as a crash.
   */
  async stop(options: { graceMs: number }): Promise<void> {
    const child = this.process;
    if (child === null) return;
    this.stopping = true;
    this.log(child, 'stopping');
    this.postMessage({ type: 'shutdown' });
    if (await this.waitForExit(options.graceMs)) return;
    this.log(child, `did not exit within ${options.graceMs} ms; killing it`);
    child.kill();
    await this.waitForExit(options.graceMs);
  }

  private onStatus(child: TrainerProcess<Port>, raw: unknown): void {
    const parsed = trainerStatusSchema.safeParse(raw);
    if (!parsed.success) {
      this.log(child, `ignored a malformed status message: ${JSON.stringify(raw)}`);
      return;
    }
    const status = parsed.data;
    if (status.type === 'ready') {
      this.log(child, 'ready');
      this.ready = true;
      const queued = this.queued;
      this.queued = [];
      for (const q of queued) child.postMessage(q.message, q.transfer);
      for (const l of this.readyListeners) l(child.pid);
    } else {
      this.log(child, status.message);
    }
  }

  private onProcessExit(child: TrainerProcess<Port>, info: TrainerExitInfo): void {
    if (this.process !== child) return;
    const expected = this.stopping;
    this.process = null;
    this.stopping = false;
    this.ready = false;
    this.queued = [];
    this.log(child, expected ? `exited (${info.reason})` : `crashed (${info.reason})`);
    const waiters = this.exitWaiters;
    this.exitWaiters = [];
    for (const w of waiters) w();
    for (const l of this.exitListeners) l(info);
    if (!expected) for (const l of this.crashListeners) l(info);
  }

  private log(child: TrainerProcess<Port>, line: string): void {
    this.options.log(`[trainer pid=${String(child.pid ?? '?')}] ${line}`);
  }
}
