/** Each IPC channel name is spelled as a string literal in exactly one source file (electron/common/ipc/channels.ts); everything else names it through the constants, so a renamed channel cannot leave a stale copy. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../electron/common/ipc/channels.ts';
import { codeOnly } from './spreadCalls.ts';

const root = join(import.meta.dirname, '..', '..');
const FOLDERS = ['core', 'electron', 'renderer', 'cli', 'node', 'test', 'build', 'bin'];
const SKIP = new Set(['node_modules', 'out', 'dist', 'release', 'fixtures']);
const CHANNELS = [...Object.values(INVOKE_CHANNELS), ...Object.values(EVENT_CHANNELS)];

function sourceFiles(dir: string, out: string[] = []): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out; // NOTE: a folder of FOLDERS the checkout does not have.
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) sourceFiles(path, out);
    } else if (/\.(tsx?|mts|cts|mjs|cjs|js)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * The string literals of a source (quotes and templates, as written), comments and regular
 * expressions excluded: codeOnly blanks every literal's text, so each quote left in the code
 * opens a literal that the next same quote closes.
 */
function stringLiterals(text: string): Set<string> {
  const code = codeOnly(text);
  const found = new Set<string>();
  for (let i = 0; i < code.length; i++) {
    const quote = code[i] as string;
    if (quote !== "'" && quote !== '"' && quote !== '`') continue;
    const end = code.indexOf(quote, i + 1);
    if (end === -1) break;
    found.add(text.slice(i + 1, end));
    i = end;
  }
  return found;
}

/** For each channel, the files (by name) holding it as a whole string literal. */
function channelLiteralFiles(
  files: readonly { name: string; text: string }[],
  channels: readonly string[],
): Record<string, string[]> {
  const byChannel: Record<string, string[]> = Object.fromEntries(channels.map((c) => [c, []]));
  for (const { name, text } of files) {
    // NOTE: parsing only files that mention the prefix keeps the scan quick.
    if (!text.includes('studio:')) continue;
    const literals = stringLiterals(text);
    for (const channel of channels) if (literals.has(channel)) byChannel[channel]?.push(name);
  }
  return byChannel;
}

describe('IPC channel names', () => {
  it('are each spelled in exactly one source file, the contract', () => {
    const files = FOLDERS.flatMap((folder) => sourceFiles(join(root, folder))).map((path) => ({
      name: relative(root, path),
      text: readFileSync(path, 'utf8'),
    }));
    expect(files.length).toBeGreaterThan(100);
    const expected = Object.fromEntries(
      CHANNELS.map((c) => [c, ['electron/common/ipc/channels.ts']]),
    );
    expect(channelLiteralFiles(files, CHANNELS)).toEqual(expected);
  });

  it('are all distinct and carry the studio: prefix', () => {
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
    for (const channel of CHANNELS) expect(channel).toMatch(/^studio:[a-z]+(-[a-z]+)*$/);
  });
});

describe('channel literal check (positive control)', () => {
  it('counts a copied literal as a key, a value or a template, and not in comments or messages', () => {
    const files = [
      { name: 'contract.ts', text: "export const C = { a: 'studio:a', b: 'studio:b' };\n" },
      { name: 'key.ts', text: "export const h = { 'studio:a': () => 1 };\n" },
      { name: 'template.ts', text: 'export const t = `studio:b`;\n' },
      {
        name: 'prose.ts',
        text: "// sends 'studio:a'\n/** `studio:b` */\nexport const m = \"IPC 'studio:a': refused.\";\nconst r = /'studio:b'/;\n",
      },
    ];
    expect(channelLiteralFiles(files, ['studio:a', 'studio:b'])).toEqual({
      'studio:a': ['contract.ts', 'key.ts'],
      'studio:b': ['contract.ts', 'template.ts'],
    });
  });
});
