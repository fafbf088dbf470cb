/** Tests recognising the app's own page (app:// only, never file:) and which requests the page may make. */
import { describe, expect, it } from 'vitest';
import { createAppPageGuard, isAllowedRequest } from './appPage.ts';
import { APP_PAGE_URL } from './appProtocol.ts';

describe('createAppPageGuard', () => {
  const packaged = createAppPageGuard({ kind: 'app' });
  const dev = createAppPageGuard({ kind: 'dev-server', url: 'http://localhost:5173/' });

  it('accepts the packaged app://rnn-studio/index.html, with or without a hash', () => {
    expect(packaged(APP_PAGE_URL)).toBe(true);
    expect(packaged(`${APP_PAGE_URL}#/train`)).toBe(true);
  });

  it('refuses file: pages, other app pages and hosts, other schemes, gone frames and garbage', () => {
    expect(packaged('file:///opt/RNN%20Studio/resources/app.asar/out/renderer/index.html')).toBe(
      false,
    );
    expect(packaged('file:///tmp/evil.html')).toBe(false);
    expect(packaged('app://rnn-studio/other.html')).toBe(false);
    expect(packaged('app://evil/index.html')).toBe(false);
    expect(packaged('app://user@rnn-studio/index.html')).toBe(false);
    expect(packaged('https://rnn-studio/index.html')).toBe(false);
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

describe('isAllowedRequest', () => {
  it('allows local schemes and refuses remote content in the packaged app', () => {
    expect(isAllowedRequest('app://rnn-studio/assets/index.js')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequest('blob:app://rnn-studio/0d6c')).toBe(true);
    expect(isAllowedRequest('file:///opt/app/out/renderer/assets/index.js')).toBe(false);
    expect(isAllowedRequest('file:///etc/passwd')).toBe(false);
    expect(isAllowedRequest('app://evil/x.js')).toBe(false);
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
