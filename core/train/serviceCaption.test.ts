/** The trainer's service trains a captioner from what the app sends: a chosen folder's file handles or a zip, decoded by the host's decoder, with the model options reaching the saved model; other tasks refuse a folder. */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DecodedImage, ImageDecoder } from '../data/captions/imageDecoder.ts';
import { readBundle } from '../io/bundle.ts';
import { writeSafetensors } from '../io/safetensors.ts';
import type { FolderFile, TrainerToHost } from '../protocol/messages.ts';
import { presetSpec } from '../tasks/presets.ts';
import { taskDefinition } from '../tasks/registry/index.ts';
import type { RunSpec } from '../tasks/spec.ts';
import { LegacyFingerprint } from './fingerprint.ts';
import { TrainingService } from './service.ts';
import { folderFingerprint, handleImageFolder, readTaskInputs } from './taskInputs.ts';

const text = (s: string) => new TextEncoder().encode(s);

/** An 8×8 image whose colour is the file's first byte (red, green or blue). */
const decoder: ImageDecoder = {
  async decode(bytes): Promise<DecodedImage> {
    const channel = (bytes[0] as number) % 3;
    const data = new Uint8Array(8 * 8 * 4);
    for (let i = 0; i < 64; i++) {
      data[i * 4 + channel] = 220;
      data[i * 4 + 3] = 255;
    }
    return { width: 8, height: 8, data };
  },
};

/** 12 one-byte "images" in photos/ and a captions.csv naming each twice. */
function folderBytes(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const colours = ['red', 'green', 'blue'];
  const lines = ['image,caption'];
  for (let i = 0; i < 12; i++) {
    files.set(`photos/${i}.png`, Uint8Array.of(i));
    lines.push(`${i}.png,a ${colours[i % 3]} square`, `${i}.png,the square is ${colours[i % 3]}`);
  }
  files.set('photos/captions.csv', text(`${lines.join('\n')}\n`));
  return files;
}

const handles = (files: Map<string, Uint8Array>): FolderFile[] =>
  [...files].map(([path, bytes]) => ({ path, file: new Blob([bytes as Uint8Array<ArrayBuffer>]) }));

/** The user's choices in the Model section: a wider 2-block CNN, 16-pixel images, Bahdanau attention, a GRU of 24. */
function captionSpec(): RunSpec {
  const spec = presetSpec('caption');
  spec.model.image = { backbone: 'cnn', freeze: false, imageSize: 16, width: 6, blocks: 2 };
  spec.model.attention = 'bahdanau';
  spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 24 };
  spec.model.embeddingDim = 12;
  spec.data.minFreq = 1;
  spec.train = { ...spec.train, epochs: 2, batchSize: 4, valSplit: 0.25, testSplit: 0.25 };
  return spec;
}

function service(events: TrainerToHost[], withDecoder = true): TrainingService {
  const s = new TrainingService({
    tasks: taskDefinition,
    yieldControl: () => new Promise((r) => setImmediate(r)),
    ...(withDecoder ? { imageDecoder: decoder } : {}),
  });
  s.addSink((m) => events.push(m));
  return s;
}

describe('TrainingService caption runs', () => {
  it("trains on a chosen folder's file handles to a finished run with BLEU, and the saved model keeps the Model section's options", async () => {
    const events: TrainerToHost[] = [];
    const s = service(events);
    const spec = captionSpec();
    await s.start({
      runId: 'c',
      spec,
      data: { fileName: 'photos', files: handles(folderBytes()) },
    });
    await s.whenDone('c');
    const finished = events.find((e) => e.type === 'training-finished');
    expect(finished).toMatchObject({ reason: 'completed', epochs: 2 });
    expect(Object.keys(finished?.type === 'training-finished' ? finished.metrics : {})).toEqual(
      expect.arrayContaining(['bleu', 'bleu1', 'bleu4']),
    );
    expect(events.filter((e) => e.type === 'training-epoch')).toHaveLength(2);
    const bundle = readBundle(s.exportBundle('c').bytes);
    expect(bundle.spec.model.image).toEqual(spec.model.image);
    expect(bundle.spec.model.attention).toBe('bahdanau');
    expect(bundle.spec.model.recurrent).toMatchObject({ cell: 'gru', hiddenSize: 24 });
    // The options shape the weights too: 2 CNN blocks of 6 and 12 channels, a GRU of 24.
    expect(bundle.weights.get('encoder.4.weight')?.shape).toEqual([12, 6, 3, 3]);
    expect(bundle.weights.get('encoder.8.weight')).toBeUndefined();
    expect(bundle.weights.get('decoder.weight_hh_l0')?.shape).toEqual([72, 24]);
  });

  it('trains on a zip of the same folder', async () => {
    const events: TrainerToHost[] = [];
    const s = service(events);
    const zip = zipSync(Object.fromEntries(folderBytes()));
    await s.start({
      runId: 'z',
      spec: captionSpec(),
      data: { fileName: 'photos.zip', bytes: zip },
    });
    await s.whenDone('z');
    expect(events.find((e) => e.type === 'training-finished')).toMatchObject({
      reason: 'completed',
    });
  });

  it('names a caption whose image the folder lacks, with its key for the app to word', async () => {
    const files = folderBytes();
    files.delete('photos/5.png');
    const s = service([]);
    await expect(
      s.start({
        runId: 'm',
        spec: captionSpec(),
        data: { fileName: 'photos', files: handles(files) },
      }),
    ).rejects.toMatchObject({
      message:
        "Captions file 'photos/captions.csv', line 12: the image '5.png' is not in 'photos'; add the image or remove its captions.",
      detail: { key: 'image-missing', params: { image: '5.png', where: 'line 12' } },
    });
  });

  it('names an image the decoder cannot read', async () => {
    const s = new TrainingService({
      tasks: taskDefinition,
      imageDecoder: {
        decode: async (bytes, name) => {
          if (name === 'photos/3.png') throw new Error('the file is not a JPEG or PNG image');
          return decoder.decode(bytes, name);
        },
      },
    });
    await expect(
      s.start({
        runId: 'u',
        spec: captionSpec(),
        data: { fileName: 'photos', files: handles(folderBytes()) },
      }),
    ).rejects.toMatchObject({
      code: 'unreadable-image',
      detail: { key: 'image-unreadable', params: { image: 'photos/3.png', folder: 'photos' } },
    });
  });

  it('refuses a caption run on a host with no image decoder, and a folder for a task that reads one file', async () => {
    const s = service([], false);
    await expect(
      s.start({
        runId: 'n',
        spec: captionSpec(),
        data: { fileName: 'photos', files: handles(folderBytes()) },
      }),
    ).rejects.toThrow('Trainer: caption training needs an image decoder, got a host with none.');
    const classify = presetSpec('classify');
    await expect(
      s.start({
        runId: 'k',
        spec: classify,
        data: { fileName: 'photos', files: handles(folderBytes()) },
      }),
    ).rejects.toThrow(
      "Trainer: data must be one file for this task, got the folder 'photos' (13 files); choose a file, or train a captioner on a folder.",
    );
  });

  it('loads the backbone weights sent with the run, and refuses a file that is not safetensors', async () => {
    const spec = captionSpec();
    spec.model.image = {
      backbone: 'resnet18',
      freeze: true,
      imageSize: 32,
      weights: 'r18.safetensors',
    };
    spec.model.attention = 'none';
    const s = service([]);
    await expect(
      s.start({
        runId: 'w',
        spec,
        data: { fileName: 'photos', files: handles(folderBytes()) },
        backboneWeights: { fileName: 'r18.safetensors', bytes: text('not weights') },
      }),
    ).rejects.toThrow(/^'r18\.safetensors' is not a usable \.safetensors file/);
    const wrong = writeSafetensors({ 'conv1.weight': { shape: [1], data: Float32Array.of(1) } });
    await expect(
      s.start({
        runId: 'w2',
        spec,
        data: { fileName: 'photos', files: handles(folderBytes()) },
        backboneWeights: { fileName: 'r18.safetensors', bytes: wrong },
      }),
    ).rejects.toMatchObject({ code: 'state-dict' });
  });
});

