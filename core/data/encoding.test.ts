/** Tests of encoding detection (BOMs, CP949, binary) and streaming decoding. */
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors.ts';
import { decodeBytes, detectEncoding, parseEncodingName, StreamDecoder } from './encoding.ts';

const hex = (h: string): Uint8Array =>
  Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
// '이름,점수,메모\n홍길동,90,좋음\n김철수,85,"보통, 괜찮음"\n이영희,77,나쁨\n' saved by Python as cp949.
const CP949_CSV = hex(
  'c0ccb8a72cc1a1bcf62cb8deb8f00ac8abb1e6b5bf2c39302cc1c1c0bd0ab1e8c3b6bcf62c38352c22bab8c5eb2c20b1a6c2fac0bd220ac0ccbfb5c8f12c37372cb3aabbdd0a',
);

describe('encoding detection', () => {
  it('detects CP949 (Korean Excel export) from invalid UTF-8 that reads as Hangul', () => {
    expect(detectEncoding(CP949_CSV, { fileName: 'ko.csv', complete: true })).toEqual({
      encoding: 'cp949',
      bomLength: 0,
    });
    expect(decodeBytes(CP949_CSV, { fileName: 'ko.csv' }).text.split('\n')[1]).toBe(
      '홍길동,90,좋음',
    );
  });

  it('decodes CP949-only syllables outside EUC-KR (똠)', () => {
    expect(decodeBytes(hex('8c63b9e6b0a2c7cf'), { fileName: 'x.txt' })).toEqual({
      text: '똠방각하',
      encoding: 'cp949',
    });
  });

  it('reads UTF-8 with and without a BOM, dropping the BOM', () => {
    const text = 'a,b\n가,1\n';
    const plain = new TextEncoder().encode(text);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeBytes(plain, { fileName: 'x' })).toEqual({ text, encoding: 'utf-8' });
    expect(decodeBytes(bom, { fileName: 'x' })).toEqual({ text, encoding: 'utf-8' });
  });

  it('reads UTF-16 LE and BE with a BOM', () => {
    const text = 'q\ta\n안녕\t hi\n';
    const units = Array.from(text, (c) => c.charCodeAt(0));
    const le = new Uint8Array([0xff, 0xfe, ...units.flatMap((u) => [u & 0xff, u >> 8])]);
    const be = new Uint8Array([0xfe, 0xff, ...units.flatMap((u) => [u >> 8, u & 0xff])]);
    expect(decodeBytes(le, { fileName: 'x' })).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeBytes(be, { fileName: 'x' })).toEqual({ text, encoding: 'utf-16be' });
  });

  it('lets the user override the encoding', () => {
    const { text, encoding } = decodeBytes(CP949_CSV, { fileName: 'ko.csv', encoding: 'cp949' });
    expect(encoding).toBe('cp949');
    expect(text.startsWith('이름,점수,메모')).toBe(true);
    expect(parseEncodingName('EUC-KR')).toBe('cp949');
    expect(() => parseEncodingName('latin-9')).toThrow(
      "Encoding: the encoding must be a name such as utf-8, cp949, windows-1252, shift_jis or gb18030, got 'latin-9'.",
    );
  });

  it('keeps a character split across chunks whole when streaming', () => {
    const bytes = new TextEncoder().encode('값=가나다');
    const d = new StreamDecoder('utf-8', { fileName: 'x', bomLength: 0 });
    const parts = [
      d.decode(bytes.subarray(0, 2)),
      d.decode(bytes.subarray(2, 7)),
      d.decode(bytes.subarray(7), { final: true }),
    ];
    expect(parts.join('')).toBe('값=가나다');
  });

  it('reports a broken UTF-8 byte later in a stream with its line', () => {
    const d = new StreamDecoder('utf-8', { fileName: 'late.csv', bomLength: 0 });
    d.decode(new TextEncoder().encode('a,b\n1,2\n'));
    d.decode(new TextEncoder().encode('\n\n3,4'));
    d.decode(new TextEncoder().encode(''));
    d.decode(new TextEncoder().encode('\n'));
    const err = (() => {
      try {
        d.decode(new Uint8Array([0x33, 0x2c, 0xff, 0x0a]));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(DatasetError);
    expect(
      (err as DatasetError).message.startsWith("'late.csv' line 6: the text is not valid utf-8"),
    ).toBe(true);
  });

  it('detects Shift-JIS, GB18030, windows-1252 and BOM-less UTF-16 by content', () => {
    const hex = (h: string): Uint8Array =>
      Uint8Array.from(h.match(/../g) as string[], (b) => parseInt(b, 16));
    const decode = (bytes: Uint8Array) => decodeBytes(bytes, { fileName: 'x.csv' });
    expect(decode(hex('96bc914f2c926c0a8365835883672c310a82a082a282a42c320a'))).toEqual({
      text: '名前,値\nテスト,1\nあいう,2\n',
      encoding: 'shift_jis',
    });
    expect(decode(hex('c3fbb3c62ccafdd6b50ad6d0cec42c310ab2e2cad42c320a'))).toEqual({
      text: '名称,数值\n中文,1\n测试,2\n',
      encoding: 'gb18030',
    });
    const latin = hex('6e616d653b76616c75650a636166e93b310a6e61ef76652096206f6b3b320a');
    expect(decode(latin).text).toBe('name;value\ncafé;1\nnaïve – ok;2\n');
    expect(detectEncoding(latin, { fileName: 'x', complete: true })).toMatchObject({
      encoding: 'windows-1252',
      guessed: true,
    });
    const text = 'date,value\n2020-01-01,1\n';
    const le = Uint8Array.from([...text].flatMap((c) => [c.charCodeAt(0), 0]));
    const be = Uint8Array.from([...text].flatMap((c) => [0, c.charCodeAt(0)]));
    expect(decode(le)).toEqual({ text, encoding: 'utf-16le' });
    expect(decode(be)).toEqual({ text, encoding: 'utf-16be' });
  });

  it('accepts any encoding name TextDecoder knows', () => {
    expect(parseEncodingName('latin1')).toBe('windows-1252');
    expect(parseEncodingName('Shift_JIS')).toBe('shift_jis');
    expect(parseEncodingName('EUC-KR')).toBe('cp949');
    expect(() => parseEncodingName('klingon')).toThrow(/must be a name such as/);
  });
});
