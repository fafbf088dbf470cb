/** The CLI's captioning inputs: an image folder or zip as core's ImageSource (node/images hosts), a backbone's safetensors file, and one decoded image. */

import type { DecodedImage } from '../core/data/captions/imageDecoder.ts';
import { zipImageFolder } from '../core/data/captions/imageFolder.ts';
import { DatasetError } from '../core/errors.ts';
import { readSafetensors } from '../core/io/safetensors.ts';
import type { ImageSource, NamedTensors } from '../core/tasks/task.ts';
import { directoryImageFolder } from '../node/images/directoryImageFolder.ts';
import { nodeImageDecoder } from '../node/images/nodeImageDecoder.ts';
import { fileProblem } from './inputFiles.ts';
import type { CliIo } from './io.ts';

async function readBytes(io: CliIo, path: string): Promise<Uint8Array> {
  try {
    return await io.readFileBytes(path);
  } catch (err) {
    throw fileProblem(err, path) ?? err;
  }
}

/**
 * A folder or .zip of images with its captions file, decoded by jpeg-js/pngjs.
 * @throws DatasetError for a missing, unreadable or damaged folder or zip.
 */
export async function openImageSource(io: CliIo, path: string): Promise<ImageSource> {
  const folder = /\.zip$/i.test(path)
    ? zipImageFolder(await readBytes(io, path), path)
    : await directoryImageFolder(path);
  return { folder, decoder: nodeImageDecoder };
}

/**
 * A backbone's state dict from a .safetensors file (e.g. torchvision's resnet18 written with
 * `safetensors.torch.save_file`).
 * @throws DatasetError naming the file when it is not a safetensors file.
 */
export async function readBackboneWeights(io: CliIo, path: string): Promise<NamedTensors> {
  const bytes = await readBytes(io, path);
  try {
    const file = readSafetensors(bytes);
    return new Map([...file.tensors].map(([name, t]) => [name, { shape: t.shape, data: t.data }]));
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err;
    throw new DatasetError(
      `'${path}' is not a usable .safetensors file (${err.message.replace(/\.$/, '')}); write it with safetensors.torch.save_file(model.state_dict(), '${path}').`,
      'format',
    );
  }
}

/**
 * One image file decoded to RGBA.
 * @throws DatasetError naming the file when it is not a JPEG or PNG it can decode.
 */
export async function readImageFile(io: CliIo, path: string): Promise<DecodedImage> {
  const bytes = await readBytes(io, path);
  try {
    return await nodeImageDecoder.decode(bytes, path);
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(
      `Image '${path}' cannot be read (${(err as Error).message.replace(/\.$/, '')}); give a JPEG or PNG file.`,
      'unreadable-image',
    );
  }
}
