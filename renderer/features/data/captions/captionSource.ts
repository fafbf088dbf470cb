/** Captioning data as the page holds it: a chosen or dropped folder's File handles (paths relative to the folder), a zip File, or (desktop) a folder main granted from its open dialog; nothing is read until asked. */
import type { ImageFolder } from '../../../../core/data/captions/imageFolder.ts';
import { zipImageFolder } from '../../../../core/data/captions/imageFolder.ts';
import { assertNever } from '../../../../core/errors.ts';
import type { TrainingData } from '../../../../core/protocol/messages.ts';

/** One file of a chosen folder: its path inside the folder ('/' separators) and its handle. */
export interface SourceFile {
  readonly path: string;
  readonly file: File;
}

/** An image folder chosen or dropped, or a zip of one. */
export type CaptionSource =
  | { readonly kind: 'folder'; readonly name: string; readonly files: readonly SourceFile[] }
  | { readonly kind: 'zip'; readonly name: string; readonly file: File }
  | {
      readonly kind: 'granted-folder';
      readonly name: string;
      /** The folder's absolute path, granted by main's dialog: the desktop trainer opens it itself. */
      readonly root: string;
      /** Its files as main listed them. */
      readonly files: readonly { readonly path: string; readonly size: number }[];
      /** Reads one granted file (desktop.openGrantedFile). */
      readonly open: (path: string, name: string) => Promise<File>;
    };

/** The absolute path of `relative` ('/' separators) inside `root`, with the root's separator. */
export function joinGrantedPath(root: string, relative: string): string {
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const base = root.endsWith(sep) ? root.slice(0, -1) : root;
  return [base, ...relative.split('/')].join(sep);
}

/** Whether a path component is hidden (`.DS_Store`, `.git/`), as the desktop's folder listing skips them. */
const hidden = (path: string): boolean => path.split('/').some((part) => part.startsWith('.'));

/**
 * A folder from a directory input's files (`<input webkitdirectory>`): each File's
 * `webkitRelativePath` is `folder/sub/name`; the folder's name is its first part. Hidden files are
 * left out.
 * @returns null when the list is empty or the files carry no relative path.
 */
export function folderFromInput(files: readonly File[]): CaptionSource | null {
  const first = files[0]?.webkitRelativePath ?? '';
  const name = first.split('/')[0] ?? '';
  if (name === '') return null;
  const out: SourceFile[] = [];
  for (const file of files) {
    const path = file.webkitRelativePath.slice(name.length + 1);
    if (path !== '' && !hidden(path)) out.push({ path, file });
  }
  return { kind: 'folder', name, files: out };
}

/** The few members of the File and Directory Entries API a dropped folder is read with. */
export interface DroppedEntry {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  file?(success: (file: File) => void, failure?: (err: unknown) => void): void;
  createReader?(): {
    readEntries(success: (entries: DroppedEntry[]) => void, failure?: (err: unknown) => void): void;
  };
}

/** Every entry of a dropped directory: `readEntries` answers in batches until an empty one. */
async function readAll(directory: DroppedEntry): Promise<DroppedEntry[]> {
  const reader = directory.createReader?.();
  if (reader === undefined) return [];
  const all: DroppedEntry[] = [];
  for (;;) {
    const batch = await new Promise<DroppedEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function collect(entry: DroppedEntry, prefix: string, out: SourceFile[]): Promise<void> {
  if (entry.name.startsWith('.')) return;
  const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
  if (entry.isDirectory) {
    for (const child of await readAll(entry)) await collect(child, path, out);
    return;
  }
  if (entry.isFile && entry.file !== undefined) {
    const read = entry.file.bind(entry);
    out.push({ path, file: await new Promise<File>((resolve, reject) => read(resolve, reject)) });
  }
}

/** A dropped folder (`DataTransferItem.webkitGetAsEntry()`), its files listed recursively. */
export async function folderFromEntry(entry: DroppedEntry): Promise<CaptionSource> {
  const files: SourceFile[] = [];
  for (const child of await readAll(entry)) await collect(child, '', files);
  return { kind: 'folder', name: entry.name, files };
}

/**
 * The source as core's image folder in the page (for the Data section's inspection and preview):
 * a folder's files are read one at a time when asked; a zip is read whole, then inflated one
 * entry at a time.
 * @throws DatasetError naming the zip when its directory is damaged.
 */
export async function pageImageFolder(source: CaptionSource): Promise<ImageFolder> {
  if (source.kind === 'zip') {
    return zipImageFolder(new Uint8Array(await source.file.arrayBuffer()), source.name);
  }
  if (source.kind === 'granted-folder') {
    return {
      name: source.name,
      paths: source.files.map((f) => f.path),
      async read(path) {
        const base = path.slice(path.lastIndexOf('/') + 1);
        const file = await source.open(joinGrantedPath(source.root, path), base);
        return new Uint8Array(await file.arrayBuffer());
      },
    };
  }
  const byPath = new Map(source.files.map((f) => [f.path, f.file]));
  return {
    name: source.name,
    paths: [...byPath.keys()],
    async read(path) {
      const file = byPath.get(path);
      if (file === undefined) throw new Error(`'${path}' is not a file of '${source.name}'`);
      return new Uint8Array(await file.arrayBuffer());
    },
  };
}

/**
 * How a run names the data: in web mode what `start-training` carries, the folder's File handles
 * (the worker reads each image when it needs it; the page never holds the images' bytes) or the zip
 * File; in the desktop app a granted folder's path, which the utility process opens itself.
 */
export function trainingDataOf(
  source: CaptionSource,
): { images: TrainingData } | { grantedPath: string } {
  switch (source.kind) {
    case 'zip':
      return { images: { fileName: source.name, file: source.file } };
    case 'folder':
      return { images: { fileName: source.name, files: source.files } };
    case 'granted-folder':
      return { grantedPath: source.root };
    default:
      return assertNever(source);
  }
}