describe('handleImageFolder', () => {
  it('reads one file at a time and refuses a file that changed size', async () => {
    const read: string[] = [];
    const file = (bytes: Uint8Array, size = bytes.length) => ({
      size,
      slice: (a: number, b: number) => ({
        arrayBuffer: async () => {
          read.push(String(bytes[0]));
          return bytes.slice(a, b).buffer;
        },
      }),
    });
    const folder = handleImageFolder('f', [
      { path: 'a.png', file: file(Uint8Array.of(1, 2)) },
      { path: 'b.png', file: file(Uint8Array.of(3), 2) },
    ]);
    expect(folder.paths).toEqual(['a.png', 'b.png']);
    expect(Array.from(await folder.read('a.png'))).toEqual([1, 2]);
    expect(read).toEqual(['1']);
    await expect(folder.read('b.png')).rejects.toThrow(
      "'b.png' in 'f' changed while it was read; choose the folder again once it is saved.",
    );
  });

  it('fingerprints a folder by its paths and sizes, whatever the order', () => {
    const f = (size: number) => new Blob([new Uint8Array(size)]);
    const a = folderFingerprint([
      { path: 'x.png', file: f(3) },
      { path: 'y.png', file: f(4) },
    ]);
    expect(
      folderFingerprint([
        { path: 'y.png', file: f(4) },
        { path: 'x.png', file: f(3) },
      ]),
    ).toBe(a);
    expect(
      folderFingerprint([
        { path: 'y.png', file: f(5) },
        { path: 'x.png', file: f(3) },
      ]),
    ).not.toBe(a);
  });

  it("matches a checkpoint's fingerprint of either kind: XXH32, or the FNV-1a older builds wrote", async () => {
    const host = { imageDecoder: decoder };
    const spec = captionSpec();
    const files = [{ path: 'x.png', file: new Blob([Uint8Array.of(1, 2, 3)]) }];
    const folder = await readTaskInputs({ spec, data: { fileName: 'f', files } }, host);
    // What builds before XXH32 hashed for a folder: its `path TAB size` lines as UTF-16 units.
    const listing = Uint8Array.from([...'x.png\t3'].flatMap((c) => [c.charCodeAt(0), 0]));
    const legacy = new LegacyFingerprint().update(listing).digest();
    await expect(folder.matchesFingerprint(legacy)).resolves.toBe(true);
    await expect(folder.matchesFingerprint(await folder.fingerprint())).resolves.toBe(true);
    await expect(folder.matchesFingerprint(folderFingerprint([]))).resolves.toBe(false);
    const zip = zipSync({ 'x.png': Uint8Array.of(1, 2, 3) });
    const zipped = await readTaskInputs({ spec, data: { fileName: 'f.zip', bytes: zip } }, host);
    const zipLegacy = new LegacyFingerprint().update(zip).digest();
    await expect(zipped.matchesFingerprint(zipLegacy)).resolves.toBe(true);
    await expect(zipped.matchesFingerprint(await zipped.fingerprint())).resolves.toBe(true);
    await expect(zipped.matchesFingerprint(legacy)).resolves.toBe(false);
  });
});
