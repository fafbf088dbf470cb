/** Tests that the renderer's meta CSP is relaxed only for the dev server and verified in builds. */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, galleryOrigins, parsePolicy } from '../../electron/main/csp.ts';
import { rendererCspPlugin, webCspPlugin } from './cspPlugin.ts';

type Handler = (html: string, context: { server?: unknown }) => string;
const handler = (rendererCspPlugin().transformIndexHtml as { handler: Handler }).handler;
const page = (policy: string) =>
  `<html><head><meta http-equiv="Content-Security-Policy" content="${policy}" /></head></html>`;

describe('rendererCspPlugin', () => {
  it('passes a build whose meta policy matches csp.ts', () => {
    const html = page(contentSecurityPolicy({ forMeta: true }));
    expect(handler(html, {})).toBe(html);
  });

  it('fails a build whose meta policy drifted, naming the directives', () => {
    const drifted = contentSecurityPolicy({ forMeta: true }).replace(
      "script-src 'self'",
      "script-src 'self' https://cdn.example.com",
    );
    expect(() => handler(page(drifted), {})).toThrow(
      "Renderer CSP: index.html's policy must match electron/main/csp.ts, got different 'script-src'.",
    );
  });

  it('serves the dev policy from the dev server', () => {
    const server = { resolvedUrls: { local: ['http://localhost:5173/'] }, config: { server: {} } };
    expect(handler(page(contentSecurityPolicy({ forMeta: true })), { server })).toBe(
      page(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173', forMeta: true })),
    );
  });

  it('fails when index.html has no CSP meta tag', () => {
    expect(() => handler('<html></html>', {})).toThrow(
      'Renderer CSP: index.html must carry <meta http-equiv="Content-Security-Policy" content="…">, got none.',
    );
  });
});

describe('webCspPlugin', () => {
  const web = (webCspPlugin().transformIndexHtml as { handler: Handler }).handler;

  it("adds the gallery's origins to connect-src and changes nothing else", () => {
    const base = contentSecurityPolicy({ forMeta: true });
    const out = web(page(base), {});
    const policy = /content="([^"]*)"/.exec(out)?.[1] ?? '';
    const got = parsePolicy(policy);
    const want = parsePolicy(base);
    expect(got.get('connect-src')).toBe(["'self'", ...galleryOrigins()].sort().join(' '));
    for (const [name, values] of want)
      if (name !== 'connect-src') expect(got.get(name)).toBe(values);
  });

  it('derives the origins from the catalogue URLs, each once', () => {
    expect(galleryOrigins()).toEqual([
      'https://cdn.jsdelivr.net',
      'https://raw.githubusercontent.com',
    ]);
  });

  it('leaves the Electron policy at self (its build check still passes on the same index.html)', () => {
    const html = page(contentSecurityPolicy({ forMeta: true }));
    expect(handler(html, {})).toBe(html);
    expect(parsePolicy(contentSecurityPolicy()).get('connect-src')).toBe("'self'");
  });

  it('fails when index.html has no CSP meta tag', () => {
    expect(() => web('<html></html>', {})).toThrow(
      'Web CSP: index.html must carry <meta http-equiv="Content-Security-Policy" content="…">, got none.',
    );
  });
});
