/** Draws a photo with the caption model's attention for one word: the picture, the part outside the model's crop dimmed, and the heat map over the crop. */
import type { ImageAttention } from '../../../core/tasks/task.ts';
import { heatPixels, upsampleGrid } from './imageHeat.ts';

/** Dims what the model never saw (outside its centre crop). */
const OUTSIDE_CROP = 'rgba(0, 0, 0, 0.6)';

/**
 * Paints `canvas` (already sized to the picture's drawn size in device pixels): the image scaled
 * to it, the region outside `attention.region` dimmed, and word `word`'s weights over the region
 * (bilinear, see upsampleGrid) with a thin outline around the crop.
 */
export function drawImageAttention(
  canvas: HTMLCanvasElement,
  picture: ImageBitmap,
  attention: ImageAttention,
  word: number,
): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const sx = canvas.width / picture.width;
  const sy = canvas.height / picture.height;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(picture, 0, 0, canvas.width, canvas.height);
  const { region } = attention;
  const x = region.x * sx;
  const y = region.y * sy;
  const w = region.width * sx;
  const h = region.height * sy;
  ctx.fillStyle = OUTSIDE_CROP;
  ctx.fillRect(0, 0, canvas.width, y);
  ctx.fillRect(0, y + h, canvas.width, canvas.height - y - h);
  ctx.fillRect(0, y, x, h);
  ctx.fillRect(x + w, y, canvas.width - x - w, h);
  const row = attention.weights[word];
  if (row !== undefined) {
    const size = { width: Math.max(1, Math.round(w)), height: Math.max(1, Math.round(h)) };
    const heat = new ImageData(
      heatPixels(upsampleGrid(row, attention.grid, size)),
      size.width,
      size.height,
    );
    const layer = new OffscreenCanvas(size.width, size.height);
    layer.getContext('2d')?.putImageData(heat, 0, 0);
    ctx.drawImage(layer, x, y, w, h);
  }
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.lineWidth = Math.max(1, Math.round(canvas.width / 320));
  ctx.strokeRect(x, y, w, h);
}
