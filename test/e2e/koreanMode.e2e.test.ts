/** End-to-end, Korean mode: no English visible on the error panel of any file of the bad-file corpus, on the five sections before data is chosen, nor on Data and Model with a file of each task (forecast, classify, tag, seq2seq); the allow-list of Latin-script words (koreanAllowList.ts, shared with koreanText) and the skipped elements below say why each may appear. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type E2eEnvironment, openApp, sharedDataDir, startE2e } from './helpers.ts';
import { unexplainedEnglish, visibleText } from './koreanAllowList.ts';

let env: E2eEnvironment;
let dir: string;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
  dir = await mkdtemp(join(tmpdir(), 'rnn-e2e-ko-'));
});

afterAll(async () => {
  await env?.close();
});

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The bad-file corpus (as test/data/badFiles.test.ts builds it) the importer refuses. */
const BAD_FILES: [string, Uint8Array][] = [
  ['empty.csv', new Uint8Array(0)],
  ['header.csv', utf8('date,open,close\n')],
  [
    'ragged.csv',
    utf8(
      [
        'a,b,c',
        ...Array.from({ length: 40 }, (_, i) => (i % 6 === 5 ? `${i},${i}` : `${i},${i},${i}`)),
      ].join('\n'),
    ),
  ],
  ['bad.csv', utf8('a,b\n1,2\n3\n4,5,6\n')],
  [
    'bad.conllu',
    utf8(
      '# sent_id = 1\n1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n2\tdog\tdog\tNOUN\tNN\t_\t0\troot\t_\t_\n\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\n\n',
    ),
  ],
  ['ner.tsv', utf8(`${'John\tB-PER\nlives\tO\nhere\tO\n\n'.repeat(5)}Paris\tB-LOC\textra\n\n`)],
  [
    'photo.csv',
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]),
  ],
];

/**
 * Latin-letter words shown in `where`, leaving out the file's name and anything quoted ('…' holds
 * the file's own column names and values).
 */
async function englishIn(where: Locator, fileName: string): Promise<string[]> {
  // biome-ignore lint/performance/useDomNodeTextContent: only the text a user sees counts.
  const text = (await where.innerText()).replace(/‘[^’]*’/g, '');
  return unexplainedEnglish(text, [fileName]);
}

/** Elements left out of the sections check, each with its reason. */
const SKIPPED: Record<string, string> = {
  'code, pre': 'code: module names, shapes and parameter names as PyTorch writes them',
};
const CODE = Object.keys(SKIPPED).join(', ');

/** The file's own content: the preview's cells and the chart of its values. */
const FILE_CONTENT = 'table td, .preview td';

/**
 * Latin-letter words in `selector`'s visible text once the elements matching `skip` and the
 * `names` (the file's name and column names: the file's own words) are left out.
 */
async function englishOutside(
  page: Page,
  selector: string,
  skip: string,
  names: readonly string[] = [],
): Promise<string[]> {
  const text = await visibleText(page.locator(selector).first(), skip);
  if (!/[가-힣]/.test(text))
    throw new Error(
      `englishOutside: '${selector}' must show Korean text, got '${text.slice(0, 80)}'.`,
    );
  return unexplainedEnglish(text, names);
}

describe('Korean mode', () => {
  it('shows no English on the error panel of any file of the bad-file corpus', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'ko-KR',
    });
    const found: Record<string, string[]> = {};
    for (const [name, bytes] of BAD_FILES) {
      const path = join(dir, name);
      await writeFile(path, bytes);
      await page.getByTestId('dataset-file-input').setInputFiles(path);
      const panel = page.getByTestId('import-error');
      await panel.waitFor();
      const english = await englishIn(panel, name);
      if (english.length > 0) found[name] = english;
      await page.getByRole('button', { name: '다른 파일 선택' }).click();
      await expect.poll(() => panel.count()).toBe(0);
    }
    expect(found).toEqual({});
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows no English on any of the five sections before data is chosen', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'ko-KR',
    });
    const found: Record<string, string[]> = {};
    for (const section of ['데이터', '모델', '학습', '평가', '체험']) {
      await page.getByRole('tab', { name: section }).click();
      await page.getByRole('tab', { name: section, selected: true }).waitFor();
      // Code (module names, shapes, parameter names) is allowed: it is code, not prose.
      const english = await englishOutside(page, '.app__main', CODE);
      if (english.length > 0) found[section] = english;
    }
    expect(found).toEqual({});
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows no English on Data and Model for a file of every task', async () => {
    // Each file with its own words (file name, column names; CoNLL-U's field names) and the task radio to pick.
    const files: { task: string; file: string; own: string[]; radio?: RegExp }[] = [
      {
        task: 'forecast',
        file: join(sharedDataDir, 'seattle-weather', 'seattle-weather.csv'),
        own: [
          'seattle-weather.csv',
          'temp_max',
          'temp_min',
          'precipitation',
          'wind',
          'weather',
          'date',
        ],
      },
      {
        task: 'classify',
        file: join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'),
        own: ['nsmc_sample_10k.txt', 'document', 'label', 'id'],
      },
      {
        task: 'tag',
        file: join(sharedDataDir, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'),
        own: ['en_ewt-ud-dev.conllu', 'form', 'upos', 'xpos'],
      },
      {
        task: 'seq2seq',
        file: join(sharedDataDir, 'tatoeba-kor-eng', 'kor.txt'),
        own: ['kor.txt'],
        radio: /시퀀스/,
      },
    ];
    const found: Record<string, string[]> = {};
    for (const { task, file, own, radio } of files) {
      const { context, page, problems } = await openApp(env, {
        colorScheme: 'light',
        locale: 'ko-KR',
      });
      await page.getByTestId('dataset-file-input').setInputFiles(file);
      await page.getByTestId('dataset-name').waitFor();
      if (radio !== undefined) await page.getByRole('radio', { name: radio }).first().check();
      const data = await englishOutside(page, '.app__main', `${CODE}, ${FILE_CONTENT}`, own);
      if (data.length > 0) found[`${task} data`] = data;
      await page.getByRole('tab', { name: '모델' }).click();
      await page.getByRole('tab', { name: '모델', selected: true }).waitFor();
      const model = await englishOutside(page, '.app__main', `${CODE}, ${FILE_CONTENT}`, own);
      if (model.length > 0) found[`${task} model`] = model;
      expect(problems).toEqual([]);
      await context.close();
    }
    expect(found).toEqual({});
  });
});
