/** The memory the training estimate is compared with: the computer's total from main on the desktop, else the browser's device memory (a lower bound). */
import { useEffect, useMemo, useState } from 'react';
import { type HostMemory, hostMemory } from '../../../core/train/memoryBudget.ts';
import { desktopApi } from '../../app/bridge.ts';
import { deviceMemoryGiB } from './trainingMemory.ts';

/** Main's answer, asked once per page: the total does not change while the app runs. */
let systemBytes: Promise<number | null> | null = null;

function askSystemBytes(): Promise<number | null> {
  if (systemBytes !== null) return systemBytes;
  const desktop = desktopApi();
  systemBytes =
    desktop === null
      ? Promise.resolve(null)
      : desktop.systemMemoryBytes().catch((err: unknown) => {
          console.warn(
            'Training memory: the computer’s memory is unknown; using the browser’s.',
            err,
          );
          return null;
        });
  return systemBytes;
}

function browserGiB(): number | null {
  return deviceMemoryGiB(
    typeof navigator === 'undefined' ? undefined : (navigator as { deviceMemory?: number }),
  );
}

/** The host's memory for the estimate; the browser's figure until main has answered. */
export function useHostMemory(): HostMemory {
  const [system, setSystem] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void askSystemBytes().then((bytes) => {
      if (live) setSystem(bytes);
    });
    return () => {
      live = false;
    };
  }, []);
  const gib = browserGiB();
  return useMemo(() => hostMemory({ systemBytes: system, deviceMemoryGiB: gib }), [system, gib]);
}
