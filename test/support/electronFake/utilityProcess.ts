/** A fake of Electron's utilityProcess backed by a real Node child process: parentPort and transferred MessagePorts are bridged over the child's IPC channel (utilityChild.mjs). */
import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FakeMessagePortMain } from './ports.ts';

const childShim = fileURLToPath(new URL('./utilityChild.mjs', import.meta.url));

/** The envelopes of the bridge (the same shape utilityChild.mjs speaks). */
type Envelope =
  | { kind: 'control'; message: unknown; portIds: number[] }
  | { kind: 'port'; portId: number; data: unknown }
  | { kind: 'port-closed'; portId: number };

/** A fork as the harness records it. */
export interface ForkRecord {
  modulePath: string;
  /** Whether the entry existed when it was forked. */
  exists: boolean;
  serviceName: string | undefined;
  pid: number | undefined;
  exitCode: number | null | undefined;
}

/** Options of utilityProcess.fork that the fake honours. */
export interface ForkOptions {
  serviceName?: string;
  stdio?: 'pipe' | 'ignore' | 'inherit' | readonly string[];
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
}

/** The 'child-process-gone' details Electron emits on `app`. */
export interface GoneDetails {
  type: 'Utility';
  reason: 'clean-exit' | 'abnormal-exit' | 'killed' | 'crashed';
  exitCode: number;
  serviceName: string | undefined;
  name: string | undefined;
}

/** One utility process: `postMessage` with transferred ports, 'spawn', 'message', 'exit'. */
export class FakeUtilityProcess extends EventEmitter {
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  private readonly child: ChildProcess;
  private readonly ports = new Map<number, FakeMessagePortMain>();
  private nextPortId = 0;

  constructor(
    readonly record: ForkRecord,
    args: readonly string[],
    options: ForkOptions,
    onGone: (details: GoneDetails) => void,
  ) {
    super();
    const piped = options.stdio === 'pipe';
    this.child = fork(record.modulePath, [...args], {
      execArgv: ['--import', childShim, ...(options.execArgv ?? [])],
      serialization: 'advanced',
      env: options.env ?? process.env,
      stdio: piped ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.stdout = this.child.stdout;
    this.stderr = this.child.stderr;
    this.child.on('spawn', () => {
      record.pid = this.child.pid;
      this.emit('spawn');
    });
    this.child.on('message', (raw) => this.onEnvelope(raw as Envelope));
    this.child.on('exit', (code, signal) => {
      record.exitCode = code;
      for (const port of this.ports.values()) port.close();
      this.ports.clear();
      const exitCode = code ?? 1;
      if (signal !== null || exitCode !== 0) {
        onGone({
          type: 'Utility',
          reason: signal !== null ? 'killed' : 'abnormal-exit',
          exitCode,
          serviceName: options.serviceName,
          name: options.serviceName,
        });
      }
      this.emit('exit', exitCode);
    });
  }

  get pid(): number | undefined {
    return this.child.exitCode === null && this.child.signalCode === null
      ? this.child.pid
      : undefined;
  }

  postMessage(message: unknown, transfer: readonly FakeMessagePortMain[] = []): void {
    const portIds = transfer.map((port) => {
      const portId = this.nextPortId++;
      this.ports.set(portId, port);
      return portId;
    });
    // The child learns of the ports first; then what was queued on them follows.
    this.send({ kind: 'control', message, portIds });
    transfer.forEach((port, i) => {
      const portId = portIds[i];
      port.on('close', () => {
        this.ports.delete(portId);
        this.send({ kind: 'port-closed', portId });
      });
      port.transferTo((data) => this.send({ kind: 'port', portId, data }));
    });
  }

  kill(): boolean {
    return this.child.kill('SIGTERM');
  }

  private send(envelope: Envelope): void {
    if (this.child.connected) this.child.send(envelope);
  }

  private onEnvelope(envelope: Envelope): void {
    if (envelope.kind === 'control') this.emit('message', envelope.message);
    else if (envelope.kind === 'port') this.ports.get(envelope.portId)?.sendFromFar(envelope.data);
    else this.ports.get(envelope.portId)?.close();
  }
}

/** Builds the fake `utilityProcess` module object. */
export function createUtilityProcessModule(options: {
  isReady: () => boolean;
  forks: ForkRecord[];
  onGone: (details: GoneDetails) => void;
}) {
  return {
    fork(modulePath: string, args: readonly string[] = [], forkOptions: ForkOptions = {}) {
      if (!options.isReady()) {
        throw new Error('utilityProcess cannot be created before app is ready.');
      }
      const record: ForkRecord = {
        modulePath,
        exists: existsSync(modulePath),
        serviceName: forkOptions.serviceName,
        pid: undefined,
        exitCode: undefined,
      };
      options.forks.push(record);
      return new FakeUtilityProcess(record, args, forkOptions, options.onGone);
    },
  };
}
