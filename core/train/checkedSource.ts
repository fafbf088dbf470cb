/** A training file's byte source whose passes are checked against each other (a file that changes between inspection, reading and a trial's re-read is refused) and whose fingerprint comes from a pass the run makes anyway. */
import { type ByteSource, changedWhileRead } from '../data/byteSource.ts';
import { Fingerprint, fingerprintLike, isLegacyFingerprint } from './fingerprint.ts';

/**
 * Wraps `inner` so that every pass hashes what it reads: at each piece boundary the running
 * fingerprint must equal what an earlier pass saw there (else the pass throws before the piece
 * reaches the reader), and a whole pass must give `size` bytes. The first whole pass's
 * fingerprint is the file's ({@link fingerprintBytes} of its bytes, so checkpoints match those
 * made from bytes in memory).
 */
export class CheckedByteSource implements ByteSource {
  readonly name: string;
  readonly size: number;
  readonly whole?: Uint8Array;
  /** The fingerprint of the bytes up to each piece boundary, as the first pass to reach it saw them. */
  private readonly seen = new Map<number, string>();
  private known: string | null = null;

  constructor(private readonly inner: ByteSource) {
    this.name = inner.name;
    this.size = inner.size;
    if (inner.whole !== undefined) this.whole = inner.whole;
  }

  /** A pass over `inner`, checked piece by piece. @throws DatasetError ('format') when the file changed. */
  async *pieces(): AsyncIterable<Uint8Array> {
    const running = new Fingerprint();
    let at = 0;
    for await (const piece of this.inner.pieces()) {
      at += piece.length;
      if (at > this.size) throw changedWhileRead(this.name);
      const digest = running.update(piece).digest();
      const before = this.seen.get(at);
      if (before === undefined) this.seen.set(at, digest);
      else if (before !== digest) throw changedWhileRead(this.name);
      yield piece;
    }
    if (at !== this.size) throw changedWhileRead(this.name);
    this.known = running.digest();
  }

  /**
   * The file's fingerprint: from the first whole pass made so far, or from a pass made now.
   * @throws DatasetError ('format') when the file changed since an earlier pass.
   */
  async fingerprint(): Promise<string> {
    if (this.known === null) {
      for await (const _piece of this.pieces()) {
        // NOTE: the pass is made for its fingerprint alone.
      }
    }
    return this.known as string;
  }

  /**
   * Whether `stored` (a checkpoint's fingerprint) is this file's. A legacy one (FNV-1a, written by
   * builds before XXH32) costs a pass of its own, the run's new checkpoints carry the XXH32 one.
   * @throws DatasetError ('format') when the file changed since an earlier pass.
   */
  async matches(stored: string): Promise<boolean> {
    if (!isLegacyFingerprint(stored)) return stored === (await this.fingerprint());
    const legacy = fingerprintLike(stored);
    for await (const piece of this.pieces()) legacy.update(piece);
    return legacy.digest() === stored;
  }
}
