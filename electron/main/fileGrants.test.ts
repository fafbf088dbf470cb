/** Tests which paths the renderer may name, and which dropped files are granted (real files, folders, pipes and links in a temp folder). */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileAccessError, FileGrants, grantUserFile } from './fileGrants.ts';

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

describe('grantUserFile (a dropped or OS-opened file)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rnn-grants-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('grants a regular data file by its extension', async () => {
    const grants = new FileGrants();
    const file = join(dir, 'reviews.csv');
    await writeFile(file, 'text,label\ngood,1\n');
    expect(await grantUserFile(grants, file)).toBe(file);
    expect(grants.allows(file)).toBe(true);
  });

  it('grants a table or JSON without a known extension by its content', async () => {
    const grants = new FileGrants();
    await writeFile(join(dir, 'export'), 'a;b;c\n1;2;3\n4;5;6\n');
    await writeFile(
      join(dir, 'records'),
      '{"text": "hi", "label": 1}\n{"text": "yo", "label": 0}\n',
    );
    await grantUserFile(grants, join(dir, 'export'));
    await grantUserFile(grants, join(dir, 'records'));
    expect(grants.allows(join(dir, 'export'))).toBe(true);
    expect(grants.allows(join(dir, 'records'))).toBe(true);
  });

  it('refuses /etc/passwd: a system file that is no data, model or project format', async () => {
    const grants = new FileGrants();
    await expect(grantUserFile(grants, '/etc/passwd')).rejects.toThrow(
      "File access: '/etc/passwd' must be a data, model or project file (.csv, .tsv, .jsonl, .xlsx, .parquet, .rnnmodel, .rnnproj, …), got a file of another kind.",
    );
    expect(grants.allows('/etc/passwd')).toBe(false);
  });

  it('refuses an INI file and prose without a data extension', async () => {
    const grants = new FileGrants();
    await writeFile(join(dir, 'config'), '[core]\n\tbare = false\n');
    await writeFile(join(dir, 'notes'), 'Just some words.\nMore words here.\n');
    await expect(grantUserFile(grants, join(dir, 'config'))).rejects.toThrow(FileAccessError);
    await expect(grantUserFile(grants, join(dir, 'notes'))).rejects.toThrow(FileAccessError);
  });

  it('refuses a folder: folders are granted only through the open dialog', async () => {
    const grants = new FileGrants();
    const folder = join(dir, 'data.csv');
    await mkdir(folder);
    await expect(grantUserFile(grants, folder)).rejects.toThrow(
      `File access: '${folder}' must be a regular file, got a folder.`,
    );
    expect(grants.allows(join(folder, 'x.csv'))).toBe(false);
  });

  it('refuses a FIFO without blocking on it', async () => {
    const grants = new FileGrants();
    const fifo = join(dir, 'stream.csv');
    execFileSync('mkfifo', [fifo]);
    await expect(grantUserFile(grants, fifo)).rejects.toThrow(
      `File access: '${fifo}' must be a regular file, got a pipe (FIFO).`,
    );
    expect(grants.allows(fifo)).toBe(false);
  });

  it('refuses a symbolic link, even one to a regular data file', async () => {
    const grants = new FileGrants();
    const target = join(dir, 'real.csv');
    await writeFile(target, 'a,b\n1,2\n');
    const link = join(dir, 'link.csv');
    await symlink(target, link);
    const toSecret = join(dir, 'secret.csv');
    await symlink('/etc/passwd', toSecret);
    await expect(grantUserFile(grants, link)).rejects.toThrow(
      `File access: '${link}' must be a regular file, got a symbolic link.`,
    );
    await expect(grantUserFile(grants, toSecret)).rejects.toThrow('got a symbolic link');
    expect(grants.allows(link) || grants.allows(toSecret) || grants.allows(target)).toBe(false);
  });

  it('refuses a device', async () => {
    await expect(grantUserFile(new FileGrants(), '/dev/null')).rejects.toThrow(
      "File access: '/dev/null' must be a regular file, got a device.",
    );
  });

  it('refuses files inside a hidden folder, also when reached through a linked folder', async () => {
    const grants = new FileGrants();
    const hidden = join(dir, '.ssh');
    await mkdir(hidden);
    await writeFile(join(hidden, 'keys.csv'), 'a,b\n1,2\n');
    await expect(grantUserFile(grants, join(hidden, 'keys.csv'))).rejects.toThrow(
      `File access: '${join(hidden, 'keys.csv')}' must not be hidden or inside a hidden folder, got '.ssh'.`,
    );
    await symlink(hidden, join(dir, 'plain'));
    await expect(grantUserFile(grants, join(dir, 'plain', 'keys.csv'))).rejects.toThrow(
      "got '.ssh'",
    );
    expect(grants.allows(join(hidden, 'keys.csv'))).toBe(false);
  });

  it('refuses a relative path', async () => {
    await expect(grantUserFile(new FileGrants(), 'reviews.csv')).rejects.toThrow(
      "File access: path must be absolute, got 'reviews.csv'.",
    );
  });
});
