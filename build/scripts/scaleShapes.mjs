// Synthetic files of realistic shape for the big-file benchmarks: product reviews (classify),
// hourly sensor readings (forecast) and CoNLL sentences (tag), seeded so every run writes the same
// bytes. The CLI's scale benchmark (benchScale.mjs) and the browser edition's (benchWebScale.mjs)
// both write their files here, so both are measured on the same kind of file.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** A seeded generator (LCG), so every run writes the same files. */
export function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

const WORDS = Array.from({ length: 6000 }, (_, i) => {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let w = '';
  for (let n = i + 7; w.length < 3 + (i % 7); n = Math.floor(n / 26) + i * 31) w += letters[n % 26];
  return w;
});

/** Product reviews: a quoted text of 8–60 Zipf-ish words (some with commas) and one of 3 labels. */
function classifyRows(rand) {
  const labels = ['negative', 'neutral', 'positive'];
  return {
    header: 'review,rating\n',
    row() {
      const label = Math.floor(rand() * 3);
      const n = 8 + Math.floor(rand() * 52);
      const words = [];
      for (let k = 0; k < n; k++) {
        const w = WORDS[Math.floor(WORDS.length * rand() ** 3)];
        words.push(k % 13 === 12 ? `${w},` : w);
      }
      if (label === 2) words.push('great');
      if (label === 0) words.push('awful');
      return `"${words.join(' ')}",${labels[label]}\n`;
    },
  };
}

/** Hourly sensor readings: timestamp, load (target), temperature, humidity, wind. */
function forecastRows(rand) {
  let t = Date.UTC(2000, 0, 1);
  let k = 0;
  return {
    header: 'timestamp,load,temperature,humidity,wind\n',
    row() {
      t += 3_600_000;
      k++;
      const day = Math.sin((2 * Math.PI * k) / 24);
      const year = Math.sin((2 * Math.PI * k) / 8766);
      const temp = 12 + 10 * year + 4 * day + rand() * 2;
      const load = 500 + 80 * day - 3 * temp + rand() * 20;
      const ts = new Date(t).toISOString().slice(0, 19);
      return `${ts},${load.toFixed(2)},${temp.toFixed(2)},${(60 + 20 * rand()).toFixed(1)},${(rand() * 12).toFixed(1)}\n`;
    },
  };
}

/** CoNLL (token TAB tag) sentences of 5–30 tokens with IOB2 entity tags, a blank line after each. */
function tagRows(rand) {
  const types = ['PER', 'ORG', 'LOC'];
  return {
    header: '',
    row() {
      const n = 5 + Math.floor(rand() * 26);
      let out = '';
      for (let k = 0; k < n; k++) {
        const w = WORDS[Math.floor(WORDS.length * rand() ** 3)];
        const entity = rand() < 0.1;
        const type = types[Math.floor(rand() * 3)];
        out += `${entity ? w[0].toUpperCase() + w.slice(1) : w}\t${entity ? `B-${type}` : 'O'}\n`;
      }
      return `${out}\n`;
    },
  };
}

/** The row generators by task. */
export const SHAPES = { classify: classifyRows, forecast: forecastRows, tag: tagRows };

/**
 * Writes at least `bytesWanted` bytes of `task`'s shape to `path`; resolves with the row count.
 * @throws Error for a task without a shape.
 */
export async function generateScaleFile(path, task, bytesWanted) {
  const make = SHAPES[task];
  if (make === undefined) {
    throw new Error(
      `generateScaleFile: task must be one of ${Object.keys(SHAPES)}, got '${task}'.`,
    );
  }
  const out = createWriteStream(path);
  const shape = make(lcg(42));
  out.write(shape.header);
  let bytes = shape.header.length;
  let rows = 0;
  while (bytes < bytesWanted) {
    let chunk = '';
    for (let i = 0; i < 2000; i++) chunk += shape.row();
    rows += 2000;
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}
