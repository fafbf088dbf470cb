/** Captions files: each layout detected by content and parsed, and the one-line errors naming file and line. */
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../errors.ts';
import { detectCaptionsFormat, parseCaptionsFile } from './captionsFile.ts';

function rows(text: string, name = 'captions.txt') {
  return parseCaptionsFile(text, name).rows.map((r) => [r.image, r.caption, r.where]);
}

function errorOf(text: string, name = 'captions.txt'): DatasetError {
  try {
    parseCaptionsFile(text, name);
  } catch (err) {
    if (err instanceof DatasetError) return err;
    throw err;
  }
  throw new Error('expected a DatasetError');
}

describe('parseCaptionsFile', () => {
  it('reads CSV with a header, quoted commas and doubled quotes, several rows per image', () => {
    const text = 'image,caption\na.jpg,"A dog, running ."\na.jpg,"The ""big"" dog"\nb.png,A cat\n';
    expect(parseCaptionsFile(text, 'c.csv').format).toBe('csv');
    expect(rows(text)).toEqual([
      ['a.jpg', 'A dog, running .', 'line 2'],
      ['a.jpg', 'The "big" dog', 'line 3'],
      ['b.png', 'A cat', 'line 4'],
    ]);
  });

  it('reads TSV with the columns in another order and other header names', () => {
    const text = 'caption\tfile_name\textra\nA dog\tdogs/a.jpg\tx\n';
    expect(detectCaptionsFormat(text)).toBe('tsv');
    expect(rows(text)).toEqual([['dogs/a.jpg', 'A dog', 'line 2']]);
  });

  it('reads headerless CSV when the first field is an image name', () => {
    expect(rows('a.jpg,A dog\r\nb.jpeg,A cat\r\n')).toEqual([
      ['a.jpg', 'A dog', 'line 1'],
      ['b.jpeg', 'A cat', 'line 2'],
    ]);
  });

  it("reads Flickr8k's image#n<TAB>caption lines, dropping the caption number", () => {
    const text =
      '1000268201_693b08cb0e.jpg#0\tA child in a pink dress .\n1000268201_693b08cb0e.jpg#1\tA girl going into a wooden building .\n';
    expect(detectCaptionsFormat(text)).toBe('flickr8k');
    expect(rows(text)).toEqual([
      ['1000268201_693b08cb0e.jpg', 'A child in a pink dress .', 'line 1'],
      ['1000268201_693b08cb0e.jpg', 'A girl going into a wooden building .', 'line 2'],
    ]);
  });

  it('reads COCO captions JSON, naming each annotation', () => {
    const coco = {
      images: [
        { id: 7, file_name: 'COCO_1.jpg' },
        { id: 9, file_name: 'COCO_2.jpg' },
      ],
      annotations: [
        { id: 1, image_id: 9, caption: 'Two birds. ' },
        { id: 2, image_id: 7, caption: 'A bus' },
      ],
    };
    expect(parseCaptionsFile(JSON.stringify(coco), 'captions_val.json').format).toBe('coco');
    expect(rows(JSON.stringify(coco))).toEqual([
      ['COCO_2.jpg', 'Two birds.', 'annotations[0]'],
      ['COCO_1.jpg', 'A bus', 'annotations[1]'],
    ]);
  });

  it('refuses an empty file naming it', () => {
    const err = errorOf(' \n\n', 'caps.csv');
    expect(err.code).toBe('empty');
    expect(err.message).toBe(
      "Captions file 'caps.csv': the file is empty; it must list images with their captions.",
    );
  });

  it('refuses a header-only file as having no captions', () => {
    expect(errorOf('image,caption\n').message).toBe(
      "Captions file 'captions.txt': the file has no captions; it must list images with their captions.",
    );
  });

  it('refuses an empty caption naming the line and image', () => {
    expect(errorOf('image,caption\na.jpg,A dog\nb.jpg,  \n').message).toBe(
      "Captions file 'captions.txt', line 3: the caption of 'b.jpg' is empty; write one or remove the row.",
    );
  });

  it('refuses a header without image and caption columns', () => {
    expect(errorOf('name,text2\na,b\n').message).toBe(
      "Captions file 'captions.txt', line 1: the header must name an image column and a caption column (e.g. 'image,caption'), got 'name,text2'.",
    );
  });

  it('refuses a row with one field', () => {
    expect(errorOf('image,caption\na.jpg\n').message).toBe(
      "Captions file 'captions.txt', line 2: the row must have an image and a caption, got 1 field.",
    );
  });

  it('refuses a COCO annotation whose image_id is not an image', () => {
    const coco = {
      images: [{ id: 1, file_name: 'a.jpg' }],
      annotations: [{ image_id: 2, caption: 'x' }],
    };
    expect(errorOf(JSON.stringify(coco), 'c.json').message).toBe(
      "Captions file 'c.json', annotations[0]: the image_id '2' must be the id of an entry in 'images'.",
    );
    expect(errorOf('{"images": []}', 'c.json').message).toBe(
      "Captions file 'c.json': COCO captions JSON must have the arrays 'images' and 'annotations'.",
    );
  });
});
