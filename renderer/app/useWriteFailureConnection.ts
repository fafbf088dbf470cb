/** React hook: connects the failed-writes store once: main's write failures (desktop) or the leave-page guard (web mode). */
import { useEffect } from 'react';
import { getStudio } from './bridge.ts';
import { connectWriteFailures } from './writeFailures.ts';

export function useWriteFailureConnection(): void {
  useEffect(() => {
    let active = true;
    let disconnect: (() => void) | null = null;
    getStudio()
      .then((studio) => {
        if (active) disconnect = connectWriteFailures(studio, window);
      })
      .catch((err: unknown) => console.error('Watching for failed writes failed.', err));
    return () => {
      active = false;
      disconnect?.();
    };
  }, []);
}
