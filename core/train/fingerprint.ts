/** A data file's fingerprint for checkpoints: XXH32 of its bytes (read four at a time, given in pieces) with their length, and the FNV-1a one that builds before it wrote, still matched so their checkpoints resume. */
import { Xxh32 } from '../data/xxh32.ts';

/** Marks the XXH32 fingerprints; one without it is a legacy FNV-1a fingerprint. */
const PREFIX = 'xxh32-';

/**
 * XXH32 (seed 0) over bytes given in pieces, with their length: {@link fingerprintBytes} of the
 * whole, piece by piece. The digest can be taken after any piece and the hash goes on.
 */
export class Fingerprint extends Xxh32 {
  /** The fingerprint of the bytes so far, as `xxh32-<length>-<hash>` in hex. */
  digest(): string {
    return `${PREFIX}${this.length.toString(16)}-${this.value().toString(16).padStart(8, '0')}`;
  }
}

/** FNV-1a over bytes given in pieces, with their length: the fingerprint builds before XXH32 wrote. */
export class LegacyFingerprint {
  private hash = 0x811c9dc5;
  private length = 0;

  /** Takes the next piece. */
  update(bytes: Uint8Array): this {
    let h = this.hash;
    for (let i = 0; i < bytes.length; i++) {
      h ^= bytes[i] as number;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    this.hash = h;
    this.length += bytes.length;
    return this;
  }

  /** The fingerprint of the bytes so far, as `length-hash` in hex. */
  digest(): string {
    return `${this.length.toString(16)}-${this.hash.toString(16).padStart(8, '0')}`;
  }
}

/** XXH32 of the bytes plus their length: cheap, and enough to tell two data files apart. */
export function fingerprintBytes(bytes: Uint8Array): string {
  return new Fingerprint().update(bytes).digest();
}

/** Whether `stored` was written by a build before the XXH32 fingerprints (FNV-1a: `length-hash`). */
export function isLegacyFingerprint(stored: string): boolean {
  return !stored.startsWith(PREFIX);
}

/** A fingerprint of the same kind as `stored` (XXH32, or a legacy checkpoint's FNV-1a). */
export function fingerprintLike(stored: string): Fingerprint | LegacyFingerprint {
  return isLegacyFingerprint(stored) ? new LegacyFingerprint() : new Fingerprint();
}

/** Whether `stored` (a checkpoint's fingerprint, of either kind) is the fingerprint of `bytes`. */
export function fingerprintMatches(stored: string, bytes: Uint8Array): boolean {
  return fingerprintLike(stored).update(bytes).digest() === stored;
}
