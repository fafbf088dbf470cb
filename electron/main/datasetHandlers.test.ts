/** Tests the dataset IPC end to end in Node: saving in-app bytes (dedup, grants, size limit), bounded and ranged reads (a file larger than one IPC message), and gallery downloads from a local HTTP server serving ../shared/data. */
import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadProgress } from '../../core/data/gallery/types.ts';
import { type DataMirror, sharedDataDir, startDataMirror } from '../../test/support/dataMirror.ts';
import { tinyClassifyCsv, tinyClassifySpec } from '../../test/support/tinyClassify.ts';
import type { GrantedFile } from '../common/ipc/api.ts';
import {
  INVOKE_CHANNELS,
  type IpcResult,
  MAX_IPC_BYTES,
  MAX_IPC_SLICE_BYTES,
} from '../common/ipc/channels.ts';
import type { RunRecord } from '../common/runRecord.ts';
import { createAppPageGuard } from './appPage.ts';
import { readFileRange } from './datasetFiles.ts';
import { createDatasetHandlers } from './datasetHandlers.ts';
import { createDesktopHandlers } from './desktopHandlers.ts';
import { FileGrants } from './fileGrants.ts';
import { GalleryDownloads, type SignalFetch } from './galleryDownloads.ts';
import { type InvokeEventLike, type IpcMainLike, registerIpcHandlers } from './ipc.ts';
import { ProjectSession } from './projects/projectSession.ts';
import { RunFiles } from './runs/runFiles.ts';
import { RunRegistry } from './runs/runRegistry.ts';

const APP = 'http://localhost:5173/';
const dataDir = sharedDataDir;
const SEATTLE_SHA = '0845078a290b48e3149ab8639966824110a251db4e06fc144c06ebb534af23be';

let mirror: DataMirror;
let base = '';
let requests: string[] = [];

beforeAll(async () => {
  mirror = await startDataMirror();
  ({ base, requests } = mirror);
});

afterAll(() => mirror.close());

const nodeFetch: SignalFetch = (url, init) => fetch(url, init);

function makeRig(options: { mirrorBase?: string; fetch?: SignalFetch; userData?: string } = {}) {
  const userData = options.userData ?? mkdtempSync(join(tmpdir(), 'rnn-datasets-'));
  const grants = new FileGrants();
  const session = new ProjectSession({ userDataDir: userData, autosaveMs: 20, log: () => {} });
  const runs = new RunRegistry({
    files: new RunFiles(join(userData, 'runs')),
    isDatasetTrusted: () => true,
    notify: () => {},
    log: () => {},
  });
  const progress: DownloadProgress[] = [];
  const gallery = new GalleryDownloads({
    dir: join(userData, 'gallery'),
    fetch: options.fetch ?? nodeFetch,
    ...(options.mirrorBase !== undefined ? { mirrorBase: options.mirrorBase } : {}),
  });
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  registerIpcHandlers({
    ipcMain,
    isAppPage: createAppPageGuard({ kind: 'dev-server', url: APP }),
    handlers: {
      ...createDesktopHandlers({
        grants,
        session,
        runs,
        dialogs: {
          openProject: async () => null,
          saveProject: async () => null,
          locateDataset: async () => null,
          openModel: async () => null,
          saveModel: async () => null,
          saveFolder: async () => null,
          openImageFolder: async () => null,
        },
      }),
      ...createDatasetHandlers({
        grants,
        datasetsDir: join(userData, 'datasets'),
        gallery,
        sendProgress: (_event, p) => void progress.push(p),
      }),
    },
  });
  const invoke = async <T>(channel: string, payload: unknown) => {
    const event: InvokeEventLike = { senderFrame: { url: APP }, sender: { id: 1 } };
    return (await handlers.get(channel)?.(event, payload)) as IpcResult<T>;
  };
  const value = async <T>(channel: string, payload: unknown): Promise<T> => {
    const result = await invoke<T>(channel, payload);
    if (!result.ok) throw new Error(`${result.error.name}: ${result.error.message}`);
    return result.value;
  };
  return { userData, grants, gallery, progress, invoke, value };
}

