/** Files the OS opens with the app are granted only when they are regular files of a supported kind. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { FileGrants } from '../fileGrants.ts';
import { filesFromArgv } from '../openFiles.ts';
import { grantOpenedFile } from './openWith.ts';

const dir = mkdtempSync(join(tmpdir(), 'open-with-'));

test('grants a dataset of each associated kind and describes it', async () => {
  for (const name of ['a.csv', 'b.TSV', 'c.jsonl', 'd.conllu', 'e.xlsx']) {
    const path = join(dir, name);
    writeFileSync(path, 'x,y\n1,2\n');
    const grants = new FileGrants();
    expect(await grantOpenedFile(path, grants)).toEqual({ path, name, size: 8 });
    expect(grants.allows(path)).toBe(true);
  }
});

test('refuses other kinds, folders and links without granting them', async () => {
  const grants = new FileGrants();
  const script = join(dir, 'run.sh');
  writeFileSync(script, 'echo');
  await expect(grantOpenedFile(script, grants)).rejects.toThrow(
    `Open with RNN Studio: '${script}' must be a .rnnmodel, .rnnproj, .csv, .tsv, .jsonl, .conllu, .xlsx file, got '.sh'.`,
  );
  const folder = join(dir, 'looks-like.csv');
  mkdirSync(folder);
  await expect(grantOpenedFile(folder, grants)).rejects.toThrow(
    `File access: '${folder}' must be a regular file, got a folder.`,
  );
  const link = join(dir, 'link.csv');
  symlinkSync(join(dir, 'a.csv'), link);
  await expect(grantOpenedFile(link, grants)).rejects.toThrow(
    `File access: '${link}' must be a regular file, got a symbolic link.`,
  );
  expect(grants.allows(script) || grants.allows(folder) || grants.allows(link)).toBe(false);
});

test('argv of a second instance names datasets as well as models and projects', () => {
  expect(
    filesFromArgv(
      ['/opt/RNN Studio/rnn-studio', '--smoke', 'sales.CSV', '/data/m.rnnmodel'],
      '/home/u',
    ),
  ).toEqual(['/home/u/sales.CSV', '/data/m.rnnmodel']);
});
