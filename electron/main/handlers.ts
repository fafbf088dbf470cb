/** The IPC handler implementations: files the user picked or dropped, and trainer ports. */

import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { GrantedFile } from '../common/ipc/api.ts';
import { INVOKE_CHANNELS } from '../common/ipc/channels.ts';
import { FileAccessError, type FileGrants, grantUserFile } from './fileGrants.ts';
import type { InvokeEventLike, InvokeHandlers } from './ipc.ts';

/** What the handlers need from the app; wiring/ipcHandlers.ts passes Electron's dialog and the trainer. */
export interface HandlerDeps<E extends InvokeEventLike> {
  grants: FileGrants;
  /** Shows the open dialog for datasets; resolves with the chosen absolute paths ([] if cancelled). */
  chooseDatasets: (event: E) => Promise<string[]>;
  /** Gives the sending window a fresh port to the trainer. */
  connectTrainer: (event: E) => void;
}

/**
 * Describes a granted path that must be a regular file.
 * @throws FileAccessError when it is not a regular file.
 */
export async function describeFile(path: string): Promise<GrantedFile> {
  const info = await stat(path);
  if (!info.isFile()) {
    throw new FileAccessError(`File access: '${path}' must be a file, got a folder or device.`);
  }
  return { path, name: basename(path), size: info.size };
}

/**
 * The channels {@link createHandlers} serves (projects and runs: desktopHandlers.ts). There is no
 * channel to open links: the page cannot ask main to open a URL; allow-listed links leave only
 * through the window's navigation guard (navigationGuard.ts).
 */
export type FileChannel =
  | typeof INVOKE_CHANNELS.connectTrainer
  | typeof INVOKE_CHANNELS.openDatasetDialog
  | typeof INVOKE_CHANNELS.grantDroppedFile
  | typeof INVOKE_CHANNELS.fileInfo;

/** Builds one handler per file and link channel over `deps`. */
export function createHandlers<E extends InvokeEventLike>(
  deps: HandlerDeps<E>,
): Pick<InvokeHandlers<E>, FileChannel> {
  return {
    [INVOKE_CHANNELS.connectTrainer]: (_payload, event) => {
      deps.connectTrainer(event);
      return null;
    },
    [INVOKE_CHANNELS.openDatasetDialog]: async (_payload, event) => {
      const paths = await deps.chooseDatasets(event);
      return Promise.all(paths.map((p) => describeFile(deps.grants.grantFile(p))));
    },
    [INVOKE_CHANNELS.grantDroppedFile]: async ({ path }) =>
      describeFile(await grantUserFile(deps.grants, path)),
    [INVOKE_CHANNELS.fileInfo]: async ({ path }) => describeFile(deps.grants.check(path)),
  };
}