describe('saving in-app data (desktop.saveDataset)', () => {
  it('writes the bytes under userData/datasets named by content, grants them, and a run starts on the path', async () => {
    const rig = makeRig();
    const bytes = new TextEncoder().encode(tinyClassifyCsv());
    const saved = await rig.value<GrantedFile>(INVOKE_CHANNELS.saveDataset, {
      fileName: 'reviews.csv',
      bytes,
    });
    const digest = createHash('sha256').update(bytes).digest('hex');
    expect(saved).toEqual({
      path: join(rig.userData, 'datasets', `${digest.slice(0, 16)}-reviews.csv`),
      name: `${digest.slice(0, 16)}-reviews.csv`,
      size: bytes.length,
    });
    expect(readFileSync(saved.path, 'utf8')).toBe(tinyClassifyCsv());
    expect(rig.grants.allows(saved.path)).toBe(true);
    const run = await rig.value<RunRecord>(INVOKE_CHANNELS.runStart, {
      spec: tinyClassifySpec(1),
      path: saved.path,
    });
    expect(run.state).toBe('queued');
    expect(run.dataset.path).toBe(saved.path);
  });

  it('stores the same bytes once and different bytes of the same name apart', async () => {
    const rig = makeRig();
    const a = new TextEncoder().encode('text,label\nfine,1\n');
    const b = new TextEncoder().encode('text,label\nbad,0\n');
    const first = await rig.value<GrantedFile>(INVOKE_CHANNELS.saveDataset, {
      fileName: 'x.csv',
      bytes: a,
    });
    const again = await rig.value<GrantedFile>(INVOKE_CHANNELS.saveDataset, {
      fileName: 'x.csv',
      bytes: a,
    });
    const other = await rig.value<GrantedFile>(INVOKE_CHANNELS.saveDataset, {
      fileName: 'x.csv',
      bytes: b,
    });
    expect(again.path).toBe(first.path);
    expect(other.path).not.toBe(first.path);
    // Only the two files: no temporary file is left behind.
    expect(readdirSync(join(rig.userData, 'datasets')).sort()).toEqual(
      [first.name, other.name].sort(),
    );
  });

  it('keeps folders and reserved characters out of the saved name', async () => {
    const rig = makeRig();
    const saved = await rig.value<GrantedFile>(INVOKE_CHANNELS.saveDataset, {
      fileName: '../../etc/pa:ss?wd.csv',
      bytes: new Uint8Array([65, 10]),
    });
    expect(saved.path.startsWith(join(rig.userData, 'datasets'))).toBe(true);
    expect(saved.name.endsWith('-pa_ss_wd.csv')).toBe(true);
  });

  it('refuses more bytes than one IPC message may carry, saying to open the file from disk', async () => {
    const rig = makeRig();
    const result = await rig.invoke(INVOKE_CHANNELS.saveDataset, {
      fileName: 'huge.csv',
      bytes: new Uint8Array(MAX_IPC_BYTES + 1),
    });
    expect(result).toEqual({
      ok: false,
      error: {
        name: 'IpcSizeError',
        message:
          "Save dataset: 'huge.csv' must be at most 64.0 MiB to pass through the app, got 64.0 MiB. Open large files from disk (File › Open Dataset… or drop the file) so the trainer streams them.",
      },
    });
  });

  it('refuses a payload whose bytes are not a byte array', async () => {
    const rig = makeRig();
    const result = await rig.invoke(INVOKE_CHANNELS.saveDataset, {
      fileName: 'x.csv',
      bytes: 'text,label',
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.name).toBe('PayloadError');
  });
});

describe('reading granted files (desktop.readGrantedFile)', () => {
  it('returns the bytes of a granted file and refuses any other path', async () => {
    const rig = makeRig();
    const path = join(rig.userData, 'mine.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    const refused = await rig.invoke(INVOKE_CHANNELS.readGrantedFile, { path });
    expect(refused).toEqual({
      ok: false,
      error: {
        name: 'FileAccessError',
        message: `File access: '${path}' is not a file you opened or dropped.`,
      },
    });
    rig.grants.grantFile(path);
    const bytes = await rig.value<Uint8Array>(INVOKE_CHANNELS.readGrantedFile, { path });
    expect(new TextDecoder().decode(bytes)).toBe('a,b\n1,2\n');
  });
});

/**
 * Writes a file of `size` bytes (a 1 MiB block of varied bytes, repeated, so every offset
 * matters) into a fresh temp folder, returning its path and sha256; the caller deletes the folder.
 */
function writeLargeFile(size: number): { dir: string; path: string; sha256: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-large-'));
  const path = join(dir, 'large.csv');
  const block = new Uint8Array(1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31 + (i >>> 10)) & 0xff;
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const part = block.subarray(0, Math.min(block.length, size - written));
      // NOTE: the block index is mixed into the first byte, so a slice read at the wrong
      // megabyte does not hash the same.
      part[0] = (written / block.length) & 0xff;
      writeSync(fd, part);
      hash.update(part);
      written += part.length;
    }
  } finally {
    closeSync(fd);
  }
  return { dir, path, sha256: hash.digest('hex') };
}

