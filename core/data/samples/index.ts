/** The samples bundled with the app so a first run can train at once, offline, with their licences. */
import type { ColumnRoles, TaskKind } from '../roles.ts';
import { NSMC_REVIEWS_TSV } from './nsmcReviews.ts';
import { SEATTLE_WEATHER_CSV } from './seattleWeather.ts';

/** A bundled sample: the file's text and what to train on it. */
export interface BundledSample {
  id: string;
  title: string;
  /** The name the importer sees (it picks the format from the content). */
  fileName: string;
  task: TaskKind;
  roles: ColumnRoles;
  licence: { id: string; name: string; url: string; notice: string };
  text: string;
}

/** Every bundled sample; the first one is the default of a fresh install. */
export const BUNDLED_SAMPLES: readonly BundledSample[] = [
  {
    id: 'seattle-weather',
    title: 'Seattle daily weather 2012–2015',
    fileName: 'seattle-weather.csv',
    task: 'forecast',
    roles: { date: 'date', target: 'temp_max', features: ['precipitation', 'temp_min', 'wind'] },
    licence: {
      id: 'usgov',
      name: 'U.S. Government work (public domain)',
      url: 'https://www.usa.gov/government-works',
      notice:
        'NOAA National Climatic Data Center data, via the vega-datasets package (BSD-3-Clause).',
    },
    text: SEATTLE_WEATHER_CSV,
  },
  {
    id: 'nsmc-reviews-1k',
    title: 'Korean movie reviews, 1,000 (sentiment)',
    fileName: 'nsmc-reviews-1k.tsv',
    task: 'classify',
    roles: { text: 'document', label: 'label' },
    licence: {
      id: 'cc0',
      name: 'CC0 1.0',
      url: 'https://creativecommons.org/publicdomain/zero/1.0/',
      notice:
        'Naver Sentiment Movie Corpus v1.0 (Lucy Park), reviews sampled with its documented rule.',
    },
    text: NSMC_REVIEWS_TSV,
  },
];

/** The bytes of a sample, as the importer takes them. */
export function sampleBytes(sample: BundledSample): Uint8Array {
  // NOTE: TextEncoder exists in every host (ES2022 lib does not declare it, hence the cast).
  const Encoder = (
    globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } }
  ).TextEncoder;
  return new Encoder().encode(sample.text);
}
