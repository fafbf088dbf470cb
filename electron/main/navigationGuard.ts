/** Keeps the window on the app's page: every navigation and new window is refused; allow-listed links (externalLinks.ts) open in the system browser instead. */
import { checkExternalLink } from './externalLinks.ts';

/** The part of a window's webContents the guard uses (window.ts adapts Electron's). */
export interface GuardedContents {
  /** Electron's `setWindowOpenHandler`: `window.open` and `target=_blank` links. */
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  /** Electron's `'will-navigate'`: the page asks to navigate its main frame to `url`. */
  onWillNavigate(listener: (event: { preventDefault(): void }, url: string) => void): void;
}

/** What the guard does with a link it lets out, and where it reports refusals. */
export interface NavigationGuardDeps {
  /** Opens a checked link in the system browser (main.ts: `shell.openExternal`). */
  openExternal(url: URL): void;
  log(line: string): void;
}

/**
 * Installs the guard on one window. Nothing ever opens or loads inside the app besides its
 * page: `window.open` is denied and `will-navigate` is prevented for every URL — another site,
 * `file://` (which would read local files into the window), the app's own page. A link on the
 * allow-list goes to the system browser; any other is only logged.
 */
export function guardNavigation(contents: GuardedContents, deps: NavigationGuardDeps): void {
  const leave = (url: string, how: string): void => {
    try {
      deps.openExternal(checkExternalLink(url));
    } catch (err) {
      deps.log(`${how} '${url}' refused: ${(err as Error).message}`);
    }
  };
  contents.setWindowOpenHandler(({ url }) => {
    leave(url, 'Opening a window at');
    return { action: 'deny' };
  });
  contents.onWillNavigate((event, url) => {
    event.preventDefault();
    leave(url, 'Navigation to');
  });
}
