/** Tests the renderer's Content-Security-Policy text. */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp.ts';

describe('contentSecurityPolicy', () => {
  it('is the strict policy for the packaged app', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it("adds only Vite's inline preamble and HMR socket in dev", () => {
    expect(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' })).toBe(
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self' ws://localhost:5173; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('refuses a dev origin that is not http(s)', () => {
    expect(() => contentSecurityPolicy({ devServerOrigin: 'file:///x' })).toThrow(
      "CSP: devServerOrigin must be an http(s) URL, got 'file:///x'.",
    );
  });
});
