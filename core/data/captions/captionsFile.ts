/** Captions files for image captioning, detected by content: CSV/TSV `image,caption`, Flickr8k's `image#n<TAB>caption`, COCO captions JSON. */
import { DatasetError } from '../../errors.ts';
import { parseDelimited } from '../delimited.ts';

/** The layouts a captions file may have. */
export type CaptionsFormat = 'csv' | 'tsv' | 'flickr8k' | 'coco';

/** One caption of one image; `where` locates it in the file for messages (`line 12`, `annotations[3]`). */
export interface CaptionRow {
  readonly image: string;
  readonly caption: string;
  readonly where: string;
}

/** A parsed captions file: its layout and every caption in file order. */
export interface CaptionsFile {
  readonly fileName: string;
  readonly format: CaptionsFormat;
  readonly rows: readonly CaptionRow[];
}

const IMAGE_HEADERS = new Set([
  'image',
  'image_name',
  'image_id',
  'file',
  'file_name',
  'filename',
  'path',
]);
const CAPTION_HEADERS = new Set([
  'caption',
  'captions',
  'text',
  'comment',
  'sentence',
  'description',
]);
const FLICKR_LINE = /^[^\t#]+#\d+\t/;

function fail(
  fileName: string,
  where: string,
  problem: string,
  code: 'format' | 'empty' = 'format',
) {
  return new DatasetError(`Captions file '${fileName}'${where}: ${problem}`, code);
}

/** The layout of `text`, judged from its first non-blank character and line. */
export function detectCaptionsFormat(text: string): CaptionsFormat {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('{')) return 'coco';
  const first = body.split(/\r?\n/, 1)[0] ?? '';
  if (FLICKR_LINE.test(first)) return 'flickr8k';
  return first.includes('\t') ? 'tsv' : 'csv';
}

/**
 * Parses a captions file. Image names are kept as written, except Flickr8k's `#n` suffix.
 * @throws DatasetError ('empty') for a file with no captions; ('format') naming the file and line
 *   for a row without an image or caption, a header without an image and a caption column, or
 *   COCO JSON without `images` and `annotations`.
 */
export function parseCaptionsFile(text: string, fileName: string): CaptionsFile {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    throw fail(
      fileName,
      '',
      'the file is empty; it must list images with their captions.',
      'empty',
    );
  }
  const format = detectCaptionsFormat(body);
  const rows =
    format === 'coco'
      ? cocoRows(body, fileName)
      : format === 'flickr8k'
        ? flickrRows(body, fileName)
        : delimitedRows(body, fileName, format === 'tsv' ? '\t' : ',');
  if (rows.length === 0) {
    throw fail(
      fileName,
      '',
      'the file has no captions; it must list images with their captions.',
      'empty',
    );
  }
  return { fileName, format, rows };
}

function checkedRow(fileName: string, image: string, caption: string, where: string): CaptionRow {
  const name = image.trim();
  const text = caption.trim();
  if (name === '')
    throw fail(fileName, `, ${where}`, 'the image name is empty; name an image file.');
  if (text === '') {
    throw fail(
      fileName,
      `, ${where}`,
      `the caption of '${name}' is empty; write one or remove the row.`,
    );
  }
  return { image: name, caption: text, where };
}

function flickrRows(text: string, fileName: string): CaptionRow[] {
  const rows: CaptionRow[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const tab = line.indexOf('\t');
    const where = `line ${i + 1}`;
    if (tab < 0) {
      throw fail(fileName, `, ${where}`, 'the line must be <image>#<n><TAB><caption>, got no tab.');
    }
    const key = line.slice(0, tab);
    const hash = key.lastIndexOf('#');
    rows.push(
      checkedRow(fileName, hash < 0 ? key : key.slice(0, hash), line.slice(tab + 1), where),
    );
  });
  return rows;
}

function looksLikeImageName(value: string): boolean {
  return /\.(jpe?g|png)$/i.test(value.trim());
}

function delimitedRows(text: string, fileName: string, delimiter: ',' | '\t'): CaptionRow[] {
  const records = parseDelimited(text, { delimiter, quoting: 'double', fileName });
  const first = records[0];
  if (first === undefined) return [];
  let imageCol = 0;
  let captionCol = 1;
  let start = 0;
  if (!looksLikeImageName(first.fields[0] ?? '')) {
    const names = first.fields.map((f) => f.trim().toLowerCase());
    imageCol = names.findIndex((n) => IMAGE_HEADERS.has(n));
    captionCol = names.findIndex((n) => CAPTION_HEADERS.has(n));
    if (imageCol < 0 || captionCol < 0) {
      throw fail(
        fileName,
        `, line ${first.line}`,
        `the header must name an image column and a caption column (e.g. 'image,caption'), got '${first.fields.join(delimiter === '\t' ? '\\t' : ',')}'.`,
      );
    }
    start = 1;
  }
  return records.slice(start).map(({ fields, line }) => {
    if (fields.length <= Math.max(imageCol, captionCol)) {
      throw fail(
        fileName,
        `, line ${line}`,
        `the row must have an image and a caption, got ${fields.length} field${fields.length === 1 ? '' : 's'}.`,
      );
    }
    return checkedRow(
      fileName,
      fields[imageCol] as string,
      fields[captionCol] as string,
      `line ${line}`,
    );
  });
}

function cocoRows(text: string, fileName: string): CaptionRow[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw fail(
      fileName,
      '',
      `the file must be COCO captions JSON, got an error: ${(err as Error).message}.`,
    );
  }
  const { images, annotations } = (json ?? {}) as { images?: unknown; annotations?: unknown };
  if (!Array.isArray(images) || !Array.isArray(annotations)) {
    throw fail(fileName, '', "COCO captions JSON must have the arrays 'images' and 'annotations'.");
  }
  const names = new Map<string | number, string>();
  images.forEach((image, i) => {
    const { id, file_name: name } = (image ?? {}) as { id?: unknown; file_name?: unknown };
    if ((typeof id !== 'number' && typeof id !== 'string') || typeof name !== 'string') {
      throw fail(fileName, `, images[${i}]`, "each image must have an 'id' and a 'file_name'.");
    }
    names.set(id, name);
  });
  return annotations.map((annotation, i) => {
    const where = `annotations[${i}]`;
    const { image_id: id, caption } = (annotation ?? {}) as {
      image_id?: unknown;
      caption?: unknown;
    };
    const name = typeof id === 'number' || typeof id === 'string' ? names.get(id) : undefined;
    if (name === undefined) {
      throw fail(
        fileName,
        `, ${where}`,
        `the image_id '${String(id)}' must be the id of an entry in 'images'.`,
      );
    }
    if (typeof caption !== 'string') {
      throw fail(fileName, `, ${where}`, "the annotation must have a 'caption' string.");
    }
    return checkedRow(fileName, name, caption, where);
  });
}
