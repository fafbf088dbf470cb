/** A trainer process as a plain Node child process (test/support/nodeChild.ts), ports relayed over its IPC channel. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import type { TrainerExitInfo, TrainerProcess } from '../../electron/main/trainerProcess.ts';
import { type BridgeEnvelope, bridgeEnvelopeSchema } from './nodeBridge.ts';

const childEntry = fileURLToPath(new URL('./nodeChild.ts', import.meta.url));

/**
 * Forks the trainer runtime in Node (TypeScript through tsx). Used by the tests of main's
 * trainer host, where no Electron binary exists; it behaves like the utility process: ports
 * handed to `postMessage` are connected to the trainer, and close when the process ends.
 */
export function forkNodeTrainer(): TrainerProcess<MessagePort> {
  const child = fork(childEntry, [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const ports = new Map<number, MessagePort>();
  let nextPortId = 0;
  const messageListeners: ((message: unknown) => void)[] = [];
  const outputListeners: ((line: string) => void)[] = [];
  const send = (envelope: BridgeEnvelope): void => {
    if (child.connected) child.send(envelope);
  };

  child.on('message', (raw) => {
    const parsed = bridgeEnvelopeSchema.safeParse(raw);
    if (!parsed.success) {
      for (const l of outputListeners) l('bridge: malformed envelope from the trainer ignored');
      return;
    }
    const envelope = parsed.data;
    if (envelope.kind === 'port') ports.get(envelope.portId)?.postMessage(envelope.data);
    else if (envelope.kind === 'control') for (const l of messageListeners) l(envelope.message);
  });
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
    postMessage(message, transfer = []) {
      const portIds = transfer.map((port) => {
        const portId = nextPortId++;
        ports.set(portId, port);
        port.on('message', (data: unknown) => send({ kind: 'port', portId, data }));
        port.on('close', () => {
          ports.delete(portId);
          send({ kind: 'port-closed', portId });
        });
        return portId;
      });
      send({ kind: 'control', message, portIds });
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onOutput: (listener) => void outputListeners.push(listener),
    onExit(listener) {
      child.once('exit', (code, signal) => {
        // NOTE: like a MessagePortMain whose process died, the bridged ports close.
        for (const port of ports.values()) port.close();
        ports.clear();
        const info: TrainerExitInfo = {
          code,
          reason: signal !== null ? `killed by ${signal}` : `exit code ${String(code)}`,
        };
        listener(info);
      });
    },
    kill: () => child.kill('SIGKILL'),
  };
}
