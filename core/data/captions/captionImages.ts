/** Reading a dataset's images into a batch tensor's data: bytes from the folder, pixels from the host's decoder, then the stated transform. */
import { DatasetError } from '../../errors.ts';
import type { ImageDecoder } from './imageDecoder.ts';
import type { ImageFolder } from './imageFolder.ts';
import { type ImageTransform, imageToTensorData } from './imageTransform.ts';

/** What reading images needs: where they are, how to decode them and how to transform them. */
export interface ImageReading {
  readonly folder: ImageFolder;
  readonly decoder: ImageDecoder;
  readonly transform: ImageTransform;
}

/**
 * The images at `paths` as one float32 batch [N, 3, crop, crop] (NCHW), in order.
 * @throws DatasetError ('unreadable-image') naming the image and the folder when a file cannot be
 *   read or decoded.
 */
export async function readImageBatch(
  reading: ImageReading,
  paths: readonly string[],
): Promise<Float32Array> {
  const { folder, decoder, transform } = reading;
  const size = 3 * transform.crop * transform.crop;
  const out = new Float32Array(paths.length * size);
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as string;
    let image: Awaited<ReturnType<ImageDecoder['decode']>>;
    try {
      image = await decoder.decode(await folder.read(path), path);
    } catch (err) {
      if (err instanceof DatasetError && err.code !== 'format') throw err;
      const reason = (err as Error).message.replace(/\.$/, '');
      throw new DatasetError(
        `Image '${path}' in '${folder.name}' cannot be read (${reason}); replace it with a JPEG or PNG file or remove its captions.`,
        'unreadable-image',
        { key: 'image-unreadable', params: { image: path, folder: folder.name, reason } },
      );
    }
    imageToTensorData(image, transform, { out, offset: i * size });
  }
  return out;
}
