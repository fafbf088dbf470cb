/** The app's one project store: made when `window.studio.desktop` is there (Electron), none in web mode; and the hooks that read it. */
import { useEffect, useSyncExternalStore } from 'react';
import { importFile } from '../features/data/importDataset.ts';
import { getStudio } from './bridge.ts';
import { createProjectStore, type ProjectState, type ProjectStore } from './project.ts';
import { studioStore } from './store.ts';

let appStore: ProjectStore | null = null;
const holderListeners = new Set<() => void>();

function subscribeHolder(listener: () => void): () => void {
  holderListeners.add(listener);
  return () => holderListeners.delete(listener);
}

const noSubscription = (): (() => void) => () => undefined;

/** The project store, or null in web mode (and until the studio API is ready). */
export function useProjectStore(): ProjectStore | null {
  return useSyncExternalStore(subscribeHolder, () => appStore);
}

/** The project's state, or null in web mode. */
export function useProjectState(): ProjectState | null {
  const store = useProjectStore();
  return useSyncExternalStore(store?.subscribe ?? noSubscription, () => store?.getState() ?? null);
}

/** React hook: in the desktop app, creates the project store once and connects it to main. */
export function useProjectConnection(): void {
  useEffect(() => {
    let active = true;
    let unsubscribe: (() => void) | null = null;
    getStudio()
      .then(async (studio) => {
        if (studio.desktop === undefined || !active) return;
        appStore ??= createProjectStore({
          desktop: studio.desktop,
          studio: studioStore,
          importDataset: (file, o) =>
            importFile(file, {
              grantedPath: o.grantedPath,
              ...(o.reading !== undefined ? { reading: o.reading } : {}),
            }),
          // NOTE: main debounces its writes too (1.5 s); this only spares an IPC call per keystroke.
          specDelayMs: 400,
        });
        for (const l of holderListeners) l();
        const off = await appStore.connect();
        if (active) unsubscribe = off;
        else off();
      })
      .catch((err: unknown) =>
        console.error('Connecting the project to the desktop app failed.', err),
      );
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, []);
}
