/** Korean mode shows no English: every error panel of the bad-file corpus and every section of each task, checked word by word against an allow-list that gives a reason for each entry. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type E2eEnvironment, openApp, screenshot, startE2e } from './helpers.ts';

let env: E2eEnvironment;
let dir: string;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
  dir = await mkdtemp(join(tmpdir(), 'rnn-korean-'));
});

afterAll(async () => {
  await env?.close();
});

/** Latin words a Korean user may see, each with why it stays as it is. */
const ALLOWED: Record<string, string> = {
  RNN: 'the product name (RNN Studio) and the model family',
  Studio: 'the product name (RNN Studio)',
  CSV: 'a file format, written the same in Korean',
  TSV: 'a file format',
  JSONL: 'a file format',
  JSON: 'a file format',
  CoNLL: 'a file format',
  YAML: 'a file format',
  Excel: 'a program name',
  xlsx: 'a file extension',
  Parquet: 'a file format',
  UTF: 'an encoding name (UTF-8)',
  CP: 'an encoding name (CP949)',
  KB: 'a size unit',
  MB: 'a size unit',
  GB: 'a size unit',
  CC: 'a licence name (CC0, CC BY)',
  BY: 'a licence name (CC BY 4.0)',
  FR: 'a licence name (CC BY 2.0 FR)',
  SA: 'a licence name (CC BY-SA)',
  MIT: 'a licence name',
  BSD: 'a licence name (BSD-3-Clause)',
  Clause: 'a licence name (BSD-3-Clause)',
  PDDL: 'a licence name',
  LSTM: 'a layer type, as PyTorch names it (nn.LSTM)',
  GRU: 'a layer type (nn.GRU)',
  nn: 'PyTorch code identifiers (nn.LSTM)',
  PyTorch: 'a library name',
  Adam: 'an optimizer name, as PyTorch names it',
  AdamW: 'an optimizer name',
  SGD: 'an optimizer name',
  BLEU: 'a metric name',
  MAE: 'a metric abbreviation',
  RMSE: 'a metric abbreviation',
  MAPE: 'a metric abbreviation',
  sMAPE: 'a metric abbreviation',
  MASE: 'a metric abbreviation',
  F: 'the F1 score',
  WebAssembly: 'a technology name in the trainer status',
  SIMD: 'a technology name in the trainer status',
  Wasm: 'a technology name in the trainer status',
  ms: 'a time unit',
  rnnmodel: 'a file extension (.rnnmodel)',
  ChatterBot: 'the name of the dialog corpus whose YAML layout the importer reads',
  conversations: "the YAML key a dialog file must have ('conversations:')",
  ID: 'the CoNLL-U field name',
};

/** Where a visible Latin word was found. */
interface Found {
  word: string;
  where: string;
}

/**
 * The Latin words visible in the page's app (text and placeholders) outside elements marked as
 * the user's data (`skip` selectors), with the nearest test id or class as where.
 */
async function visibleLatinWords(page: Page, skip: readonly string[]): Promise<Found[]> {
  return page.evaluate((skipSelectors) => {
    const out: { word: string; where: string }[] = [];
    const root = document.querySelector('.app') ?? document.body;
    const skipped = (el: Element) => skipSelectors.some((s) => el.closest(s) !== null);
    const where = (el: Element) => {
      const marked = el.closest('[data-testid]');
      return marked?.getAttribute('data-testid') ?? el.className.toString();
    };
    const add = (text: string, el: Element) => {
      for (const m of text.matchAll(/[A-Za-z][A-Za-z]*/g))
        out.push({ word: m[0], where: where(el) });
    };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const el = node.parentElement;
      if (el === null || skipped(el) || !el.checkVisibility()) continue;
      if (el.closest('svg') !== null && el.closest('.recharts-text') === null) continue;
      add(node.textContent ?? '', el);
    }
    for (const el of root.querySelectorAll('[placeholder]')) {
      if (!skipped(el) && el.checkVisibility()) add(el.getAttribute('placeholder') ?? '', el);
    }
    return out;
  }, skip);
}

/** The visible English words not allowed, by where they are (`fromFile`: words of the file's own names and text). */
async function englishOnPage(
  page: Page,
  fromFile: readonly string[],
  skip: readonly string[] = [],
): Promise<string[]> {
  const own = new Set(fromFile.flatMap((s) => s.match(/[A-Za-z]+/g) ?? []));
  const found = await visibleLatinWords(page, skip);
  const bad = found.filter((f) => !(f.word in ALLOWED) && !own.has(f.word));
  return [...new Set(bad.map((f) => `${f.word} (${f.where})`))];
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const ragged = [
  'a,b,c',
  ...Array.from({ length: 40 }, (_, i) => (i % 6 === 5 ? `${i},${i}` : `${i},${i},${i}`)),
];

/** The bad-file corpus: each file is refused with its own message. */
const BAD_FILES: { name: string; bytes: Uint8Array }[] = [
  { name: 'empty.csv', bytes: new Uint8Array(0) },
  { name: 'header.csv', bytes: utf8('date,open,close\n') },
  { name: 'ragged.csv', bytes: utf8(ragged.join('\n')) },
  { name: 'ragged.tsv', bytes: utf8('a\tb\n1\t2\n3\n4\t5\t6\n') },
  { name: 'binary.csv', bytes: new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0, 1, 2, 0, 3]) },
  { name: 'broken.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]) },
  { name: 'notes.yaml', bytes: utf8('title: notes\nitems:\n  - one\n  - two\n') },
  {
    name: 'tags.conllu',
    bytes: utf8('# sent_id = 1\n1\t나는\t나\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\t먹었다\tVERB\n\n'),
  },
];

/** Shots of a few panels for docs/screenshots. */
const SHOTS: Record<string, string> = {
  'ragged.csv': 'korean-error-ragged.png',
  'binary.csv': 'korean-error-binary.png',
  'header.csv': 'korean-error-header-only.png',
};

describe('Korean mode shows no English', () => {
  it('on every error panel of the bad-file corpus', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'ko-KR',
    });
    const english: Record<string, string[]> = {};
    for (const bad of BAD_FILES) {
      console.log(`koreanText: ${bad.name}`);
      const path = join(dir, bad.name);
      await writeFile(path, bad.bytes);
      await page.getByTestId('dataset-file-input').setInputFiles(path);
      const panel = page.getByTestId('import-error');
      await panel.waitFor();
      const message = await page.getByTestId('import-error-message').textContent();
      expect(message, bad.name).toContain(bad.name);
      expect(await page.getByTestId('import-error-message').getAttribute('lang')).toBeNull();
      const words = await englishOnPage(page, [bad.name], []);
      if (words.length > 0) english[bad.name] = words;
      if (SHOTS[bad.name] !== undefined) await screenshot(page, SHOTS[bad.name] as string);
      await page.getByRole('button', { name: '다른 파일 선택' }).click();
      await panel.waitFor({ state: 'detached' });
    }
    expect(english).toEqual({});
    expect(problems).toEqual([]);
    await context.close();
  });
});
