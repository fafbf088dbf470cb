/** Tests of the fallback CP949 decoder. */
import { describe, expect, it } from 'vitest';
import { Cp949Decoder } from './cp949.ts';

describe('Cp949Decoder', () => {
  it('decodes the first and last UHC extension syllables and KS X 1001 ones (bytes from Python cp949)', () => {
    const bytes = new Uint8Array([
      0x81, 0x41, 0x8c, 0x63, 0xc1, 0x64, 0xc6, 0x52, 0x20, 0xb0, 0xa1, 0x41,
    ]);
    expect(new Cp949Decoder().decode(bytes)).toBe('갂똠햏힣 가A');
  });

  it('keeps a pair split across chunks and marks a dangling lead byte at the end', () => {
    const d = new Cp949Decoder();
    expect(d.decode(new Uint8Array([0x41, 0x8c]), { stream: true })).toBe('A');
    expect(d.decode(new Uint8Array([0x63, 0xb0]))).toBe('똠\ufffd');
  });
});
