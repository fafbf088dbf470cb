/** Tests recognising the app's own page and vetting external links. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAppPageGuard, isAllowedRequest, parseExternalUrl } from './appPage.ts';

describe('createAppPageGuard', () => {
  const indexHtml = join(
    '/opt',
    'RNN Studio',
    'resources',
    'app.asar',
    'out',
    'renderer',
    'index.html',
  );
  const packaged = createAppPageGuard({ kind: 'file', indexHtmlPath: indexHtml });
  const dev = createAppPageGuard({ kind: 'dev-server', url: 'http://localhost:5173/' });

  it('accepts the packaged index.html, with or without a hash', () => {
    const url = pathToFileURL(indexHtml).href;
    expect(packaged(url)).toBe(true);
    expect(packaged(`${url}#/train`)).toBe(true);
  });

  it('refuses other files, other schemes, gone frames and garbage', () => {
    expect(packaged(pathToFileURL('/tmp/evil.html').href)).toBe(false);
    expect(packaged(`${pathToFileURL(indexHtml).href.replace('index.html', 'other.html')}`)).toBe(
      false,
    );
    expect(packaged('https://example.com/out/renderer/index.html')).toBe(false);
    expect(packaged(null)).toBe(false);
    expect(packaged(undefined)).toBe(false);
    expect(packaged('not a url')).toBe(false);
  });

  it('accepts any page of the dev server and refuses look-alike origins', () => {
    expect(dev('http://localhost:5173/')).toBe(true);
    expect(dev('http://localhost:5173/index.html?x=1')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('http://localhost.evil.com:5173/')).toBe(false);
    expect(dev('https://localhost:5173/')).toBe(false);
    expect(dev('http://user@localhost:5173.evil.com/')).toBe(false);
  });

  it('rejects a dev-server URL that is not http(s)', () => {
    expect(() => createAppPageGuard({ kind: 'dev-server', url: 'file:///x' })).toThrow(
      "App page: dev-server url must be an http(s) URL, got 'file:///x'.",
    );
  });
});

describe('parseExternalUrl', () => {
  it('passes https URLs', () => {
    expect(parseExternalUrl('https://pytorch.org/docs/').href).toBe('https://pytorch.org/docs/');
  });

  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'https://user:pw@example.com/',
    'not a url',
  ])('refuses %s', (url) => {
    expect(() => parseExternalUrl(url)).toThrow(
      `Open link: url must be an https: URL, got '${url}'.`,
    );
  });
});

describe('isAllowedRequest', () => {
  it('allows local schemes and refuses remote content in the packaged app', () => {
    expect(isAllowedRequest('file:///opt/app/out/renderer/assets/index.js')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequest('https://cdn.example.com/lib.js')).toBe(false);
    expect(isAllowedRequest('http://localhost:5173/')).toBe(false);
  });

  it('allows the dev server and its HMR socket in dev, nothing else', () => {
    const dev = 'http://localhost:5173';
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequest('http://localhost:8080/', dev)).toBe(false);
    expect(isAllowedRequest('https://example.com/', dev)).toBe(false);
  });
});
