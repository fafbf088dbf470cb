/** Colours of tags in the tagger demo: one hue per entity type or part of speech, the same every time, and when a tag's confidence is drawn as uncertain. */

/** The entity type of an IOB tag ('B-PER' → 'PER'), the tag itself for POS tags, null for 'O'. */
export function tagGroup(tag: string): string | null {
  if (tag === 'O' || tag === '') return null;
  const m = /^[BIES]-(.+)$/.exec(tag);
  return m === null ? tag : (m[1] as string);
}

/** A stable hue in [0, 360) for a tag group (FNV-1a hash of its name). */
export function hueOf(group: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < group.length; i++) {
    h ^= group.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 36) * 10;
}

/** Confidence below which a tag is drawn as uncertain: the model gave the tag less than even odds. */
export const UNCERTAIN_BELOW = 0.5;

/** Whether a tag's confidence (its softmax probability) is drawn as uncertain. */
export function isUncertain(confidence: number): boolean {
  return confidence < UNCERTAIN_BELOW;
}
