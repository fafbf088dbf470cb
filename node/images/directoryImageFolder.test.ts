/** A directory as an ImageFolder: sorted relative paths with '/', hidden files and symbolic links left out, reads only of listed files. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryImageFolder } from './directoryImageFolder.ts';

describe('directoryImageFolder', () => {
  it('lists files recursively in sorted order, skipping hidden files and links', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'rnn-image-folder-')), 'set');
    mkdirSync(join(root, 'images', '.cache'), { recursive: true });
    writeFileSync(join(root, 'captions.txt'), 'a.jpg,A dog\n');
    writeFileSync(join(root, 'images', 'b.jpg'), 'b');
    writeFileSync(join(root, 'images', 'a.jpg'), 'a');
    writeFileSync(join(root, 'images', '.cache', 'x.jpg'), 'x');
    writeFileSync(join(root, '.DS_Store'), '');
    symlinkSync(join(root, 'images', 'a.jpg'), join(root, 'link.jpg'));
    const folder = await directoryImageFolder(root);
    expect(folder.name).toBe('set');
    expect(folder.paths).toEqual(['captions.txt', 'images/a.jpg', 'images/b.jpg']);
    expect(new TextDecoder().decode(await folder.read('images/b.jpg'))).toBe('b');
    await expect(folder.read('link.jpg')).rejects.toThrow(`'link.jpg' is not a file of '${root}'`);
  });
});
