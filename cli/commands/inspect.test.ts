/** Tests of what `rnn-studio inspect` offers to choose: the sheets of a workbook, the JSON paths that hold records and a CoNLL-like file's columns, each with the flag that chooses it, and the choice taken. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils, write } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../test/support/captureIo.ts';
import { inspectCommand } from './inspect.ts';

/** Writes `content` as `name` in a fresh folder and returns its path. */
function file(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rnn-inspect-choices-')), name);
  writeFileSync(path, content);
  return path;
}

async function inspect(argv: string[]): Promise<string[]> {
  const io = captureIo();
  expect(await inspectCommand(argv, io)).toBe(0);
  expect(io.err).toBe('');
  return io.out.split('\n');
}

describe('inspect offers the choices a file has', () => {
  it('lists the JSON paths with records and reads the one chosen', async () => {
    const doc = { stores: [{ city: 'A', reviews: [{ text: 'x' }, { text: 'y' }] }] };
    const path = file('stores.json', JSON.stringify(doc));
    expect(await inspect([path])).toContain(
      "JSON paths with records: 'stores' (1), 'stores.reviews' (2) (reading 'stores'; choose with --json-path PATH)",
    );
    const chosen = await inspect([path, '--json-path', 'stores.reviews']);
    expect(chosen).toContain('2 rows');
    expect(chosen).toContain('  jsonPath "stores.reviews" (given)');
  });

  it('lists the sheets of a workbook and reads the one chosen', async () => {
    const book = utils.book_new();
    utils.book_append_sheet(
      book,
      utils.aoa_to_sheet([
        ['a', 'b'],
        ['1', '2'],
        ['3', '4'],
      ]),
      'Big',
    );
    utils.book_append_sheet(book, utils.aoa_to_sheet([['text'], ['hello']]), 'Small');
    const path = file('book.xlsx', write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array);
    expect(await inspect([path])).toContain(
      "sheets: 'Big', 'Small' (reading 'Big'; choose with --sheet NAME)",
    );
    const small = await inspect([path, '--sheet', 'Small']);
    expect(small).toContain('1 rows');
    expect(small).toContain("sheets: 'Big', 'Small' (reading 'Small'; choose with --sheet NAME)");
  });

  it('shows a CoNLL-like file’s columns counted from 1, as the flags take them', async () => {
    const path = file('pos.txt', '% a\n1 the DET\n2 dog NOUN\n\n% b\n1 cats NOUN\n');
    const argv = [path, '--token-column', '2', '--tag-column', '3', '--comment-prefix', '%'];
    const lines = await inspect(argv);
    expect(lines[1]).toMatch(/^2 sentences, 3 tokens/);
    expect(lines).toContain(
      'CoNLL columns: 3 fields, tokens in column 2, tags in column 3 (choose with --token-column N --tag-column N [--comment-prefix P])',
    );
  });
});
