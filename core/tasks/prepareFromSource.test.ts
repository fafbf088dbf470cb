/** Preparation from a byte source: classify, forecast and tag read a file larger than the inspected head a piece at a time (never whole, no piece kept past the next), prepare what the same bytes in memory give, and refuse a file that changed between passes with the trainer's message. */
import { describe, expect, it, vi } from 'vitest';
import { smallRecurrent } from '../../test/support/taskTesting.ts';
import { type ByteSource, isByteSource } from '../data/byteSource.ts';
import { INSPECT_HEAD_BYTES } from '../data/recordStream.ts';
import { Random } from '../random.ts';
import { CheckedByteSource } from '../train/checkedSource.ts';
import { fingerprintBytes } from '../train/fingerprint.ts';
import { classifyTask } from './classify/index.ts';
import { forecastTask } from './forecast/index.ts';
import { presetSpec } from './presets.ts';
import type { RunSpec } from './spec.ts';
import { tagTask } from './tag/index.ts';
import type { TaskDefinition } from './task.ts';

vi.mock('../data/byteSource.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../data/byteSource.ts')>();
  return {
    ...actual,
    // NOTE: the whole-file read refuses a source here, so a reader that asks for it fails the test.
    wholeBytes: async (bytes: Uint8Array | ByteSource) => {
      if (actual.isByteSource(bytes)) {
        throw new Error(`wholeBytes: preparation must not read '${bytes.name}' whole.`);
      }
      return bytes;
    },
  };
});

/** Bytes per piece of the test source: small, so a file is many pieces. */
const PIECE = 256 * 1024;

/**
 * A source over `bytes` whose every piece is the same reused buffer, overwritten for the next
 * piece (a reader that kept a piece would read the next one's bytes), counting bytes per pass;
 * `flip` inverts one byte from the pass of that index on.
 */
function reusingSource(
  name: string,
  bytes: Uint8Array,
  flip?: { pass: number; at: number },
): ByteSource & { passes: number[] } {
  const passes: number[] = [];
  return {
    name,
    size: bytes.length,
    passes,
    async *pieces() {
      const pass = passes.length;
      passes.push(0);
      const buffer = new Uint8Array(PIECE);
      for (let at = 0; at < bytes.length; at += PIECE) {
        const end = Math.min(bytes.length, at + PIECE);
        buffer.set(bytes.subarray(at, end));
        if (flip !== undefined && pass >= flip.pass && flip.at >= at && flip.at < end) {
          buffer[flip.at - at] = (buffer[flip.at - at] as number) ^ 0x01;
        }
        passes[pass] = end;
        yield buffer.subarray(0, end - at);
      }
    },
  };
}

