/** A captioning folder as the page gets it: a directory input's files by their relative paths, a dropped folder's entries read in batches, hidden files left out, and what start-training carries. */
import { describe, expect, it } from 'vitest';
import {
  type DroppedEntry,
  folderFromEntry,
  folderFromInput,
  joinGrantedPath,
  pageImageFolder,
  trainingDataOf,
} from './captionSource.ts';

/** A File as a directory input gives it: `webkitRelativePath` set. */
function inputFile(relative: string, text = relative): File {
  const file = new File([text], relative.slice(relative.lastIndexOf('/') + 1));
  Object.defineProperty(file, 'webkitRelativePath', { value: relative });
  return file;
}

/** A dropped directory whose reader answers in batches of two, then an empty batch. */
function directory(name: string, children: DroppedEntry[]): DroppedEntry {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let at = 0;
      return {
        readEntries(success) {
          const batch = children.slice(at, at + 2);
          at += 2;
          setTimeout(() => success(batch), 0);
        },
      };
    },
  };
}

function fileEntry(name: string): DroppedEntry {
  return {
    isFile: true,
    isDirectory: false,
    name,
    file: (success) => success(new File([name], name)),
  };
}

describe('folderFromInput', () => {
  it('takes the folder name from the first part and keeps paths inside it, without hidden files', () => {
    const source = folderFromInput([
      inputFile('photos/captions.csv'),
      inputFile('photos/img/a.jpg'),
      inputFile('photos/.DS_Store'),
      inputFile('photos/.git/config'),
    ]);
    expect(source?.kind).toBe('folder');
    expect(source?.name).toBe('photos');
    expect(source?.kind === 'folder' && source.files.map((f) => f.path)).toEqual([
      'captions.csv',
      'img/a.jpg',
    ]);
  });

  it('gives null for files without a relative path (not a directory input)', () => {
    expect(folderFromInput([new File(['x'], 'x.csv')])).toBeNull();
    expect(folderFromInput([])).toBeNull();
  });
});

describe('folderFromEntry', () => {
  it('reads every batch of a dropped folder, recursively, skipping hidden entries', async () => {
    const root = directory('photos', [
      fileEntry('captions.csv'),
      fileEntry('.hidden.jpg'),
      directory('img', [fileEntry('a.jpg'), fileEntry('b.jpg'), fileEntry('c.png')]),
    ]);
    const source = await folderFromEntry(root);
    expect(source.name).toBe('photos');
    expect(source.kind === 'folder' && source.files.map((f) => f.path)).toEqual([
      'captions.csv',
      'img/a.jpg',
      'img/b.jpg',
      'img/c.png',
    ]);
  });
});

describe('pageImageFolder and trainingDataOf', () => {
  it("reads a folder's file when asked and hands the worker the handles, not the bytes", async () => {
    const source = folderFromInput([inputFile('p/captions.csv', 'image,caption')]);
    if (source === null) throw new Error('a folder expected');
    const folder = await pageImageFolder(source);
    expect(new TextDecoder().decode(await folder.read('captions.csv'))).toBe('image,caption');
    await expect(folder.read('nope.jpg')).rejects.toThrow("'nope.jpg' is not a file of 'p'");
    const data = trainingDataOf(source);
    expect('images' in data && 'files' in data.images && data.images.files[0]?.file).toBeInstanceOf(
      File,
    );
    const zip = new File([new Uint8Array(4)], 'p.zip');
    expect(trainingDataOf({ kind: 'zip', name: 'p.zip', file: zip })).toEqual({
      images: { fileName: 'p.zip', file: zip },
    });
  });
});

describe('a folder granted by the desktop dialog', () => {
  it('reads files through main by their absolute path, and the run names the folder', async () => {
    const opened: string[] = [];
    const source = {
      kind: 'granted-folder' as const,
      name: 'photos',
      root: '/home/me/photos',
      files: [{ path: 'img/a.jpg', size: 3 }],
      open: async (path: string, name: string) => {
        opened.push(path);
        return new File(['abc'], name);
      },
    };
    const folder = await pageImageFolder(source);
    expect(folder.paths).toEqual(['img/a.jpg']);
    expect(new TextDecoder().decode(await folder.read('img/a.jpg'))).toBe('abc');
    expect(opened).toEqual(['/home/me/photos/img/a.jpg']);
    expect(trainingDataOf(source)).toEqual({ grantedPath: '/home/me/photos' });
  });

  it("joins a Windows folder's paths with backslashes", () => {
    expect(joinGrantedPath('C:\\Users\\me\\photos', 'img/a.jpg')).toBe(
      'C:\\Users\\me\\photos\\img\\a.jpg',
    );
    expect(joinGrantedPath('/data/', 'a.jpg')).toBe('/data/a.jpg');
  });
});
