/** Text of the training progress line: epoch, step, examples per second and the time left. */

/** `0:42`, `12:05`, `1:02:03` for a number of seconds (rounded up to whole seconds). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The fraction of planned steps done, or null before the trainer knows the total. */
export function progressFraction(p: { step: number; totalSteps: number }): number | null {
  return p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : null;
}
