/** Tests the trainer's streamed file reader on real files larger than one chunk. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileStreamed } from './fileSource.ts';

describe('readFileStreamed', () => {
  it('returns every byte of a file spanning several chunks, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-stream-'));
    const bytes = new Uint8Array(3 * (1 << 20) + 123);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    writeFileSync(join(dir, 'big.bin'), bytes);
    const read = await readFileStreamed(join(dir, 'big.bin'));
    expect(read.length).toBe(bytes.length);
    expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
  });

  it('rejects a missing file with the file-system error', async () => {
    await expect(readFileStreamed(join(tmpdir(), 'rnn-nothing-here.csv'))).rejects.toThrow(
      'ENOENT',
    );
  });
});
