/** A clock whose deadlines move on by the time spent paused: a time budget that a pause does not use up. */
export class PausableClock {
  /** When the current pause began, or null while running. */
  private pausedAt: number | null = null;
  /** Milliseconds paused before the current pause. */
  private pausedBefore = 0;

  constructor(readonly now: () => number) {}

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  /** Starts a pause (a second call while paused changes nothing). */
  pause(): void {
    if (this.pausedAt === null) this.pausedAt = this.now();
  }

  /** Ends the pause, adding its length to the time paused. */
  resume(): void {
    if (this.pausedAt !== null) this.pausedBefore += this.now() - this.pausedAt;
    this.pausedAt = null;
  }

  /** Milliseconds paused so far, the current pause included. */
  pausedMs(): number {
    return this.pausedBefore + (this.pausedAt === null ? 0 : this.now() - this.pausedAt);
  }

  /** Seconds since `start` (this clock's milliseconds), time paused not counted. */
  secondsSince(start: number): number {
    return Math.max(0, (this.now() - start - this.pausedMs()) / 1000);
  }

  /** A stopwatch started now: seconds since, time paused in between not counted. */
  stopwatch(): () => number {
    const start = this.now() - this.pausedMs();
    return () => this.secondsSince(start);
  }

  /** A deadline at `at` (unpaused time) that moves on by all the time spent paused. */
  until(at: number): () => number {
    return () => at + this.pausedMs();
  }

  /** A deadline `ms` from now that moves on by the time spent paused from now on. */
  fromNow(ms: number): () => number {
    return this.until(this.now() - this.pausedMs() + ms);
  }
}
