// Draws the RNN Studio icon as SVG and rasterises it into every size the installers need.
//
// Output (all committed): build/icons/icon.svg (the 1024-px source), build/icons/icon.png (1024),
// build/icons/png/<n>x<n>.png (Linux and general use), build/icons/icon.ico (Windows: 16–256),
// build/icons/icon.icns (macOS: 16–1024 incl. @2x). Rendering uses Debian's Chromium through
// playwright-core, so the result matches what a browser draws from the SVG.
// Usage: node build/scripts/icons.mjs
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'build', 'icons');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** The icon: a rounded tile; three unrolled time steps joined by arrows, the middle one looping to itself. */
function iconSvg() {
  const xs = [262, 512, 762];
  const colors = ['#7dd3fc', '#5eead4', '#fde68a'];
  const nodes = xs
    .map(
      (x, i) =>
        `<circle cx="${x}" cy="600" r="70" fill="${colors[i]}" stroke="#0b1027" stroke-width="18"/>`,
    )
    .join('');
  const arrow = (x1, x2) =>
    `<line x1="${x1}" y1="600" x2="${x2 - 30}" y2="600" stroke="#e2e8f0" stroke-width="24" stroke-linecap="round"/>` +
    `<path d="M ${x2 - 40} 568 L ${x2} 600 L ${x2 - 40} 632 Z" fill="#e2e8f0"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="1024" height="1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#312e81"/>
      <stop offset="1" stop-color="#0f766e"/>
    </linearGradient>
  </defs>
  <rect x="64" y="64" width="896" height="896" rx="200" fill="url(#bg)"/>
  <path d="M 470 536 C 380 300, 644 300, 560 522" fill="none" stroke="#fbbf24" stroke-width="34" stroke-linecap="round"/>
  <path d="M 520 500 L 566 560 L 602 492 Z" fill="#fbbf24"/>
  ${arrow(xs[0] + 84, xs[1] - 84)}
  ${arrow(xs[1] + 84, xs[2] - 84)}
  ${nodes}
  <rect x="232" y="770" width="560" height="40" rx="20" fill="#e2e8f0" opacity="0.85"/>
</svg>
`;
}

/** Packs PNG images into an ICO (PNG-compressed entries, Windows Vista and later). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** Packs PNG images into an ICNS; `type` is the OSType of each entry (ic07 = 128 px, …). */
function icns(entries) {
  const chunks = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

async function main() {
  const svg = iconSvg();
  await mkdir(join(outDir, 'png'), { recursive: true });
  await writeFile(join(outDir, 'icon.svg'), svg);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const pngs = new Map();
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const size of SIZES) {
      await page.setViewportSize({ width: size, height: size });
      const scaled = svg.replace('width="1024" height="1024"', `width="${size}" height="${size}"`);
      await page.setContent(
        `<html><body style="margin:0;background:transparent">${scaled}</body></html>`,
      );
      const png = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      pngs.set(size, png);
      await writeFile(join(outDir, 'png', `${size}x${size}.png`), png);
    }
  } finally {
    await browser.close();
  }
  await writeFile(join(outDir, 'icon.png'), pngs.get(1024));
  await writeFile(
    join(outDir, 'icon.ico'),
    ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: pngs.get(size) }))),
  );
  await writeFile(
    join(outDir, 'icon.icns'),
    icns([
      { type: 'icp4', png: pngs.get(16) },
      { type: 'icp5', png: pngs.get(32) },
      { type: 'icp6', png: pngs.get(64) },
      { type: 'ic07', png: pngs.get(128) },
      { type: 'ic08', png: pngs.get(256) },
      { type: 'ic09', png: pngs.get(512) },
      { type: 'ic10', png: pngs.get(1024) },
      { type: 'ic11', png: pngs.get(32) },
      { type: 'ic12', png: pngs.get(64) },
      { type: 'ic13', png: pngs.get(256) },
      { type: 'ic14', png: pngs.get(512) },
    ]),
  );
  console.log(`icons written to ${outDir}`);
}

await main();
