/** The pausable clock: a budget's deadlines and its used time leave out every pause, the current one included. */
import { describe, expect, it } from 'vitest';
import { PausableClock } from './pausableClock.ts';

describe('PausableClock', () => {
  it('moves deadlines on by the time paused and leaves it out of the time used', () => {
    let t = 1000;
    const clock = new PausableClock(() => t);
    const deadline = clock.until(5000);
    t = 2000;
    clock.pause();
    clock.pause(); // a second pause does not restart the first
    t = 2500;
    expect(clock.paused).toBe(true);
    // While paused, the deadline keeps moving with the pause.
    expect(deadline()).toBe(5500);
    t = 3000;
    clock.resume();
    expect(clock.paused).toBe(false);
    t = 4000;
    expect(deadline()).toBe(6000);
    expect(clock.secondsSince(1000)).toBe(2);
    // A deadline made now counts only pauses from now on.
    const soon = clock.fromNow(500);
    expect(soon()).toBe(4500);
    clock.pause();
    t = 4300;
    clock.resume();
    expect(soon()).toBe(4800);
    expect(deadline()).toBe(6300);
    // A stopwatch counts only the unpaused time since it started.
    const watch = clock.stopwatch();
    t = 5300;
    clock.pause();
    t = 9300;
    expect(watch()).toBe(1);
    clock.resume();
    t = 9800;
    expect(watch()).toBe(1.5);
    clock.pause();
    clock.resume();
    // Resuming when not paused changes nothing.
    clock.resume();
    expect(deadline()).toBe(10_300);
  });
});
