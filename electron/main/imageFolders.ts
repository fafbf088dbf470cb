/** Lists a captioning folder the user chose in the open dialog: its files (hidden files and links skipped, as the trainer lists it) with their sizes, for the Data section to read and preview. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { directoryImageFolder } from '../../node/images/directoryImageFolder.ts';
import type { ImageFolderListing } from '../common/ipc/results.ts';

/**
 * The folder's files as relative '/' paths with their sizes, in the trainer's order
 * (node/images/directoryImageFolder.ts).
 * @throws the file-system error when the folder cannot be listed, or an Error above 500,000 files.
 */
export async function listImageFolder(root: string): Promise<ImageFolderListing> {
  const folder = await directoryImageFolder(root);
  const files: ImageFolderListing['files'] = [];
  for (const path of folder.paths) {
    files.push({ path, size: (await stat(join(root, ...path.split('/')))).size });
  }
  return { path: root, name: folder.name, files };
}
