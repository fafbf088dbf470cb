/** A folder of captioning files as core sees it: relative paths and a reader, from a host's directory listing or from a zip's bytes. */
import { DatasetError } from '../../errors.ts';
import { inflateEntry, listZip, type ZipEntry, type ZipLimits } from '../../io/zipReader.ts';

/** A folder (or zip) of images plus a captions file; a host object like the other file hosts. */
export interface ImageFolder {
  /** The folder's or zip's name, for messages. */
  readonly name: string;
  /** Every file's path relative to the folder, with '/' separators (no directories). */
  readonly paths: readonly string[];
  /**
   * The bytes of one listed file.
   * @throws Error when the host cannot read it (callers name the file).
   */
  read(path: string): Promise<Uint8Array>;
}

const GIB = 1024 * 1024 * 1024;

/** What a captioning zip may hold: any names, each under 256 MiB, under 4 GiB and 500,000 entries in all. */
const CAPTION_ZIP_LIMITS: ZipLimits = {
  kind: 'image folder zip',
  maxEntryBytes: () => GIB / 4,
  maxTotalBytes: 4 * GIB,
  maxEntries: 500_000,
};

/**
 * The files of a zip as an {@link ImageFolder}; entries are inflated one at a time when read.
 * Directory entries and macOS resource forks (`__MACOSX/`, `._name`) are left out.
 * @throws DatasetError naming the zip when its directory is damaged or declares too much.
 */
export function zipImageFolder(bytes: Uint8Array, name: string): ImageFolder {
  const entries = new Map<string, ZipEntry>();
  for (const entry of listZip(bytes, CAPTION_ZIP_LIMITS, name)) {
    const base = entry.name.slice(entry.name.lastIndexOf('/') + 1);
    if (entry.name.endsWith('/') || entry.name.startsWith('__MACOSX/') || base.startsWith('._')) {
      continue;
    }
    entries.set(entry.name, entry);
  }
  return {
    name,
    paths: [...entries.keys()],
    async read(path: string): Promise<Uint8Array> {
      const entry = entries.get(path);
      if (entry === undefined) {
        throw new DatasetError(`${name}: the zip has no entry '${path}'.`, 'format');
      }
      return inflateEntry(bytes, entry, name);
    },
  };
}
