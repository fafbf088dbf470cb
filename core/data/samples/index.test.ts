/** Tests that the bundled samples are exact slices of the reference files and import as their stated task. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectBytes } from '../inspect.ts';
import { BUNDLED_SAMPLES, sampleBytes } from './index.ts';

const dataDir = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');

describe('bundled samples', () => {
  it('are byte-identical to the reference data (whole file or its first rows)', () => {
    const weather = readFileSync(join(dataDir, 'seattle-weather', 'seattle-weather.csv'), 'utf8');
    expect(BUNDLED_SAMPLES[0]?.text).toBe(weather);
    const nsmc = readFileSync(join(dataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'), 'utf8');
    expect(nsmc.startsWith(BUNDLED_SAMPLES[1]?.text as string)).toBe(true);
  });

  for (const sample of BUNDLED_SAMPLES) {
    it(`imports ${sample.id} as ${sample.task} with its stated roles`, async () => {
      const got = await inspectBytes(sampleBytes(sample), { fileName: sample.fileName });
      expect(got.suggestedTask).toBe(sample.task);
      expect(got.roles).toMatchObject(sample.roles);
    });
  }
});
