/** Tests that the English and Korean message files stay in step. */
import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import ko from './ko.json' with { type: 'json' };

/** Flattens nested messages into `a.b.c` keys with their string values. */
function flatten(messages: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of flatten(value, path)) out.set(k, v);
    } else
      throw new Error(`messages: '${path}' must be a string or an object, got ${typeof value}.`);
  }
  return out;
}

/** The `{{name}}` placeholders a message uses, sorted. */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string).sort();
}

const enKeys = flatten(en);
const koKeys = flatten(ko);

describe('message files', () => {
  it('every English key has a Korean message', () => {
    expect([...enKeys.keys()].filter((k) => !koKeys.has(k))).toEqual([]);
  });

  it('every Korean key has an English message', () => {
    expect([...koKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('both languages use the same placeholders in each message', () => {
    const mismatched = [...enKeys].filter(
      ([key, value]) => placeholders(value).join() !== placeholders(koKeys.get(key) ?? '').join(),
    );
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('no message is empty', () => {
    const empty = [...enKeys, ...koKeys].filter(([, value]) => value.trim() === '');
    expect(empty.map(([key]) => key)).toEqual([]);
  });

  it('the Korean section names are in Korean', () => {
    expect(koKeys.get('sections.data.title')).toBe('데이터');
    expect(koKeys.get('sections.try.title')).toBe('체험');
  });
});
