/** Tests of the preview builder on real files: whole files, cut files, tag files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectBytes } from '../../../core/data/index.ts';
import { buildPreview } from './preview.ts';

const dataDir = join(fileURLToPath(new URL('../../..', import.meta.url)), '..', 'shared', 'data');
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(join(dataDir, path)));

describe('buildPreview', () => {
  it('holds every row of a whole TSV under its header', async () => {
    const bytes = read('nsmc-sample/nsmc_sample_10k.txt');
    const inspection = await inspectBytes(bytes, { fileName: 'nsmc_sample_10k.txt' });
    const preview = buildPreview(bytes, inspection, { complete: true });
    expect(preview.columns).toEqual(['id', 'document', 'label']);
    expect(preview.rows).toHaveLength(inspection.rows);
    expect(preview.rows[0]).toEqual([
      '5344533',
      '사실적이고 심리묘사도 뛰어나고 어렵지만 보고나서 여운이 깊은 영화',
      '1',
    ]);
    expect(preview.complete).toBe(true);
  });

  it('keeps only whole lines of a file cut short', async () => {
    const bytes = read('seattle-weather/seattle-weather.csv');
    const inspection = await inspectBytes(bytes, { fileName: 'seattle-weather.csv' });
    const preview = buildPreview(bytes.subarray(0, 200), inspection, { complete: false });
    expect(preview.complete).toBe(false);
    expect(preview.rows.every((r) => r.length === 6)).toBe(true);
    expect(preview.rows.length).toBeGreaterThan(0);
    expect(preview.rows.length).toBeLessThan(6);
  });

  it('shows one sentence per row for CoNLL-U', async () => {
    const bytes = read('ud-english-ewt/en_ewt-ud-dev.conllu');
    const inspection = await inspectBytes(bytes, { fileName: 'en_ewt-ud-dev.conllu' });
    const preview = buildPreview(bytes, inspection, { complete: true });
    expect(preview.columns).toEqual(['form', 'upos']);
    expect(preview.rows).toHaveLength(inspection.rows);
    const [tokens, tags] = preview.rows[0] as [string, string];
    expect(tokens.split(' ')).toHaveLength(tags.split(' ').length);
  });
});
