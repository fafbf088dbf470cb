/** The set of files and folders the user chose or dropped: the only paths the renderer may name, and the checks a dropped or OS-opened file passes first. */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { SNIFF_BYTES, SUPPORTED_EXTENSIONS, sniffKind } from './fileKinds.ts';

/** Raised when the renderer names a path the user never gave the app. */
export class FileAccessError extends Error {
  override readonly name = 'FileAccessError';
}

/** Whether `path` lies inside `folder` (or is it). Both absolute. */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Remembers granted paths for the lifetime of the app. Files are matched exactly; folders
 * (chosen for export or projects) also grant everything beneath them.
 */
export class FileGrants {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  /** Grants one file, e.g. from the open dialog or a drop. Returns the normalised path. */
  grantFile(path: string): string {
    const absolute = this.normalise(path);
    this.files.add(absolute);
    return absolute;
  }

  /** Grants a folder and everything beneath it. Returns the normalised path. */
  grantFolder(path: string): string {
    const absolute = this.normalise(path);
    this.folders.add(absolute);
    return absolute;
  }

  /** Whether `path` is a granted file or lies inside a granted folder. */
  allows(path: string): boolean {
    if (!isAbsolute(path)) return false;
    const absolute = resolve(path);
    if (this.files.has(absolute)) return true;
    for (const folder of this.folders) if (isInside(folder, absolute)) return true;
    return false;
  }

  /**
   * Returns the normalised path when it was granted.
   * @throws FileAccessError `File access: '<path>' is not a file you opened or dropped.`
   */
  check(path: string): string {
    if (!this.allows(path)) {
      throw new FileAccessError(`File access: '${path}' is not a file you opened or dropped.`);
    }
    return resolve(path);
  }

  private normalise(path: string): string {
    if (!isAbsolute(path)) {
      throw new FileAccessError(`File access: path must be absolute, got '${path}'.`);
    }
    return resolve(path);
  }
}

/** The first hidden (dot) segment of an absolute path, or null: `.ssh` in `/home/a/.ssh/key`. */
function hiddenSegment(path: string): string | null {
  return (
    path
      .split(/[\\/]/)
      .find((segment) => segment.startsWith('.') && segment !== '.' && segment !== '..') ?? null
  );
}

/** What lstat says a non-regular path is, for messages. */
function kindOf(info: import('node:fs').Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isFIFO()) return 'a pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * Grants a file the user dropped on the window or the OS asked the app to open (a double-click,
 * the command line), after checking it is one: an absolute path to a regular file (not a folder,
 * device, pipe or symbolic link: the link itself is refused, whatever it points to), not hidden
 * or inside a hidden folder (`~/.ssh`), whose extension or first bytes are a supported data, model
 * or project format (fileKinds.ts). A folder is never granted this way, only from the open dialog.
 * The file is opened without following links and checked on the open handle, so it cannot be
 * swapped between the check and the read. Returns the granted (normalised) path.
 * @throws FileAccessError naming the path and why, e.g. `File access: '/etc/passwd' must be a
 *   data, model or project file (.csv, .jsonl, .rnnmodel, …), got a file of another kind.`
 */
export async function grantUserFile(grants: FileGrants, path: string): Promise<string> {
  if (!isAbsolute(path)) {
    throw new FileAccessError(`File access: path must be absolute, got '${path}'.`);
  }
  const absolute = resolve(path);
  const hidden = hiddenSegment(absolute) ?? hiddenSegment(await realpath(dirname(absolute)));
  if (hidden !== null) {
    throw new FileAccessError(
      `File access: '${absolute}' must not be hidden or inside a hidden folder, got '${hidden}'.`,
    );
  }
  // NOTE: O_NOFOLLOW refuses a symbolic link at the last segment; O_NONBLOCK keeps a pipe from
  // blocking the open. Windows has neither flag (links there need privileges to create).
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  const handle = await open(absolute, flags).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ELOOP') {
      throw new FileAccessError(
        `File access: '${absolute}' must be a regular file, got a symbolic link.`,
      );
    }
    throw err;
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new FileAccessError(
        `File access: '${absolute}' must be a regular file, got ${kindOf(info)}.`,
      );
    }
    if (!SUPPORTED_EXTENSIONS.has(extname(absolute).toLowerCase())) {
      const head = new Uint8Array(Math.min(SNIFF_BYTES, info.size));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (sniffKind(head.subarray(0, bytesRead), info.size > bytesRead) === null) {
        throw new FileAccessError(
          `File access: '${absolute}' must be a data, model or project file (.csv, .tsv, .jsonl, .xlsx, .parquet, .rnnmodel, .rnnproj, …), got a file of another kind.`,
        );
      }
    }
  } finally {
    await handle.close();
  }
  return grants.grantFile(absolute);
}
