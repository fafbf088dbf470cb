/** The set of files and folders the user chose or dropped: the only paths the renderer may name. */
import { isAbsolute, relative, resolve } from 'node:path';

/** Raised when the renderer names a path the user never gave the app. */
export class FileAccessError extends Error {
  override readonly name = 'FileAccessError';
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
    for (const folder of this.folders) {
      const rel = relative(folder, absolute);
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return true;
    }
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