/** Lines joined until the text is past `bytes` (plus the header). */
function fileOf(header: string, line: (i: number) => string, bytes: number): Uint8Array {
  const lines = [header];
  let length = header.length + 1;
  for (let i = 0; length < bytes; i++) {
    const next = line(i);
    lines.push(next);
    length += next.length + 1;
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

const WORDS = ['good', 'bad', 'fine', 'awful', 'great', 'dull', 'sharp', 'slow', 'fast', 'cheap'];
const SIZE = INSPECT_HEAD_BYTES + 512 * 1024;

function reviews(): Uint8Array {
  return fileOf(
    'text,label',
    (i) =>
      `"${WORDS[i % 10]} ${WORDS[(i * 7) % 10]} item ${i % 997}",${i % 3 === 0 ? 'pos' : 'neg'}`,
    SIZE,
  );
}

function readings(): Uint8Array {
  const start = Date.UTC(2020, 0, 1);
  return fileOf(
    'time,load,temp',
    (i) =>
      `${new Date(start + i * 3_600_000).toISOString().slice(0, 19)},${(50 + 10 * Math.sin(i / 24) + (i % 7)).toFixed(2)},${(i % 31).toFixed(1)}`,
    SIZE,
  );
}

function sentences(): Uint8Array {
  const tags = ['O', 'B-PER', 'I-PER', 'O', 'B-LOC'];
  const lines: string[] = [];
  let length = 0;
  for (let s = 0; length < SIZE; s++) {
    for (let t = 0; t < 5 + (s % 7); t++) {
      const line = `${WORDS[(s + t) % 10]}${t % 4}\t${tags[(s + t) % 5]}`;
      lines.push(line);
      length += line.length + 1;
    }
    lines.push('');
    length += 1;
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

function classifySpec(): RunSpec {
  const spec = presetSpec('classify');
  spec.data = { textColumn: 'text', labelColumn: 'label', tokenizer: 'word', maxLength: 8 };
  spec.model = { embeddingDim: 4, recurrent: smallRecurrent({ hiddenSize: 4 }), pooling: 'mean' };
  return spec;
}

function forecastSpec(): RunSpec {
  const spec = presetSpec('forecast');
  spec.data = { ...spec.data, targetColumn: 'load', dateColumn: 'time', window: 8, horizon: 1 };
  spec.model.recurrent = smallRecurrent({ hiddenSize: 4 });
  return spec;
}

function tagSpec(): RunSpec {
  const spec = presetSpec('tag');
  spec.data = { minFreq: 1, maxLength: 30 };
  spec.model = { embeddingDim: 4, recurrent: smallRecurrent({ hiddenSize: 4 }) };
  return spec;
}

const CASES: readonly [string, TaskDefinition, () => RunSpec, () => Uint8Array, string][] = [
  ['classify', classifyTask, classifySpec, reviews, 'reviews.csv'],
  ['forecast', forecastTask, forecastSpec, readings, 'load.csv'],
  ['tag', tagTask, tagSpec, sentences, 'ner.conll'],
];

describe.each(CASES)('%s prepared from a byte source', (_kind, task, spec, file, name) => {
  it('reads the head and then one whole pass, a piece at a time, and prepares what the bytes in memory give', async () => {
    const bytes = file();
    expect(bytes.length).toBeGreaterThan(INSPECT_HEAD_BYTES);
    const source = reusingSource(name, bytes);
    const fromSource = await task.prepare({
      spec: spec(),
      fileName: name,
      bytes: source,
      random: new Random(1),
    });
    const fromBytes = await task.prepare({
      spec: spec(),
      fileName: name,
      bytes,
      random: new Random(1),
    });
    // The head pass stops within the inspected head; the reading pass is the only whole one.
    expect(source.passes).toHaveLength(2);
    expect(source.passes[0]).toBeLessThanOrEqual(INSPECT_HEAD_BYTES + PIECE);
    expect(source.passes[1]).toBe(bytes.length);
    expect(isByteSource(source)).toBe(true);
    expect(fromSource.sizes).toEqual(fromBytes.sizes);
    expect(JSON.stringify(fromSource.state)).toBe(JSON.stringify(fromBytes.state));
  }, 60_000);

  it('refuses the file when its bytes changed between the head and the reading pass', async () => {
    const source = new CheckedByteSource(reusingSource(name, file(), { pass: 1, at: 1000 }));
    await expect(
      task.prepare({ spec: spec(), fileName: name, bytes: source, random: new Random(1) }),
    ).rejects.toThrow(`'${name}' changed while it was read; choose it again once it is saved.`);
  }, 60_000);
});

describe('a checked source', () => {
  it('fingerprints the file as its bytes in memory, and refuses a later pass that differs past the head', async () => {
    const bytes = reviews();
    const source = new CheckedByteSource(
      reusingSource('reviews.csv', bytes, { pass: 2, at: bytes.length - 5 }),
    );
    const task = await classifyTask.prepare({
      spec: classifySpec(),
      fileName: 'reviews.csv',
      bytes: source,
      random: new Random(1),
    });
    expect(task.sizes.train).toBeGreaterThan(0);
    // Preparation's whole pass gave the fingerprint; no pass is made for it.
    await expect(source.fingerprint()).resolves.toBe(fingerprintBytes(bytes));
    // A second preparation (an auto-tune trial) reads the file again and finds it changed.
    await expect(
      classifyTask.prepare({
        spec: classifySpec(),
        fileName: 'reviews.csv',
        bytes: source,
        random: new Random(1),
      }),
    ).rejects.toThrow("'reviews.csv' changed while it was read; choose it again once it is saved.");
  }, 60_000);

  it('refuses a pass that ends short of the size', async () => {
    const bytes = new TextEncoder().encode('a,b\n1,2\n');
    const short: ByteSource = {
      name: 'a.csv',
      size: bytes.length + 3,
      async *pieces() {
        yield bytes;
      },
    };
    await expect(new CheckedByteSource(short).fingerprint()).rejects.toThrow(
      "'a.csv' changed while it was read",
    );
  });
});
