/** A photo drawn to fit a box (default 360 × 300 pixels): Try's photo without attention, Evaluate's held-out images. */
import { useEffect, useRef } from 'react';
import { fitInside } from '../../../components/explain/imageHeat.ts';

export function CaptionPicture({
  picture,
  box = { width: 360, height: 300 },
  label,
}: {
  picture: ImageBitmap;
  box?: { width: number; height: number };
  /** What the picture shows, for screen readers; without it the picture is decorative. */
  label?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = fitInside(picture.width, picture.height, box);
  useEffect(() => {
    const c = canvas.current;
    if (c === null) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(size.width * dpr);
    c.height = Math.round(size.height * dpr);
    c.getContext('2d')?.drawImage(picture, 0, 0, c.width, c.height);
  }, [picture, size.width, size.height]);
  return (
    <canvas
      ref={canvas}
      className="image-attention__canvas"
      style={{ width: size.width, height: size.height }}
      {...(label === undefined ? { 'aria-hidden': true } : { role: 'img', 'aria-label': label })}
    />
  );
}
