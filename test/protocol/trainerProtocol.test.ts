/** The trainer endpoint in a real Node worker thread: hello round-trips, bad messages get clear errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_VERSION } from '../../core/version.ts';
import { type NodeTrainer, startNodeTrainer } from '../support/nodeTrainer.ts';

let trainer: NodeTrainer;

beforeAll(() => {
  trainer = startNodeTrainer();
});
afterAll(async () => {
  await trainer.terminate();
});

/** Sends a raw value and resolves with the next error event the trainer posts. */
function nextError(raw: unknown): Promise<{ id: number | null; name: string; message: string }> {
  return new Promise((resolve) => {
    const off = trainer.client.onEvent((event) => {
      if (event.type === 'error') {
        off();
        resolve(event);
      }
    });
    trainer.postRaw(raw);
  });
}

describe('trainer protocol over a Node worker', () => {
  it('answers hello with the core version and its host kind', async () => {
    const reply = await trainer.client.request({ type: 'hello' });
    expect(reply).toEqual({ coreVersion: CORE_VERSION, host: 'node-worker' });
  });

  it('answers concurrent requests each with its own reply', async () => {
    const replies = await Promise.all(
      [1, 2, 3].map(() => trainer.client.request({ type: 'hello' })),
    );
    expect(replies.map((r) => r.host)).toEqual(['node-worker', 'node-worker', 'node-worker']);
  });

  it('rejects an unknown message type with an error naming the type', async () => {
    const err = await nextError({ type: 'make-coffee', id: 7 });
    expect(err).toMatchObject({
      id: 7,
      name: 'ProtocolError',
      message: "Unsupported message type 'make-coffee'.",
    });
  });

  it('rejects a malformed hello with an error naming the field', async () => {
    const err = await nextError({ type: 'hello', id: 'one' });
    expect(err.name).toBe('ProtocolError');
    expect(err.id).toBeNull();
    expect(err.message).toMatch(/^Malformed 'hello' message: id: .*number.*\.$/);
  });

  it('rejects a message that is not an object', async () => {
    const err = await nextError(42);
    expect(err.message).toBe(
      "Malformed trainer request message: expected an object with a 'type', got number.",
    );
  });

  it('keeps serving after bad messages', async () => {
    await nextError({ nope: true });
    await expect(trainer.client.request({ type: 'hello' })).resolves.toMatchObject({
      host: 'node-worker',
    });
  });
});
