/** Korean mode shows no English after training: Data, Model, Train, Evaluate and Try of a project of each task, the first screen with its recipes and gallery, and the error panels of the bad-file corpus (with screenshots); koreanMode.e2e.test.ts checks the empty sections. Words are checked against an allow-list with a reason per entry. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type E2eEnvironment, openApp, screenshotDir, startE2e } from './helpers.ts';
import { KOREAN_ALLOWED as ALLOWED } from './koreanAllowList.ts';

let env: E2eEnvironment;
let dir: string;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
  dir = await mkdtemp(join(tmpdir(), 'rnn-korean-'));
});

afterAll(async () => {
  await env?.close();
});

/** Where a visible Latin word was found. */
interface Found {
  word: string;
  where: string;
}

/**
 * The Latin words visible in the page's app (text and placeholders) outside elements marked as
 * the user's data (`skip` selectors), with the nearest test id or class as where.
 */
async function visibleLatinWords(
  page: Page,
  within: string,
  skip: readonly string[],
): Promise<Found[]> {
  return page.evaluate(
    ([rootSelector, skipSelectors]) => {
      const out: { word: string; where: string }[] = [];
      const root = document.querySelector(rootSelector) ?? document.body;
      const skipped = (el: Element) => skipSelectors.some((s) => el.closest(s) !== null);
      const where = (el: Element) => {
        const marked = el.closest('[data-testid]');
        return marked?.getAttribute('data-testid') ?? el.className.toString();
      };
      const add = (text: string, el: Element) => {
        for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9_]*/g))
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
    },
    [within, skip] as const,
  );
}

