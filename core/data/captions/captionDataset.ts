/** A captioning dataset from an image folder or zip: the captions file found and parsed, every caption matched to an image file, and the official split when the folder has one. */
import { DatasetError } from '../../errors.ts';
import { decodeBytes } from '../encoding.ts';
import { type CaptionsFormat, parseCaptionsFile } from './captionsFile.ts';
import { IMAGE_EXTENSIONS } from './imageDecoder.ts';
import type { ImageFolder } from './imageFolder.ts';

/** Which part of a split an image belongs to. */
export type SplitPart = 'train' | 'val' | 'test';

/** Images with their captions, in the order the captions file first names them. */
export interface CaptionDataset {
  /** The folder's or zip's name. */
  readonly name: string;
  /** The captions file's path in the folder, and its layout. */
  readonly captionsFile: string;
  readonly format: CaptionsFormat;
  /** Each image's path in the folder. */
  readonly images: readonly string[];
  /** `captions[i]` are the captions of `images[i]` (at least one each). */
  readonly captions: readonly (readonly string[])[];
  /** The split file's path and each image's part, or null when the folder has none. */
  readonly officialSplit: { readonly file: string; readonly parts: readonly SplitPart[] } | null;
  /** Image files in the folder that no caption names (not used). */
  readonly uncaptionedImages: number;
}

const TEXT_FILE = /\.(txt|csv|tsv|json|token)$/i;
const NOT_CAPTIONS = /(^|\/)(readme|provenance|licen[cs]e|notes?)[^/]*$|\.sha\d+$/i;
const SPLIT_FILE = /split[^/]*\.(tsv|csv|txt)$/i;
const CAPTIONS_NAME = /caption|token|annotation/i;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** The captions file among the folder's text files: the only one, or the only one named like captions. */
export function findCaptionsFile(folder: ImageFolder): string {
  const texts = folder.paths.filter(
    (p) => TEXT_FILE.test(p) && !NOT_CAPTIONS.test(p) && !SPLIT_FILE.test(p),
  );
  const named = texts.filter((p) => CAPTIONS_NAME.test(baseName(p)));
  const chosen = texts.length === 1 ? texts : named;
  if (chosen.length === 1) return chosen[0] as string;
  if (texts.length === 0) {
    throw new DatasetError(
      `'${folder.name}': no captions file found; add a CSV/TSV (image,caption), a Flickr8k captions file or COCO captions JSON.`,
      'empty',
      { key: 'captions-file-missing', params: { folder: folder.name } },
    );
  }
  throw new DatasetError(
    `'${folder.name}': several files could hold the captions (${(chosen.length > 0 ? chosen : texts).map((p) => `'${p}'`).join(', ')}); keep one, or name it 'captions.txt'.`,
    'format',
  );
}

/** Finds a caption's image: relative to the captions file, as written, or by file name when only one image has it. */
function imageResolver(
  folder: ImageFolder,
  captionsFile: string,
): (name: string) => string | undefined {
  const images = folder.paths.filter((p) => IMAGE_EXTENSIONS.test(p));
  const all = new Set(images);
  const byBase = new Map<string, string | null>();
  for (const p of images) byBase.set(baseName(p), byBase.has(baseName(p)) ? null : p);
  const dir = dirName(captionsFile);
  return (name) => {
    const clean = name.replace(/\\/g, '/').replace(/^\.\//, '');
    for (const candidate of [`${dir}${clean}`, clean, `${dir}images/${clean}`]) {
      if (all.has(candidate)) return candidate;
    }
    return byBase.get(baseName(clean)) ?? undefined;
  };
}

async function readText(folder: ImageFolder, path: string): Promise<string> {
  return decodeBytes(await folder.read(path), { fileName: path }).text;
}

/**
 * Reads the folder's captions file and matches each caption to its image.
 * @throws DatasetError naming the file and line: ('missing-image') for a caption naming an image
 *   the folder lacks; ('empty' | 'format') for a missing, empty or malformed captions file or
 *   split file.
 */
export async function openCaptionDataset(folder: ImageFolder): Promise<CaptionDataset> {
  const captionsFile = findCaptionsFile(folder);
  const parsed = parseCaptionsFile(await readText(folder, captionsFile), captionsFile);
  const resolve = imageResolver(folder, captionsFile);
  const index = new Map<string, number>();
  const images: string[] = [];
  const captions: string[][] = [];
  for (const row of parsed.rows) {
    const path = resolve(row.image);
    if (path === undefined) {
      throw new DatasetError(
        `Captions file '${captionsFile}', ${row.where}: the image '${row.image}' is not in '${folder.name}'; add the image or remove its captions.`,
        'missing-image',
        {
          key: 'image-missing',
          params: { file: captionsFile, where: row.where, image: row.image, folder: folder.name },
        },
      );
    }
    let i = index.get(path);
    if (i === undefined) {
      i = images.push(path) - 1;
      index.set(path, i);
      captions.push([]);
    }
    (captions[i] as string[]).push(row.caption);
  }
  const imageCount = folder.paths.filter((p) => IMAGE_EXTENSIONS.test(p)).length;
  const splitFile = folder.paths.find((p) => SPLIT_FILE.test(p));
  const officialSplit =
    splitFile === undefined
      ? null
      : {
          file: splitFile,
          parts: parseSplitFile(await readText(folder, splitFile), splitFile, images, resolve),
        };
  return {
    name: folder.name,
    captionsFile,
    format: parsed.format,
    images,
    captions,
    officialSplit,
    uncaptionedImages: imageCount - images.length,
  };
}

const PARTS: Record<string, SplitPart> = {
  train: 'train',
  none: 'train',
  dev: 'val',
  val: 'val',
  valid: 'val',
  validation: 'val',
  test: 'test',
};

/**
 * Each captioned image's part from a split file (`image<TAB or ,>split`, header optional; `dev` and
 * `val` are validation, `none` trains). Images the file does not list train.
 * @throws DatasetError ('format') naming the file and line for an unknown part.
 */
export function parseSplitFile(
  text: string,
  fileName: string,
  images: readonly string[],
  resolve: (name: string) => string | undefined,
): SplitPart[] {
  const position = new Map(images.map((p, i) => [p, i]));
  const parts: SplitPart[] = images.map(() => 'train');
  text.split(/\r?\n/).forEach((line, i) => {
    const [name = '', part = ''] = line.split(/[\t,]/).map((f) => f.trim());
    if (name === '' || (i === 0 && part.toLowerCase() === 'split')) return;
    const chosen = PARTS[part.toLowerCase()];
    if (chosen === undefined) {
      throw new DatasetError(
        `Split file '${fileName}', line ${i + 1}: the split must be train, dev, val, test or none, got '${part}'.`,
        'format',
      );
    }
    const path = resolve(name);
    const at = path === undefined ? undefined : position.get(path);
    if (at !== undefined) parts[at] = chosen;
  });
  return parts;
}
