/** Tests that the renderer's meta CSP is relaxed only for the dev server and verified in builds. */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp.ts';
import { rendererCspPlugin } from './cspPlugin.ts';

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
