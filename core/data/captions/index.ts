/** Captioning data: captions files, image folders and zips, image decoding through a host, the torchvision transform, splits by image and the caption vocabulary. */
export {
  type CaptionDataset,
  findCaptionsFile,
  openCaptionDataset,
  parseSplitFile,
  type SplitPart,
} from './captionDataset.ts';
export { type ImageReading, readImageBatch } from './captionImages.ts';
export {
  buildCaptionVocab,
  CAPTION_MIN_FREQ,
  CAPTION_TOKENIZER,
  type CaptionDatasetSummary,
  captionTokenCounts,
  describeCaptionDataset,
  encodeCaption,
  type ImageSplit,
  splitByImage,
  summarizeCaptions,
} from './captionSplits.ts';
export {
  type CaptionRow,
  type CaptionsFile,
  type CaptionsFormat,
  detectCaptionsFormat,
  parseCaptionsFile,
} from './captionsFile.ts';
export {
  type DecodedImage,
  IMAGE_EXTENSIONS,
  type ImageDecoder,
  sniffImageFormat,
} from './imageDecoder.ts';
export { type ImageFolder, zipImageFolder } from './imageFolder.ts';
export {
  IMAGENET_MEAN,
  IMAGENET_STD,
  IMAGENET_TRANSFORM,
  type ImageTransform,
  imageToTensorData,
  resizedSize,
} from './imageTransform.ts';
