/** Tests which paths the renderer may name. */
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileGrants } from './fileGrants.ts';

const root = join(sep, 'home', 'ana');

describe('FileGrants', () => {
  it('allows exactly the granted file', () => {
    const grants = new FileGrants();
    grants.grantFile(join(root, 'data', 'a.csv'));
    expect(grants.allows(join(root, 'data', 'a.csv'))).toBe(true);
    expect(grants.allows(join(root, 'data', 'b.csv'))).toBe(false);
    expect(grants.allows(join(root, 'data'))).toBe(false);
  });

  it('allows everything inside a granted folder and nothing outside it', () => {
    const grants = new FileGrants();
    grants.grantFolder(join(root, 'exports'));
    expect(grants.allows(join(root, 'exports', 'model', 'config.json'))).toBe(true);
    expect(grants.allows(join(root, 'exports'))).toBe(true);
    expect(grants.allows(join(root, 'exports-old', 'x'))).toBe(false);
    expect(grants.allows(`${join(root, 'exports')}${sep}..${sep}.ssh${sep}id_rsa`)).toBe(false);
  });

  it('refuses relative paths', () => {
    const grants = new FileGrants();
    grants.grantFolder(root);
    expect(grants.allows('a.csv')).toBe(false);
    expect(() => grants.check('a.csv')).toThrow(
      "File access: 'a.csv' is not a file you opened or dropped.",
    );
  });

  it('normalises a granted path with dot segments', () => {
    const grants = new FileGrants();
    grants.grantFile(`${root}${sep}x${sep}..${sep}a.csv`);
    expect(grants.check(join(root, 'a.csv'))).toBe(join(root, 'a.csv'));
  });
});
