/** Fingerprints: XXH32's published values, the same digest however the bytes are cut into pieces or aligned, and legacy FNV-1a fingerprints still matched. */
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  Fingerprint,
  fingerprintBytes,
  fingerprintMatches,
  isLegacyFingerprint,
  LegacyFingerprint,
} from './fingerprint.ts';

/** Bytes that are not a pattern a lane could miss (a multiplicative sequence). */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.imul(i + 1, 0x9e3779b1) >>> 24;
  return bytes;
}

describe('fingerprintBytes', () => {
  it("gives XXH32's reference values (seed 0) with the length", () => {
    // Values of the reference implementation (xxhsum -H0, python-xxhash's README).
    expect(fingerprintBytes(new Uint8Array(0))).toBe('xxh32-0-02cc5d05');
    expect(fingerprintBytes(strToU8('a'))).toBe('xxh32-1-550d7456');
    expect(fingerprintBytes(strToU8('abc'))).toBe('xxh32-3-32d153ff');
    // 39 bytes: two stripes, a tail word and three tail bytes.
    expect(fingerprintBytes(strToU8('Nobody inspects the spammish repetition'))).toBe(
      'xxh32-27-e2293b2f',
    );
  });

  it('tells two data files apart', () => {
    expect(fingerprintBytes(strToU8('a,b\n1,2\n'))).not.toBe(
      fingerprintBytes(strToU8('a,b\n1,3\n')),
    );
    const bytes = noise(100_000);
    const changed = bytes.slice();
    changed[77_777] = (changed[77_777] as number) ^ 1;
    expect(fingerprintBytes(changed)).not.toBe(fingerprintBytes(bytes));
  });

  it('gives the same digest for any cut into pieces, at any alignment, after each piece', () => {
    const bytes = noise(200_003);
    const whole = fingerprintBytes(bytes);
    for (const sizes of [[1], [3, 5, 7], [16], [15, 17], [4096, 1], [70_001]]) {
      const f = new Fingerprint();
      let at = 0;
      for (let k = 0; at < bytes.length; k++) {
        const n = Math.min(sizes[k % sizes.length] as number, bytes.length - at);
        f.update(bytes.subarray(at, at + n));
        at += n;
        // The digest mid-way is the whole prefix's, and taking it does not disturb the hash.
        if (k === 3) expect(f.digest()).toBe(fingerprintBytes(bytes.slice(0, at)));
      }
      expect(f.digest()).toBe(whole);
    }
    // A piece whose words are not 4-byte aligned in its buffer (copied through the scratch).
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(fingerprintBytes(shifted.subarray(1))).toBe(whole);
  });
});

describe('legacy fingerprints', () => {
  it('matches a checkpoint fingerprint of either kind with the bytes it was made from', () => {
    const bytes = strToU8('date,load\n2024-01-01,3\n');
    // What builds before XXH32 stored: FNV-1a with the length, without a prefix.
    const legacy = new LegacyFingerprint().update(bytes).digest();
    expect(legacy).toBe('17-02662748');
    expect(isLegacyFingerprint(legacy)).toBe(true);
    expect(isLegacyFingerprint(fingerprintBytes(bytes))).toBe(false);
    expect(fingerprintMatches(legacy, bytes)).toBe(true);
    expect(fingerprintMatches(fingerprintBytes(bytes), bytes)).toBe(true);
    const other = strToU8('date,load\n2024-01-01,4\n');
    expect(fingerprintMatches(legacy, other)).toBe(false);
    expect(fingerprintMatches(fingerprintBytes(bytes), other)).toBe(false);
  });
});
