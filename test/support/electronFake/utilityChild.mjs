// Loaded with --import into the Node child that stands in for an Electron utility process: gives it
// `process.parentPort` (messages as { data, ports }) and MessagePortMain-like ports whose traffic
// travels over the child's IPC channel to the fake utilityProcess in the parent.
import { EventEmitter } from 'node:events';

const send = (envelope) => {
  if (process.connected) process.send(envelope);
};

/** A transferred port as the utility process sees it: queues until start(), like MessagePortMain. */
class BridgedPort extends EventEmitter {
  constructor(portId) {
    super();
    this.portId = portId;
    this.started = false;
    this.closed = false;
    this.queue = [];
  }
  postMessage(data) {
    if (!this.closed) send({ kind: 'port', portId: this.portId, data });
  }
  start() {
    this.started = true;
    const queued = this.queue;
    this.queue = [];
    for (const event of queued) this.emit('message', event);
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    ports.delete(this.portId);
    send({ kind: 'port-closed', portId: this.portId });
    this.emit('close');
  }
  deliver(data) {
    const event = { data, ports: [] };
    if (this.started) this.emit('message', event);
    else this.queue.push(event);
  }
  farClosed() {
    if (this.closed) return;
    this.closed = true;
    ports.delete(this.portId);
    this.emit('close');
  }
}

const ports = new Map();
const parentPort = new EventEmitter();
parentPort.postMessage = (message) => send({ kind: 'control', message, portIds: [] });

process.on('message', (envelope) => {
  if (envelope.kind === 'control') {
    const transferred = envelope.portIds.map((portId) => {
      const port = new BridgedPort(portId);
      ports.set(portId, port);
      return port;
    });
    parentPort.emit('message', { data: envelope.message, ports: transferred });
  } else if (envelope.kind === 'port') {
    ports.get(envelope.portId)?.deliver(envelope.data);
  } else if (envelope.kind === 'port-closed') {
    ports.get(envelope.portId)?.farClosed();
  }
});
// NOTE: a utility process lives until it exits; the IPC channel must not keep a finished one
// up, nor let it die early, so it stays referenced like Electron's parent port.
process.parentPort = parentPort;
