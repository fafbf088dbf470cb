/** JSON from untrusted files: a nesting-depth check that runs before `JSON.parse`, so deeply nested input ends in a one-line error instead of a stack overflow later (stringify, structuredClone, recursive walks). */

/** The deepest nesting of arrays and objects RNN Studio reads in any JSON it did not write itself. */
export const MAX_JSON_DEPTH = 64;

/**
 * Where `text` first nests arrays/objects deeper than `maxDepth`, as a character offset, or -1 when
 * it never does. Brackets inside strings do not count. Linear in the text, no recursion.
 */
export function jsonDepthOverflow(text: string, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/**
 * `JSON.parse` after the depth check.
 * @throws SyntaxError for text that is not JSON or nests deeper than `maxDepth` (the message says which).
 */
export function parseJsonLimited(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const at = jsonDepthOverflow(text, maxDepth);
  if (at >= 0) {
    throw new SyntaxError(
      `JSON must nest at most ${maxDepth} levels deep, got deeper at character ${at + 1}`,
    );
  }
  return JSON.parse(text);
}
