/** The training loop's yield: setImmediate where there is one, else a MessageChannel message, else setTimeout 0, each letting queued work run first. */
import { describe, expect, it } from 'vitest';
import { makeYield } from './yieldToHost.ts';

describe('makeYield', () => {
  it('prefers setImmediate', async () => {
    const used: string[] = [];
    const y = makeYield({
      setImmediate: (fn) => {
        used.push('immediate');
        return setImmediate(fn);
      },
      setTimeout: () => used.push('timeout'),
    });
    await y();
    expect(used).toEqual(['immediate']);
  });

  it('uses a MessageChannel without setImmediate, in order, and lets a queued task run first', async () => {
    const y = makeYield({
      setTimeout: () => {
        throw new Error('setTimeout must not be used when MessageChannel exists.');
      },
      MessageChannel: MessageChannel as never,
    });
    const order: string[] = [];
    setTimeout(() => order.push('queued task'), 0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const both = Promise.all([
      y().then(() => order.push('first')),
      y().then(() => order.push('second')),
    ]);
    await both;
    expect(order).toEqual(['queued task', 'first', 'second']);
  });

  it('falls back to setTimeout 0', async () => {
    const delays: number[] = [];
    const y = makeYield({
      setTimeout: (fn, ms) => {
        delays.push(ms);
        return setTimeout(fn, ms);
      },
    });
    await y();
    expect(delays).toEqual([0]);
  });
});
