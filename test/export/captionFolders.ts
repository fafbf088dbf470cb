/** Synthetic captioning folders for the export suites: seeded coloured PNGs of several sizes (no third-party content) with their captions in the layouts the app reads. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { Random } from '../../core/random.ts';

const COLOURS = { red: [220, 30, 30], green: [30, 200, 40], blue: [30, 40, 220] } as const;
export type Colour = keyof typeof COLOURS;
export const COLOUR_NAMES = Object.keys(COLOURS) as Colour[];

/** Image sizes [width, height] in turn: landscape, portrait, square and small (upscaled) ones. */
const SIZES: [number, number][] = [
  [24, 19],
  [18, 27],
  [20, 20],
  [13, 15],
];

/** A PNG of one colour with seeded noise and a darker stripe (so a mirrored image differs), `width × height`. */
export function colourPng(colour: Colour, seed: number, size: [number, number]): Buffer {
  const [width, height] = size;
  const random = new Random(seed);
  const png = new PNG({ width, height });
  const rgb = COLOURS[colour];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const shade = x < width / 4 ? -60 : 0;
      for (let c = 0; c < 3; c++) {
        png.data[at + c] = Math.max(
          0,
          Math.min(255, (rgb[c] as number) + shade + random.int(50) - 25),
        );
      }
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** The layouts of a captions file the app reads. */
export type CaptionsLayout = 'csv' | 'csv-headerless' | 'tsv' | 'flickr8k' | 'coco';

export interface FolderOptions {
  /** Images in the folder (colours in turn). */
  images: number;
  layout: CaptionsLayout;
  /** Writes split.tsv putting every fifth image in test and every seventh in dev. */
  splitFile?: boolean;
  /** Puts the images under images/ (the captions name them without the folder). */
  imagesFolder?: boolean;
}

/** The file name of image `i`. */
export function imageName(i: number): string {
  return `img${String(i).padStart(3, '0')}.png`;
}

function captionsText(captions: [string, string][], layout: CaptionsLayout): [string, string] {
  switch (layout) {
    case 'csv':
      return [
        'captions.csv',
        ['image,caption', ...captions.map(([i, c]) => `${i},"${c}"`)].join('\n'),
      ];
    case 'csv-headerless':
      return ['captions.csv', captions.map(([i, c]) => `${i},${c}`).join('\r\n')];
    case 'tsv':
      return [
        'captions.tsv',
        ['file_name\ttext', ...captions.map(([i, c]) => `${i}\t${c}`)].join('\n'),
      ];
    case 'flickr8k': {
      const n = new Map<string, number>();
      const lines = captions.map(([i, c]) => {
        n.set(i, (n.get(i) ?? -1) + 1);
        return `${i}#${n.get(i)}\t${c}`;
      });
      return ['Flickr8k.token.txt', lines.join('\n')];
    }
    case 'coco': {
      const names = [...new Set(captions.map(([i]) => i))];
      const images = names.map((file_name, id) => ({ id: id + 100, file_name }));
      const annotations = captions.map(([i, caption], id) => ({
        id,
        image_id: names.indexOf(i) + 100,
        caption,
      }));
      return ['captions_train.json', JSON.stringify({ images, annotations })];
    }
  }
}

/**
 * Writes a captioning folder into `dir`: coloured PNGs, two captions each ("a red square", "a
 * square that is red .") in `layout`, a README the captions search must skip and, optionally, a
 * split file.
 * @returns each image's colour, in file order.
 */
export function writeCaptionFolder(dir: string, options: FolderOptions): Colour[] {
  const imageDir = options.imagesFolder ? join(dir, 'images') : dir;
  mkdirSync(imageDir, { recursive: true });
  const colours: Colour[] = [];
  const captions: [string, string][] = [];
  const split: string[] = ['image\tsplit'];
  for (let i = 0; i < options.images; i++) {
    const colour = COLOUR_NAMES[i % 3] as Colour;
    colours.push(colour);
    const name = imageName(i);
    writeFileSync(
      join(imageDir, name),
      colourPng(colour, i + 1, SIZES[i % SIZES.length] as [number, number]),
    );
    captions.push([name, `a ${colour} square`], [name, `a square that is ${colour} .`]);
    split.push(`${name}\t${i % 5 === 4 ? 'test' : i % 7 === 6 ? 'dev' : 'train'}`);
  }
  const [file, text] = captionsText(captions, options.layout);
  writeFileSync(join(dir, file), `${text}\n`);
  writeFileSync(join(dir, 'README.txt'), 'Synthetic coloured squares for the export tests.\n');
  if (options.splitFile) writeFileSync(join(dir, 'split.tsv'), `${split.join('\n')}\n`);
  return colours;
}
