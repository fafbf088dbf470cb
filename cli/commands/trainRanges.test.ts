/** `rnn-studio train` offers a big forecast file's reading thread only where it can: one data file on the real file system, two threads allowed. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SeriesRanges } from '../../core/data/seriesRanges.ts';
import type { CliIo } from '../io.ts';
import { seriesRangesFor } from './train.ts';

const ranges: SeriesRanges = {
  read: () => ({ result: Promise.resolve({ ok: false, reason: 'unused' }), cancel: () => {} }),
};

/** An io whose second thread records what it was asked for. */
function recordingIo(asked: { path: string; early: boolean | undefined }[]): CliIo {
  return {
    seriesRanges: (path, options) => {
      asked.push({ path, early: options?.early });
      return ranges;
    },
  } as CliIo;
}

afterEach(() => vi.unstubAllEnvs());

describe('seriesRangesFor', () => {
  it('asks the io for the thread of the one data file, early when told', () => {
    vi.stubEnv('RNN_STUDIO_THREADS', '');
    const asked: { path: string; early: boolean | undefined }[] = [];
    expect(seriesRangesFor(recordingIo(asked), ['big.csv'], true)).toEqual({
      seriesRanges: ranges,
    });
    expect(asked).toEqual([{ path: 'big.csv', early: true }]);
  });

  it('offers none for a recipe’s joined files, with RNN_STUDIO_THREADS=1, or from an io without one', () => {
    const asked: { path: string; early: boolean | undefined }[] = [];
    expect(seriesRangesFor(recordingIo(asked), ['a.csv', 'b.csv'], false)).toEqual({});
    vi.stubEnv('RNN_STUDIO_THREADS', '1');
    expect(seriesRangesFor(recordingIo(asked), ['big.csv'], true)).toEqual({});
    expect(asked).toEqual([]);
    vi.stubEnv('RNN_STUDIO_THREADS', '2');
    expect(seriesRangesFor({} as CliIo, ['big.csv'], true)).toEqual({});
  });
});
