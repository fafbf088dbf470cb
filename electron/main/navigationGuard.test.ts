/** Tests that the window never navigates away from the app's page and lets only allow-listed links out to the system browser. */
import { describe, expect, it } from 'vitest';
import { checkExternalLink, DOCS_URL, galleryLinks } from './externalLinks.ts';
import { type GuardedContents, guardNavigation } from './navigationGuard.ts';

function makeWindow() {
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  let navigate: ((event: { preventDefault(): void }, url: string) => void) | null = null;
  const contents: GuardedContents = {
    setWindowOpenHandler: (handler) => {
      openHandler = handler;
    },
    onWillNavigate: (listener) => {
      navigate = listener;
    },
  };
  const opened: string[] = [];
  const logs: string[] = [];
  guardNavigation(contents, {
    openExternal: (url) => opened.push(url.href),
    log: (l) => logs.push(l),
  });
  return {
    opened,
    logs,
    /** Fires will-navigate; returns whether the navigation was prevented. */
    navigate(url: string): boolean {
      let prevented = false;
      navigate?.({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    },
    open: (url: string) => openHandler?.({ url }),
  };
}

const licence = 'https://creativecommons.org/licenses/by/4.0/';

describe('guardNavigation', () => {
  it('refuses a file:// navigation and opens nothing', () => {
    const window = makeWindow();
    expect(window.navigate('file:///etc/passwd')).toBe(true);
    expect(window.opened).toEqual([]);
    expect(window.logs).toEqual([
      "Navigation to 'file:///etc/passwd' refused: Open link: url must be the documentation or a licence or source of the dataset gallery, got 'file:///etc/passwd'.",
    ]);
  });

  it('refuses navigating to other sites and to the app page itself', () => {
    const window = makeWindow();
    for (const url of [
      'https://evil.example/',
      'app://rnn-studio/index.html',
      'http://localhost:5173/',
    ]) {
      expect(window.navigate(url)).toBe(true);
    }
    expect(window.opened).toEqual([]);
  });

  it('sends allow-listed links to the system browser, never into the window', () => {
    const window = makeWindow();
    expect(window.navigate(DOCS_URL)).toBe(true);
    expect(window.open(licence)).toEqual({ action: 'deny' });
    expect(window.opened).toEqual([DOCS_URL, licence]);
  });

  it('denies window.open of anything else', () => {
    const window = makeWindow();
    expect(window.open('https://attacker.example/?data=secret')).toEqual({ action: 'deny' });
    expect(window.open('smb://host/share')).toEqual({ action: 'deny' });
    expect(window.opened).toEqual([]);
  });
});

describe('checkExternalLink', () => {
  it('passes the documentation and the gallery licences and sources', () => {
    expect(
      checkExternalLink('https://github.com/rnn-studio/rnn-studio/blob/main/docs/x.md').host,
    ).toBe('github.com');
    expect(galleryLinks().has(licence)).toBe(true);
    for (const link of galleryLinks()) expect(checkExternalLink(link).href).toBe(link);
  });

  it.each([
    'https://github.com/rnn-studio/rnn-studio-evil',
    'https://github.com/attacker/repo',
    'http://github.com/rnn-studio/rnn-studio',
    'https://user:pw@github.com/rnn-studio/rnn-studio',
    'https://creativecommons.org/licenses/by/4.0/?leak=1',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s', (url) => {
    expect(() => checkExternalLink(url)).toThrow(
      `Open link: url must be the documentation or a licence or source of the dataset gallery, got '${url}'.`,
    );
  });
});
