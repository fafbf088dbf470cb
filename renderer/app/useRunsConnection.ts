/** React hook: connects the runs store to the trainer once (events and `list-runs`), so runs survive a reload. */
import { useEffect } from 'react';
import { getStudio } from './bridge.ts';
import { runsStore } from './runs.ts';

export function useRunsConnection(): void {
  useEffect(() => {
    let active = true;
    let unsubscribe: (() => void) | null = null;
    getStudio()
      .then((studio) => runsStore.attach(studio))
      .then((off) => {
        if (active) unsubscribe = off;
        else off();
      })
      .catch((err: unknown) => console.error('Connecting the runs to the trainer failed.', err));
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, []);
}
