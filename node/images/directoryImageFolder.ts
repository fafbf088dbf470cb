/** A directory on disk as core's ImageFolder: regular files listed recursively (symbolic links and hidden files skipped), read on demand. */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImageFolder } from '../../core/data/captions/imageFolder.ts';

/** The most files a folder may hold before listing stops with an error. */
export const MAX_FOLDER_FILES = 500_000;

async function listFiles(root: string, relative: string, out: string[]): Promise<void> {
  const entries = await readdir(join(root, relative), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) await listFiles(root, path, out);
    else if (entry.isFile()) out.push(path);
    if (out.length > MAX_FOLDER_FILES) {
      throw new Error(`'${root}' must hold at most ${MAX_FOLDER_FILES} files, got more.`);
    }
  }
}

/**
 * Lists `root` (files in sorted order, '/'-separated relative paths) and reads files as asked.
 * @throws Error from the file system when `root` cannot be listed.
 */
export async function directoryImageFolder(root: string): Promise<ImageFolder> {
  const paths: string[] = [];
  await listFiles(root, '', paths);
  const known = new Set(paths);
  return {
    name: basename(root),
    paths,
    async read(path: string): Promise<Uint8Array> {
      if (!known.has(path)) throw new Error(`'${path}' is not a file of '${root}'`);
      return new Uint8Array(await readFile(join(root, ...path.split('/'))));
    },
  };
}
