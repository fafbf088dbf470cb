/** Typed access to `window.studio`: the preload's object in Electron, the Web Worker host in web mode. */
import type { StudioApi } from '../../electron/common/ipc/api.ts';

type StudioWindow = Window & { studio?: StudioApi };

let studio: Promise<StudioApi> | null = null;

/**
 * Returns the StudioApi. In Electron the preload has already exposed `window.studio`; in web
 * mode (no `window.studio`) the worker-backed implementation is loaded, started once, and
 * installed as `window.studio` so both shells look the same from here on.
 */
export function getStudio(): Promise<StudioApi> {
  if (studio !== null) return studio;
  const exposed = (window as StudioWindow).studio;
  if (exposed !== undefined) {
    studio = Promise.resolve(exposed);
    return studio;
  }
  // NOTE: a dynamic import, so the Electron renderer never loads the worker host.
  studio = import('../web/webStudio.ts').then(({ startWebStudio }) => {
    const api = startWebStudio();
    (window as StudioWindow).studio = api;
    return api;
  });
  return studio;
}

/**
 * The desktop functions when the app runs in Electron (the preload exposes `window.studio`
 * before any script runs), else null: web mode has no desktop.
 */
export function desktopApi(): NonNullable<StudioApi['desktop']> | null {
  return (window as StudioWindow).studio?.desktop ?? null;
}
