/** Tests of carrying reading fixes to a newly chosen file: kept for the same format, dropped (and said) for another. */
import { describe, expect, it } from 'vitest';
import type { Inspection } from '../../../core/data/index.ts';
import { carryReading } from './readingCarry.ts';

const previous = (format: Inspection['format']) => ({
  reading: { header: 'yes' as const, delimiter: ';', decimal: ',' as const },
  inspection: { fileName: 'jan.csv', format } as Inspection,
});

describe('carryReading', () => {
  it('keeps every fix for a file of the same format', () => {
    expect(carryReading(previous('csv'), { format: 'csv' })).toEqual({
      reading: { header: 'yes', delimiter: ';', decimal: ',' },
      kept: ['header', 'delimiter', 'decimal'],
      note: { fromFile: 'jan.csv', kept: ['header', 'delimiter', 'decimal'], dropped: [] },
    });
  });

  it('drops the fixes for a file of another format and says which', () => {
    expect(carryReading(previous('csv'), { format: 'jsonl' })).toEqual({
      reading: {},
      kept: [],
      note: { fromFile: 'jan.csv', kept: [], dropped: ['header', 'delimiter', 'decimal'] },
    });
  });

  it('has nothing to say when the previous file had no fixes', () => {
    const none = { reading: {}, inspection: { fileName: 'a.csv', format: 'csv' } as Inspection };
    expect(carryReading(none, { format: 'csv' })).toBeNull();
  });
});
