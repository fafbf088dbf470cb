/** A fake of Electron's MessageChannelMain / MessagePortMain: entangled ports that queue until start(), clone what they carry, and can be bridged into another process. */
import { EventEmitter } from 'node:events';

/** What a MessagePortMain 'message' listener receives. */
export interface PortMessageEvent {
  data: unknown;
  ports: FakeMessagePortMain[];
}

/**
 * One end of a channel. Like MessagePortMain: messages to it queue until `start()`, data is
 * structured-cloned, `close()` closes both ends and each emits 'close' once. A port handed to a
 * utility process or a page is "bridged": what its peer posts goes to `bridge` instead of here.
 */
export class FakeMessagePortMain extends EventEmitter {
  peer: FakeMessagePortMain | null = null;
  private started = false;
  private closed = false;
  private queue: PortMessageEvent[] = [];
  /** Set when the port was transferred away (to a process or a page). */
  private bridge: ((data: unknown) => void) | null = null;
  /** Whether the port was transferred (a transferred port cannot be used or transferred again). */
  transferred = false;

  postMessage(message: unknown, transfer: readonly FakeMessagePortMain[] = []): void {
    if (this.transferred) throw new Error('MessagePortMain: the port was transferred.');
    if (transfer.length > 0) {
      throw new Error('fake electron: transferring ports over a MessagePortMain is not modelled.');
    }
    if (this.closed || this.peer === null) return;
    this.peer.receive(structuredClone(message));
  }

  start(): void {
    this.started = true;
    const queued = this.queue;
    this.queue = [];
    for (const event of queued) setImmediate(() => this.emit('message', event));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const peer = this.peer;
    this.peer = null;
    setImmediate(() => this.emit('close'));
    if (peer !== null) peer.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Marks the port as handed over: what reaches it goes to `deliver` (the other process). */
  transferTo(deliver: (data: unknown) => void): void {
    if (this.transferred) {
      throw new Error('MessagePortMain: a port can be transferred only once.');
    }
    this.transferred = true;
    this.bridge = deliver;
    // Messages that reached the port before it moved travel with it, as in Electron.
    for (const event of this.queue.splice(0)) deliver(event.data);
  }

  /** The far side of a transferred port sends `data` as if this port posted it. */
  sendFromFar(data: unknown): void {
    if (this.closed || this.peer === null) return;
    this.peer.receive(data);
  }

  private receive(data: unknown): void {
    if (this.closed) return;
    if (this.bridge !== null) {
      this.bridge(data);
      return;
    }
    const event: PortMessageEvent = { data, ports: [] };
    if (this.started) setImmediate(() => this.emit('message', event));
    else this.queue.push(event);
  }
}

/** A fake MessageChannelMain: two entangled ports. */
export class FakeMessageChannelMain {
  readonly port1 = new FakeMessagePortMain();
  readonly port2 = new FakeMessagePortMain();

  constructor() {
    this.port1.peer = this.port2;
    this.port2.peer = this.port1;
  }
}
