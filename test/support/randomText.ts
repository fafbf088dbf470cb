/** Seeded random short texts drawn from an alphabet of characters (or short sequences), for tests that compare a fast text path with Intl.Segmenter on many strings. */
import { Random } from '../../core/random.ts';

/** `count` texts of 1 to `maxLength` picks from `alphabet`, the same for the same `seed`; `random` is handed on for other draws in the same order. */
export function* randomTexts(o: {
  alphabet: readonly string[] | string;
  seed: number;
  count: number;
  maxLength: number;
}): Generator<{ text: string; random: Random }> {
  const random = new Random(o.seed);
  const { alphabet } = o;
  for (let n = 0; n < o.count; n++) {
    let text = '';
    const length = 1 + Math.floor(random.next() * o.maxLength);
    for (let k = 0; k < length; k++) text += alphabet[Math.floor(random.next() * alphabet.length)];
    yield { text, random };
  }
}
