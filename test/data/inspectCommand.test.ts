/** Tests of `rnn-studio inspect`: JSON output on real files, exit statuses and one-line errors. */
import {
  createReadStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectCommand } from '../../cli/commands/inspect.ts';
import type { CliIo } from '../../cli/io.ts';

const dataDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');
const tmp = mkdtempSync(join(tmpdir(), 'rnn-inspect-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function testIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    readFileBytes: async (p: string) => new Uint8Array(readFileSync(p)),
    openFileStream: (p: string) =>
      createReadStream(p, { highWaterMark: 16384 }) as AsyncIterable<Uint8Array>,
    fileSize: async (p: string) => statSync(p).size,
    writeFileAtomic: async () => {
      throw new Error('inspect must not write files');
    },
  };
  return io;
}

describe('rnn-studio inspect', () => {
  it('prints the inspection object with --json for the Samsung prices', async () => {
    const io = testIo();
    const status = await inspectCommand(
      [join(dataDir, 'samsung-005930-daily', '005930.KS.csv'), '--json'],
      io,
    );
    expect(status).toBe(0);
    const result = JSON.parse(io.out);
    expect(result).toMatchObject({
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ',',
      rows: 1225,
      suggestedTask: 'forecast',
      roles: { date: 'Date', target: 'Close' },
    });
    expect(result.columns[4]).toMatchObject({ name: 'Close', type: 'number', missing: 5 });
  });

  it('prints a readable summary of a CoNLL-U file', async () => {
    const io = testIo();
    expect(
      await inspectCommand(
        [join(dataDir, 'ud-korean-kaist', 'ko_kaist-ud-dev.first1000.conllu')],
        io,
      ),
    ).toBe(0);
    expect(io.out).toContain('1000 sentences, 12981 tokens');
    expect(io.out).toContain('suggested task: tag');
  });

  it('exits 1 with a one-line message naming the file, line and problem', async () => {
    const file = join(tmp, 'ragged.csv');
    writeFileSync(file, 'a,b\n1,2\n3,4\n5\n6,7\n8,9\n');
    const io = testIo();
    expect(await inspectCommand([file], io)).toBe(1);
    expect(io.err).toBe(
      `rnn-studio inspect: '${file}': 1 row must have 2 fields like the header, but line 4 has 1. Check the delimiter (',') and quoting, or fix those lines.\n`,
    );
    expect(io.out).toBe('');
  });

  it('exits 1 for a missing file', async () => {
    const io = testIo();
    expect(await inspectCommand([join(tmp, 'nope.csv')], io)).toBe(1);
    expect(io.err).toBe(
      `rnn-studio inspect: cannot read '${join(tmp, 'nope.csv')}': no such file.\n`,
    );
  });

  it('exits 2 for bad arguments', async () => {
    const io = testIo();
    expect(await inspectCommand(['a.csv', '--delimiter', '::'], io)).toBe(2);
    expect(io.err.split('\n')[0]).toBe(
      "rnn-studio inspect: Option '--delimiter' must be one character (',', ';', '|' or 'tab'), got '::'.",
    );
    const none = testIo();
    expect(await inspectCommand([], none)).toBe(2);
    expect(none.err.split('\n')[0]).toBe('rnn-studio inspect: Expected one file, got 0.');
  });

  it('honours --encoding and --no-header overrides', async () => {
    const file = join(tmp, 'pairs.tsv');
    writeFileSync(file, 'name\tscore\nkim\t1\nlee\t2\n');
    const io = testIo();
    expect(await inspectCommand([file, '--json', '--no-header', '--encoding', 'euc-kr'], io)).toBe(
      0,
    );
    expect(JSON.parse(io.out)).toMatchObject({ encoding: 'cp949', hasHeader: false, rows: 3 });
  });

  it('reads with --header, --delimiter, --decimal and --missing, and prints how it read', async () => {
    const file = join(tmp, 'eu.txt');
    writeFileSync(file, 'red:1,5\ngreen:-999\nred:2,25\n');
    const io = testIo();
    const argv = [file, '--json', '--header', 'no', '--delimiter', ':', '--decimal', ','];
    expect(await inspectCommand([...argv, '--missing', '-999', '--missing', 'NA,n/a'], io)).toBe(0);
    const got = JSON.parse(io.out);
    expect(got).toMatchObject({ delimiter: ':', hasHeader: false, rows: 3 });
    expect(got.columns[1]).toMatchObject({ name: 'column 2', type: 'number', missing: 1 });
    expect(got.reading.options).toMatchObject({
      header: 'no',
      delimiter: ':',
      decimal: ',',
      missingCodes: ['-999', 'NA', 'n/a'],
    });
    expect(got.reading.decisions.header).toEqual({ by: 'user' });
    const text = testIo();
    expect(await inspectCommand([file, '--delimiter', ':'], text)).toBe(0);
    expect(text.out).toContain('  delimiter ":" (given)');
    expect(text.out).toMatch(
      / {2}encoding "utf-8" \(Every byte sequence in the sample is valid UTF-8\.\)/,
    );
  });
});
