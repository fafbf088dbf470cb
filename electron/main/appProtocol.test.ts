/** Tests the app:// handler on a real folder: it serves the renderer's files and refuses every way out of it (dot segments plain and encoded, absolute paths, other hosts, symbolic links). */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PAGE_URL, createAppProtocolHandler, resolveAppFile } from './appProtocol.ts';
import { contentSecurityPolicy } from './csp.ts';

let base: string;
let root: string;
const csp = contentSecurityPolicy();

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'rnn-app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>RNN Studio</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'export {};');
  await writeFile(join(base, 'secret.txt'), 'outside the renderer');
  await symlink(join(base, 'secret.txt'), join(root, 'leak.txt'));
  await symlink(join(root, 'assets', 'index-abc.js'), join(root, 'alias.js'));
  await symlink(base, join(root, 'up'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('app:// protocol handler', () => {
  const handler = () => createAppProtocolHandler({ root, csp });

  it('serves the page and its assets, cross-origin isolated and under the CSP', async () => {
    const page = await handler()(new Request(APP_PAGE_URL));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>RNN Studio</title>');
    expect(Object.fromEntries(page.headers)).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'x-content-type-options': 'nosniff',
    });
    const script = await handler()(new Request('app://rnn-studio/assets/index-abc.js'));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handler()(new Request('app://rnn-studio/'))).status).toBe(200);
  });

  it.each([
    ['a parent segment', 'app://rnn-studio/../secret.txt'],
    ['a parent segment below a folder', 'app://rnn-studio/assets/../../secret.txt'],
    ['an encoded parent segment', 'app://rnn-studio/%2e%2e/secret.txt'],
    ['an encoded parent and slash', 'app://rnn-studio/%2E%2E%2Fsecret.txt'],
    ['encoded slashes', 'app://rnn-studio/assets/..%2f..%2fsecret.txt'],
    ['an encoded backslash', 'app://rnn-studio/..%5csecret.txt'],
    ['an absolute path', 'app://rnn-studio//etc/passwd'],
    ['an encoded absolute path', 'app://rnn-studio/%2Fetc%2Fpasswd'],
    ['a Windows drive', 'app://rnn-studio/C:%5CWindows%5Cwin.ini'],
    ['an empty host', 'app:///etc/passwd'],
    ['another host', 'app://evil/index.html'],
    ['a file: URL', 'file:///etc/passwd'],
    ['a link to a file outside', 'app://rnn-studio/leak.txt'],
    ['a link to a file inside', 'app://rnn-studio/alias.js'],
    ['a path through a linked folder', 'app://rnn-studio/up/secret.txt'],
    ['a folder', 'app://rnn-studio/assets'],
    ['a missing file', 'app://rnn-studio/nope.js'],
    ['malformed encoding', 'app://rnn-studio/%E0%A4%A.js'],
  ])('refuses %s', async (_what, url) => {
    expect(await resolveAppFile(root, url)).toBeNull();
    if (URL.canParse(url) && url.startsWith('app:')) {
      const response = await handler()(new Request(url));
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('outside the renderer');
    }
  });

  it('refuses an absolute path to a real file outside, percent-encoded', async () => {
    const url = `app://rnn-studio/${encodeURIComponent(join(base, 'secret.txt'))}`;
    expect(await resolveAppFile(root, url)).toBeNull();
  });

  it('answers only GET and HEAD', async () => {
    const post = await handler()(new Request(APP_PAGE_URL, { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    const head = await handler()(new Request(APP_PAGE_URL, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
