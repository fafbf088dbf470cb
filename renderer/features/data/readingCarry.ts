/** Which of the previous file's reading fixes carry over to a newly chosen file: all of them when the new file has the same format, none otherwise, and a note saying which. */
import type { Inspection, ReadOptions } from '../../../core/data/index.ts';
import type { LoadedDataset } from '../../app/store.ts';

/** What happened to the previous file's fixes (shown in the reading panel). */
export interface ReadingCarryNote {
  /** The file the fixes were made for. */
  fromFile: string;
  /** Options applied to the new file as well. */
  kept: (keyof ReadOptions)[];
  /** Options that do not apply to the new file and were left to its own guesses. */
  dropped: (keyof ReadOptions)[];
}

/**
 * The fixes of `previous` to apply to a new file first inspected as `next`, or null when the
 * previous file had none. A file of the same format (say, this month's export of last month's
 * CSV) keeps every fix; a file of another format keeps none, since a delimiter, header or
 * encoding chosen for one kind of file says nothing about another.
 */
export function carryReading(
  previous: Pick<LoadedDataset, 'reading' | 'inspection'>,
  next: Pick<Inspection, 'format'>,
): { reading: ReadOptions; kept: (keyof ReadOptions)[]; note: ReadingCarryNote } | null {
  const keys = (Object.keys(previous.reading) as (keyof ReadOptions)[]).filter(
    (k) => previous.reading[k] !== undefined,
  );
  if (keys.length === 0) return null;
  const same = previous.inspection.format === next.format;
  const kept = same ? keys : [];
  const dropped = same ? [] : keys;
  return {
    reading: same ? structuredClone(previous.reading) : {},
    kept,
    note: { fromFile: previous.inspection.fileName, kept, dropped },
  };
}
