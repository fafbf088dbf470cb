/** "Open with RNN Studio": a file the OS hands the app (file association, a file dropped on the dock icon, argv, a second instance) is granted only when it is one of the associated kinds and passes the file grants' checks (a regular file, not hidden, not a link). */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { GrantedFile } from '../../common/ipc/api.ts';
import { FileAccessError, type FileGrants, grantUserFile } from '../fileGrants.ts';
import { OPENABLE_EXTENSIONS } from '../openFiles.ts';

/**
 * Checks a path the OS asked the app to open, grants it through {@link grantUserFile} (unless it
 * is granted already) and describes it.
 * @throws FileAccessError `Open with RNN Studio: '<path>' must be a .rnnmodel, …, .xlsx file, got '<ext>'.`,
 *   or grantUserFile's refusal (a folder, device, link, hidden file); stat errors as they are.
 */
export async function grantOpenedFile(path: string, grants: FileGrants): Promise<GrantedFile> {
  const extension = extname(path).toLowerCase();
  if (!(OPENABLE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new FileAccessError(
      `Open with RNN Studio: '${path}' must be a ${OPENABLE_EXTENSIONS.join(', ')} file, got '${extension || 'no extension'}'.`,
    );
  }
  const granted = grants.allows(path) ? path : await grantUserFile(grants, path);
  const info = await stat(granted);
  return { path: granted, name: basename(granted), size: info.size };
}