describe('reading granted files in slices (desktop.openGrantedFile)', () => {
  const malformed = (message: string) => ({
    ok: false,
    error: {
      name: 'PayloadError',
      message: `IPC '${INVOKE_CHANNELS.readGrantedFileRange}': payload is malformed: ${message}.`,
    },
  });

  it('reads a file larger than one IPC message back byte for byte, one slice at a time', async () => {
    const size = MAX_IPC_BYTES + 3 * 1024 * 1024 + 12_345;
    const large = writeLargeFile(size);
    try {
      const rig = makeRig();
      rig.grants.grantFile(large.path);
      const whole = await rig.invoke(INVOKE_CHANNELS.readGrantedFile, { path: large.path });
      expect(whole.ok ? '' : whole.error.name).toBe('IpcSizeError');
      const hash = createHash('sha256');
      let offset = 0;
      let slices = 0;
      while (offset < size) {
        const bytes = await rig.value<Uint8Array>(INVOKE_CHANNELS.readGrantedFileRange, {
          path: large.path,
          offset,
          length: MAX_IPC_SLICE_BYTES,
        });
        expect(bytes.length).toBe(Math.min(MAX_IPC_SLICE_BYTES, size - offset));
        // Each slice owns its buffer, so IPC clones only the slice.
        expect(bytes.buffer.byteLength).toBe(bytes.length);
        hash.update(bytes);
        offset += bytes.length;
        slices += 1;
      }
      expect(slices).toBe(Math.ceil(size / MAX_IPC_SLICE_BYTES));
      expect(hash.digest('hex')).toBe(large.sha256);
      const end = await rig.value<Uint8Array>(INVOKE_CHANNELS.readGrantedFileRange, {
        path: large.path,
        offset: size,
        length: 1,
      });
      expect(end.length).toBe(0);
    } finally {
      rmSync(large.dir, { recursive: true, force: true });
    }
  });

  it('refuses a path that was not granted, as reading the whole file does', async () => {
    const rig = makeRig();
    const path = join(rig.userData, 'secret.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    const refused = await rig.invoke(INVOKE_CHANNELS.readGrantedFileRange, {
      path,
      offset: 0,
      length: 4,
    });
    expect(refused).toEqual({
      ok: false,
      error: {
        name: 'FileAccessError',
        message: `File access: '${path}' is not a file you opened or dropped.`,
      },
    });
    rig.grants.grantFile(path);
    const bytes = await rig.value<Uint8Array>(INVOKE_CHANNELS.readGrantedFileRange, {
      path,
      offset: 4,
      length: 100,
    });
    expect(new TextDecoder().decode(bytes)).toBe('1,2\n');
  });

  it('names the offset or length when they cannot be served', async () => {
    const rig = makeRig();
    const path = rig.grants.grantFile(join(rig.userData, 'small.csv'));
    writeFileSync(path, 'a,b\n1,2\n');
    const ask = (offset: unknown, length: unknown) =>
      rig.invoke(INVOKE_CHANNELS.readGrantedFileRange, { path, offset, length });
    expect(await ask(-1, 4)).toEqual(malformed('offset: must be at least 0'));
    expect(await ask(1.5, 4)).toEqual(malformed('offset: must be a whole number of bytes'));
    expect(await ask(0, 0)).toEqual(malformed('length: must be at least 1'));
    expect(await ask(0, MAX_IPC_SLICE_BYTES + 1)).toEqual(
      malformed('length: must be at most 8388608 (8 MiB)'),
    );
    expect(await ask(9, 4)).toEqual({
      ok: false,
      error: {
        name: 'FileRangeError',
        message:
          "Read file range: offset must be a whole number from 0 to the file's size 8, got 9.",
      },
    });
  });

  it('checks the range itself when called without IPC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-range-'));
    try {
      const path = join(dir, 'x.csv');
      writeFileSync(path, 'abc');
      await expect(
        readFileRange(path, { offset: 0, length: MAX_IPC_SLICE_BYTES + 1 }),
      ).rejects.toThrow(
        'Read file range: length must be a whole number from 1 to 8388608, got 8388609.',
      );
      await expect(readFileRange(path, { offset: -1, length: 1 })).rejects.toThrow(
        "Read file range: offset must be a whole number from 0 to the file's size 3, got -1.",
      );
      const tail = await readFileRange(path, { offset: 1, length: 5 });
      expect(new TextDecoder().decode(tail)).toBe('bc');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('gallery downloads in main (desktop.downloadGalleryFiles)', () => {
  it('downloads with progress into userData/gallery/<id>/, grants the files, and reuses the cache offline', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'rnn-gallery-'));
    const rig = makeRig({ mirrorBase: base, userData });
    const files = await rig.value<GrantedFile[]>(INVOKE_CHANNELS.galleryDownload, {
      galleryId: 'seattle-weather',
    });
    const path = join(userData, 'gallery', 'seattle-weather', 'seattle-weather.csv');
    expect(files.map((f) => f.path)).toEqual([path]);
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(SEATTLE_SHA);
    expect(rig.grants.allows(path)).toBe(true);
    expect(rig.progress.length).toBeGreaterThanOrEqual(1);
    const last = rig.progress.at(-1);
    expect(last).toMatchObject({ entryId: 'seattle-weather', fromCache: false });
    expect(last?.bytesReceived).toBe(last?.bytesTotal);
    expect(requests).toContain('/seattle-weather/seattle-weather.csv');

    // A new app session with no network: the cached file still matches, so it is used.
    const offline = makeRig({
      userData,
      fetch: async (url) => {
        throw new Error(`no network for ${url}`);
      },
    });
    const cached = await offline.value<GrantedFile[]>(INVOKE_CHANNELS.galleryDownload, {
      galleryId: 'seattle-weather',
    });
    expect(cached.map((f) => f.path)).toEqual([path]);
    expect(offline.progress).toEqual([
      expect.objectContaining({ entryId: 'seattle-weather', fromCache: true }),
    ]);
    expect(offline.grants.allows(path)).toBe(true);
  });

  it('downloads only the named files, in the order named', async () => {
    const rig = makeRig({ mirrorBase: base });
    const files = await rig.value<GrantedFile[]>(INVOKE_CHANNELS.galleryDownload, {
      galleryId: 'vega-stocks',
      files: ['stocks.csv'],
    });
    expect(files.map((f) => f.name)).toEqual(['stocks.csv']);
  });

  it('refuses a corrupt download with the checksum message and keeps nothing', async () => {
    const rig = makeRig({ mirrorBase: `${base}/corrupt` });
    const bytes = readFileSync(join(dataDir, 'seattle-weather', 'seattle-weather.csv'));
    bytes[10] = (bytes[10] as number) ^ 1;
    const got = createHash('sha256').update(bytes).digest('hex');
    const result = await rig.invoke(INVOKE_CHANNELS.galleryDownload, {
      galleryId: 'seattle-weather',
    });
    expect(result).toEqual({
      ok: false,
      error: {
        name: 'DatasetError',
        message: `Gallery 'seattle-weather', file 'seattle-weather.csv': the download from '${base}/corrupt/seattle-weather/seattle-weather.csv' has sha256 ${got}, expected ${SEATTLE_SHA}. The download is corrupt or the source changed; the file was not saved. Try again or report it.`,
      },
    });
    expect(() => readdirSync(join(rig.userData, 'gallery', 'seattle-weather'))).toThrow();
  });

  it('names the URL when the server answers with an HTTP error', async () => {
    const rig = makeRig({ mirrorBase: `${base}/missing` });
    const result = await rig.invoke(INVOKE_CHANNELS.galleryDownload, {
      galleryId: 'seattle-weather',
    });
    expect(result.ok ? '' : result.error.message).toBe(
      `Gallery 'seattle-weather', file 'seattle-weather.csv': downloading '${base}/missing/seattle-weather/seattle-weather.csv' failed with HTTP 404 Not Found. Check the connection or try again later.`,
    );
  });

  it('refuses an unknown entry or file', async () => {
    const rig = makeRig({ mirrorBase: base });
    const unknown = await rig.invoke(INVOKE_CHANNELS.galleryDownload, { galleryId: 'nope' });
    expect(unknown.ok ? '' : unknown.error.message).toBe(
      "Gallery: galleryId must name a gallery entry, got 'nope'.",
    );
    const file = await rig.invoke(INVOKE_CHANNELS.galleryDownload, {
      galleryId: 'seattle-weather',
      files: ['other.csv'],
    });
    expect(file.ok ? '' : file.error.message).toBe(
      "Gallery 'seattle-weather': files must name files of the entry, got 'other.csv'.",
    );
  });

  it('cancels a download under way; nothing is cached', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const rig = makeRig({
      mirrorBase: base,
      fetch: async (url, init) => {
        await gate;
        return fetch(url, init);
      },
    });
    const pending = rig.invoke(INVOKE_CHANNELS.galleryDownload, { galleryId: 'seattle-weather' });
    await new Promise((r) => setTimeout(r, 20));
    expect(
      await rig.value<boolean>(INVOKE_CHANNELS.galleryCancel, { galleryId: 'seattle-weather' }),
    ).toBe(true);
    release();
    const result = await pending;
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.name).toBe('DatasetError');
    expect(
      await rig.value<boolean>(INVOKE_CHANNELS.galleryCancel, { galleryId: 'seattle-weather' }),
    ).toBe(false);
    expect(() => readdirSync(join(rig.userData, 'gallery', 'seattle-weather'))).toThrow();
  });
});
