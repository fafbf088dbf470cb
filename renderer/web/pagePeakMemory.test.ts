/** Tests for the page's memory sampler: one measurement at a time, spaced by the interval, the highest kept per run. */
import { describe, expect, it, vi } from 'vitest';
import { createPeakSampler } from './pagePeakMemory.ts';

/** Measurements the test answers by hand, with a clock and timers it moves. */
function harness() {
  const answers: Array<{ resolve: (bytes: number) => void; reject: (err: Error) => void }> = [];
  let clock = 0;
  const timers: Array<{ at: number; run: () => void; cleared: boolean }> = [];
  const sampler = createPeakSampler({
    measure: () => new Promise<number>((resolve, reject) => answers.push({ resolve, reject })),
    intervalMs: 5000,
    now: () => clock,
    setTimer: (run, ms) => {
      const timer = { at: clock + ms, run, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  });
  const advance = (ms: number) => {
    clock += ms;
    for (const t of timers.splice(0)) {
      if (t.cleared) continue;
      if (t.at <= clock) t.run();
      else timers.push(t);
    }
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { sampler, answers, advance, settle, timers };
}

describe('createPeakSampler', () => {
  it('keeps the highest of its measurements and has none before the first answers', async () => {
    const h = harness();
    h.sampler.start();
    expect(h.sampler.peak()).toBeNull();
    expect(h.answers).toHaveLength(1);
    h.answers[0]?.resolve(300);
    await h.settle();
    expect(h.sampler.peak()).toBe(300);
    h.advance(5000);
    h.answers[1]?.resolve(200);
    await h.settle();
    expect(h.sampler.peak()).toBe(300);
    h.advance(5000);
    h.answers[2]?.resolve(450);
    await h.settle();
    expect(h.sampler.peak()).toBe(450);
  });

  it('measures one at a time and starts the next no sooner than the interval after the last started', async () => {
    const h = harness();
    h.sampler.start();
    h.advance(20_000);
    expect(h.answers).toHaveLength(1); // still in flight: no second one
    h.answers[0]?.resolve(100);
    await h.settle();
    // The first took 20 s, longer than the interval: the next starts at once.
    h.advance(0);
    expect(h.answers).toHaveLength(2);
    h.advance(1000);
    h.answers[1]?.resolve(100);
    await h.settle();
    h.advance(3999);
    expect(h.answers).toHaveLength(2);
    h.advance(1);
    expect(h.answers).toHaveLength(3);
  });

  it('stops measuring when stopped, still counting the one in flight, and starts a new run empty', async () => {
    const h = harness();
    h.sampler.start();
    h.sampler.stop();
    h.answers[0]?.resolve(700);
    await h.settle();
    expect(h.sampler.peak()).toBe(700);
    h.advance(60_000);
    expect(h.answers).toHaveLength(1);
    h.sampler.start();
    expect(h.sampler.peak()).toBeNull();
    expect(h.answers).toHaveLength(2);
  });

  it('ignores a previous run’s late answer in the new run’s peak', async () => {
    const h = harness();
    h.sampler.start();
    h.sampler.stop();
    h.sampler.start(); // the first run's measurement is still in flight
    expect(h.answers).toHaveLength(1);
    h.answers[0]?.resolve(900);
    await h.settle();
    expect(h.sampler.peak()).toBeNull();
    h.advance(5000);
    h.answers[1]?.resolve(400);
    await h.settle();
    expect(h.sampler.peak()).toBe(400);
  });

  it('says when the measurement in flight has answered', async () => {
    const h = harness();
    h.sampler.start();
    h.sampler.stop();
    let settled = false;
    void h.sampler.settled().then(() => {
      settled = true;
    });
    await h.settle();
    expect(settled).toBe(false);
    h.answers[0]?.resolve(10);
    await h.settle();
    expect(settled).toBe(true);
    expect(h.sampler.generation()).toBe(1);
  });

  it('gives up after a failed measurement and never tries again', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = harness();
    h.sampler.start();
    h.answers[0]?.reject(new Error('SecurityError'));
    await h.settle();
    expect(h.sampler.available()).toBe(false);
    h.sampler.stop();
    h.sampler.start();
    h.advance(60_000);
    expect(h.answers).toHaveLength(1);
    expect(h.sampler.peak()).toBeNull();
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
