/** Tests the renderer's Content-Security-Policy text. */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, parsePolicy } from './csp.ts';

describe('contentSecurityPolicy', () => {
  it('is the strict policy for the packaged app', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it("adds only Vite's inline preamble and HMR socket in dev", () => {
    expect(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' })).toBe(
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self' ws://localhost:5173; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('refuses a dev origin that is not http(s)', () => {
    expect(() => contentSecurityPolicy({ devServerOrigin: 'file:///x' })).toThrow(
      "CSP: devServerOrigin must be an http(s) URL, got 'file:///x'.",
    );
  });

  it('leaves header-only directives out of the meta-tag text', () => {
    expect(contentSecurityPolicy({ forMeta: true })).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
    );
  });
});

describe('parsePolicy', () => {
  it('compares policies regardless of order and spacing', () => {
    const a = parsePolicy("default-src 'self';  img-src data: 'self'");
    const b = parsePolicy("img-src 'self' data:; default-src 'self';");
    expect([...a].sort()).toEqual([...b].sort());
  });
});