/** The visible English words not allowed, by where they are (`fromFile`: words of the file's own names and text). */
async function englishOnPage(
  page: Page,
  fromFile: readonly string[],
  o: { within?: string; skip?: readonly string[] } = {},
): Promise<string[]> {
  const own = new Set(fromFile.flatMap((s) => s.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []));
  const found = await visibleLatinWords(page, o.within ?? '.app', o.skip ?? []);
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

/** Elements that show the user's data as it is in the file (cells, example texts, predictions of its tokens). */
const DATA_REGIONS = [
  '[data-testid="preview-table"]',
  // PyTorch code and tensor shapes (nn.Embedding(…, padding_idx=0), output (L, N, 2·H)), as the
  // user writes them in train.py.
  'code',
];

/** One task's walk through the five sections. */
interface TaskWalk {
  /** A bundled sample's id, or a file the test writes (name and text). */
  sample?: string;
  file?: { name: string; text: string; task?: RegExp };
  /** The file's column names and values the sections may show (they are the user's). */
  fromFile: readonly string[];
  /** What Try's text box gets before one prediction (none: the demo predicts from the data, as forecast does). */
  tryText?: string;
}

const WALKS: Record<string, TaskWalk> = {
  forecast: {
    sample: 'seattle-weather',
    fromFile: ['date precipitation temp_max temp_min wind weather drizzle rain sun snow fog'],
  },
  classify: {
    sample: 'nsmc-reviews-1k',
    fromFile: ['id document label'],
    tryText: '정말 재미있는 영화였어요',
  },
  tag: {
    file: { name: 'tags.conllu', text: conll(), task: /태깅/ },
    // form and upos: the CoNLL-U fields the file's columns are, named as the format names them.
    fromFile: ['tags.conllu NOUN VERB root form upos'],
    tryText: '고양이 책 읽다',
  },
  seq2seq: {
    file: { name: 'pairs.tsv', text: pairs(), task: /시퀀스/ },
    fromFile: ['pairs.tsv source target'],
    tryText: '안녕 3',
  },
  generate: {
    file: { name: 'story.txt', text: story(), task: /생성/ },
    fromFile: ['story.txt'],
    tryText: '오늘은',
  },
};

/** Korean sentences, one a line, for a language model. */
function story(): string {
  const lines = ['오늘은 날씨가 맑다', '고양이가 책 위에서 잔다', '우리는 공원에 간다'];
  return Array.from({ length: 150 }, (_, i) => lines[i % 3]).join('\n');
}

/** A small CoNLL-U file of Korean words and two part-of-speech tags. */
function conll(): string {
  const words = ['고양이', '먹다', '사람', '가다', '책', '읽다'];
  const tag = (k: number) => (k % 2 === 0 ? 'NOUN' : 'VERB');
  return Array.from({ length: 120 }, (_, i) =>
    [0, 1, 2]
      .map((k) => `${k + 1}\t${words[(i + k) % 6]}\t_\t${tag(i + k)}\t_\t_\t0\troot\t_\t_`)
      .join('\n'),
  ).join('\n\n');
}

/** Korean question/answer pairs with a header. */
function pairs(): string {
  const rows = Array.from({ length: 120 }, (_, i) => `안녕 ${i % 7}\t반가워 ${i % 7}`);
  return `source\ttarget\n${rows.join('\n')}\n`;
}

/** Walks Data → Model → Train (a tiny model, one epoch) → Evaluate → Try, collecting English per section. */
async function walkSections(page: Page, walk: TaskWalk): Promise<Record<string, string[]>> {
  const english: Record<string, string[]> = {};
  const check = async (section: string) => {
    const words = await englishOnPage(page, walk.fromFile, { skip: DATA_REGIONS });
    if (words.length > 0) english[section] = words;
  };
  if (walk.sample !== undefined) await page.getByTestId(`sample-${walk.sample}`).click();
  if (walk.file !== undefined) {
    const path = join(dir, walk.file.name);
    await writeFile(path, `${walk.file.text}\n`);
    await page.getByTestId('dataset-file-input').setInputFiles(path);
  }
  await page.getByTestId('dataset-name').waitFor();
  if (walk.file?.task !== undefined) {
    const radio = page.getByRole('radio', { name: walk.file.task });
    if (!(await radio.isChecked())) await radio.check();
  }
  await check('data');
  await page.getByTestId('next-model').click();
  await page.getByTestId('encoder-hidden').fill('8');
  if ((await page.getByTestId('decoder-hidden').count()) > 0)
    await page.getByTestId('decoder-hidden').fill('8');
  if ((await page.getByTestId('embedding-dim').count()) > 0)
    await page.getByTestId('embedding-dim').fill('8');
  await check('model');
  await page.getByTestId('next-train').click();
  await page.getByTestId('train-epochs').fill('1');
  await check('train (settings)');
  await page.getByTestId('start-training').click();
  await expect
    .poll(() => page.getByTestId('run-state').textContent(), { timeout: 240_000, interval: 500 })
    .toBe('완료');
  await check('train (finished)');
  await page.getByTestId('next-evaluate').click();
  await page.getByTestId('metrics-table').waitFor({ timeout: 120_000 });
  await check('evaluate');
  await page.getByTestId('next-try').click();
  await page.getByTestId('try-model-name').waitFor();
  await predictOnce(page, walk.tryText);
  await check('try');
  return english;
}

/** Runs one prediction in Try and waits for its answer (a result or a chat answer; a failed prediction times out). */
async function predictOnce(page: Page, text: string | undefined): Promise<void> {
  if (text !== undefined) await page.getByTestId('try-text').fill(text);
  await page.getByTestId('try-predict').click();
  const answered = page.locator(
    '[data-testid="try-result"]:not(:empty), [data-testid="chat-answer"]',
  );
  await answered.first().waitFor({ timeout: 60_000 });
}

describe('Korean mode shows no English', () => {
  for (const [task, walk] of Object.entries(WALKS)) {
    it(`in every section of a ${task} project`, async () => {
      const { context, page, problems } = await openApp(env, {
        colorScheme: 'light',
        locale: 'ko-KR',
      });
      expect(await walkSections(page, walk)).toEqual({});
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('on every error panel of the bad-file corpus', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'ko-KR',
    });
    const english: Record<string, string[]> = {};
    for (const bad of BAD_FILES) {
      const path = join(dir, bad.name);
      await writeFile(path, bad.bytes);
      await page.getByTestId('dataset-file-input').setInputFiles(path);
      const panel = page.getByTestId('import-error');
      await panel.waitFor();
      const message = await page.getByTestId('import-error-message').textContent();
      expect(message, bad.name).toContain(bad.name);
      expect(await page.getByTestId('import-error-message').getAttribute('lang')).toBeNull();
      // The file's own text counts as its names (a header line quoted back to the user).
      const own = [bad.name, new TextDecoder().decode(bad.bytes)];
      const words = await englishOnPage(page, own, { within: '[data-testid="import-error"]' });
      if (words.length > 0) english[bad.name] = words;
      const shot = SHOTS[bad.name];
      if (shot !== undefined) {
        await page.evaluate(() => document.fonts.ready);
        await panel.screenshot({ path: join(screenshotDir, shot) });
      }
      await page.getByRole('button', { name: '다른 파일 선택' }).click();
      await panel.waitFor({ state: 'detached' });
    }
    expect(english).toEqual({});
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on the first screen (the file picker, samples, recipes and gallery)', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'ko-KR',
    });
    await page.getByTestId('dataset-file-input').waitFor({ state: 'attached' });
    expect(await englishOnPage(page, [])).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
