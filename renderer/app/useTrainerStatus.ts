/** React hook: asks the trainer for `hello` once and tracks whether it answered or failed. */
import { useEffect, useState } from 'react';
import type { TrainerResults } from '../../core/protocol/messages.ts';
import type { StudioApi } from '../../electron/common/ipc/api.ts';
import { getStudio } from './bridge.ts';

/** What the status bar shows about the trainer. */
export type TrainerStatus =
  | { state: 'connecting' }
  | { state: 'ready'; shell: StudioApi['shell']; hello: TrainerResults['hello'] }
  | { state: 'failed'; message: string };

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Connects to the trainer on mount; later trainer `error` events turn the status to failed. */
export function useTrainerStatus(): TrainerStatus {
  const [status, setStatus] = useState<TrainerStatus>({ state: 'connecting' });

  useEffect(() => {
    let active = true;
    let unsubscribe: (() => void) | null = null;
    getStudio()
      .then(async (studio) => {
        if (!active) return;
        unsubscribe = studio.onEvent((event) => {
          if (event.type !== 'error') return;
          console.error(`Trainer error: ${event.message}`, event.stack ?? '');
          setStatus({ state: 'failed', message: event.message });
        });
        const hello = await studio.hello();
        if (active) setStatus({ state: 'ready', shell: studio.shell, hello });
      })
      .catch((err: unknown) => {
        console.error('Trainer hello failed.', err);
        if (active) setStatus({ state: 'failed', message: messageOf(err) });
      });
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, []);

  return status;
}
