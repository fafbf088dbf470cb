/** A test backend: the TypeScript kernels, each recording its name before it runs, to show which kernels an op reaches. */
import { type Backend, jsBackend, setBackend } from '../../core/kernels/backend.ts';

/** Installs the recording backend; every kernel call pushes its member name onto the returned list. */
export function installRecordingBackend(): string[] {
  const calls: string[] = [];
  const recorded: Record<string, unknown> = { name: 'js' };
  for (const [key, value] of Object.entries(jsBackend)) {
    if (typeof value !== 'function') continue;
    recorded[key] = (...args: unknown[]) => {
      calls.push(key);
      return (value as (...a: unknown[]) => unknown)(...args);
    };
  }
  setBackend(recorded as unknown as Backend);
  return calls;
}
