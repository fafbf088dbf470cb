/** A CP949 (Unified Hangul Code) decoder for hosts whose TextDecoder('euc-kr') lacks the 8,822 extension syllables. */

interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type TextDecoderConstructor = new (label: string) => TextDecoderLike;
const TextDecoderImpl = (globalThis as unknown as { TextDecoder: TextDecoderConstructor })
  .TextDecoder;

let table: Uint16Array | null = null;

/**
 * The double-byte table: KS X 1001 pairs (lead and trail 0xA1–0xFE) come from the host's EUC-KR
 * decoder; the UHC extension maps, in order, every Hangul syllable U+AC00–U+D7A3 that KS X 1001
 * lacks to leads 0x81–0xC6 with trails 0x41–0x5A, 0x61–0x7A, 0x81–0xFE (0x81–0xA0 from lead
 * 0xA1 on). NOTE: this is how windows-949 is defined (https://encoding.spec.whatwg.org/#euc-kr).
 */
function buildTable(): Uint16Array {
  const t = new Uint16Array(65536);
  const euc = new TextDecoderImpl('euc-kr');
  const inKsx = new Set<number>();
  for (let lead = 0xa1; lead <= 0xfe; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) {
      const ch = euc.decode(new Uint8Array([lead, trail]));
      if (ch.length !== 1 || ch === '\ufffd') continue;
      const cp = ch.charCodeAt(0);
      t[(lead << 8) | trail] = cp;
      if (cp >= 0xac00 && cp <= 0xd7a3) inKsx.add(cp);
    }
  }
  let syllable = 0xac00;
  const nextMissing = (): number => {
    while (syllable <= 0xd7a3 && inKsx.has(syllable)) syllable++;
    return syllable <= 0xd7a3 ? syllable++ : 0;
  };
  for (let lead = 0x81; lead <= 0xc6; lead++) {
    for (let trail = 0x41; trail <= 0xfe; trail++) {
      const alpha = (trail >= 0x41 && trail <= 0x5a) || (trail >= 0x61 && trail <= 0x7a);
      const high = trail >= 0x81 && (lead < 0xa1 ? trail <= 0xfe : trail <= 0xa0);
      if (!alpha && !high) continue;
      const cp = nextMissing();
      if (cp === 0) return t;
      t[(lead << 8) | trail] = cp;
    }
  }
  return t;
}

/** True when the host's TextDecoder decodes the CP949 extension (browsers and Electron do). */
export function nativeCp949(): boolean {
  return new TextDecoderImpl('euc-kr').decode(new Uint8Array([0x8c, 0x63])) === '\ub620';
}

/** Streaming CP949 decoder: a lead byte at the end of a chunk waits for its trail byte. */
export class Cp949Decoder {
  private pendingLead = -1;

  /** Decodes `bytes`; invalid pairs become U+FFFD. */
  decode(bytes: Uint8Array = new Uint8Array(0), options: { stream?: boolean } = {}): string {
    table ??= buildTable();
    const codes: number[] = [];
    let out = '';
    let i = 0;
    if (this.pendingLead !== -1 && bytes.length > 0) {
      codes.push(this.pair(this.pendingLead, bytes[0] as number));
      this.pendingLead = -1;
      i = 1;
    }
    for (; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (b < 0x80) codes.push(b);
      else if (b === 0x80 || b === 0xff) codes.push(0xfffd);
      else if (i + 1 < bytes.length) codes.push(this.pair(b, bytes[++i] as number));
      else this.pendingLead = b;
      if (codes.length >= 8192) {
        out += String.fromCharCode(...codes);
        codes.length = 0;
      }
    }
    if (options.stream !== true && this.pendingLead !== -1) {
      codes.push(0xfffd);
      this.pendingLead = -1;
    }
    return out + String.fromCharCode(...codes);
  }

  private pair(lead: number, trail: number): number {
    return (table as Uint16Array)[(lead << 8) | trail] || 0xfffd;
  }
}
