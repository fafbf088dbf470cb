/** "Open with RNN Studio": a file the OS hands the app (file association, a file dropped on the dock icon, argv, a second instance) is granted only when it is a regular file of a kind the app opens. */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { GrantedFile } from '../../preload/api.ts';
import { FileAccessError, type FileGrants } from '../fileGrants.ts';
import { OPENABLE_EXTENSIONS } from '../openFiles.ts';

/**
 * Checks a path the OS asked the app to open, then grants it through the file grants.
 * @throws FileAccessError `Open with RNN Studio: '<path>' must be a .rnnmodel, …, or .xlsx file, got '<ext>'.`
 *   or `… must be a regular file, got a folder or device.`; stat errors (missing file) as they are.
 */
export async function grantOpenedFile(
  path: string,
  grants: Pick<FileGrants, 'grantFile'>,
): Promise<GrantedFile> {
  const extension = extname(path).toLowerCase();
  if (!(OPENABLE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new FileAccessError(
      `Open with RNN Studio: '${path}' must be a ${OPENABLE_EXTENSIONS.join(', ')} file, got '${extension || 'no extension'}'.`,
    );
  }
  const info = await stat(path);
  if (!info.isFile()) {
    throw new FileAccessError(
      `Open with RNN Studio: '${path}' must be a regular file, got a folder or device.`,
    );
  }
  const granted = grants.grantFile(path);
  return { path: granted, name: basename(granted), size: info.size };
}
