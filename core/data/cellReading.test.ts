/** Tests of cell normalisation: missing codes and number notations rewritten, text left alone. */
import { describe, expect, it } from 'vitest';
import { cellNormaliser } from './cellReading.ts';

describe('cellNormaliser', () => {
  it('is null when the options ask for nothing (cells are read as written)', () => {
    expect(cellNormaliser({})).toBeNull();
    expect(cellNormaliser({ decimal: '.', thousands: ',' })).toBeNull();
  });

  it('rewrites decimal commas and dotted thousands, and leaves text and dates alone', () => {
    const n = cellNormaliser({ decimal: ',' }) as NonNullable<ReturnType<typeof cellNormaliser>>;
    expect(n(['3,14', '1.234.567,5', '-0,5', ',5', '12', 'a,b', '31.01.2020', '1.5'])).toEqual([
      '3.14',
      '1234567.5',
      '-0.5',
      '.5',
      '12',
      'a,b',
      '31.01.2020',
      '1.5',
    ]);
  });

  it('removes apostrophe and space thousands separators with a decimal point', () => {
    const n = cellNormaliser({ thousands: "'" }) as NonNullable<ReturnType<typeof cellNormaliser>>;
    expect(n(["1'234'567.25", "12'34"])).toEqual(['1234567.25', "12'34"]);
    const s = cellNormaliser({ thousands: ' ' }) as NonNullable<ReturnType<typeof cellNormaliser>>;
    expect(s(['1 234', 'New York'])).toEqual(['1234', 'New York']);
  });

  it('turns missing codes into empty cells, compared after trimming', () => {
    const n = cellNormaliser({ missingCodes: ['-999', 'n.d.'] }) as NonNullable<
      ReturnType<typeof cellNormaliser>
    >;
    expect(n([' -999', 'n.d.', '-9990', 'nd'])).toEqual(['', '', '-9990', 'nd']);
  });
});
