/** Where the CLI writes: export folders must be new or empty (unless --force) and file names stay inside them; train's --out is checked before training. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkModelTarget, pathInside, prepareExportFolder } from './outputFiles.ts';

const dir = mkdtempSync(join(tmpdir(), 'rnn-output-'));

describe('pathInside', () => {
  it('joins a plain name to the folder', () => {
    expect(pathInside('/x/out', 'vocab.json')).toBe('/x/out/vocab.json');
  });

  it.each(['../package.json', 'a/b.json', '..', '.', '/etc/passwd', 'vocab\\..\\x'])(
    "refuses '%s', which would not be a file directly inside the folder",
    (name) => {
      expect(() => pathInside('/x/out', name)).toThrow(
        `the export file name '${name}' would be written outside '/x/out'; this model file is not safe to export.`,
      );
    },
  );
});

describe('prepareExportFolder', () => {
  it('creates a new folder and accepts an empty one', async () => {
    await prepareExportFolder(join(dir, 'new', 'deep'), false);
    expect(await readdir(join(dir, 'new', 'deep'))).toEqual([]);
    await prepareExportFolder(join(dir, 'new', 'deep'), false);
  });

  it('refuses a folder with files unless forced, and a file in the way', async () => {
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'mine.txt'), 'x');
    await expect(prepareExportFolder(full, false)).rejects.toThrow(
      `the folder '${full}' is not empty (1 entry); choose a new or empty folder, or add --force to replace files of the same names.`,
    );
    await prepareExportFolder(full, true);
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    await expect(prepareExportFolder(file, true)).rejects.toThrow(
      `Option '--out' must be a folder, got the file '${file}'.`,
    );
  });
});

describe('checkModelTarget', () => {
  it('accepts a new file in a writable (or missing) folder and leaves nothing behind', async () => {
    const target = join(dir, 'models', 'm.rnnmodel');
    await checkModelTarget(target);
    expect(await readdir(join(dir, 'models'))).toEqual([]);
  });

  it('refuses a folder, a file where the checkpoints go, and a place that takes no new file', async () => {
    await expect(checkModelTarget(dir)).rejects.toThrow(
      `Option '--out' must be the model's file name, got the folder '${dir}'; add a name such as '${join(dir, 'model.rnnmodel')}'.`,
    );
    const out = join(dir, 'blocked.rnnmodel');
    writeFileSync(`${out}.ckpt`, 'x');
    await expect(checkModelTarget(out)).rejects.toThrow(
      `the checkpoint folder '${out}.ckpt' is a file; move it away or choose another --out.`,
    );
    // /sys takes no new file, even from root.
    await expect(checkModelTarget('/sys/m.rnnmodel')).rejects.toThrow(
      "cannot write the model to '/sys/m.rnnmodel': permission denied; choose a folder you can write to with --out.",
    );
  });
});
