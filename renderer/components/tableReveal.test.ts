/** Tests of revealScrollLeft: a column in view stays put, one off to the right or left scrolls just enough. */
import { describe, expect, it } from 'vitest';
import { revealScrollLeft } from './tableReveal.ts';

const widths = [100, 400, 400, 90];

describe('revealScrollLeft', () => {
  it('keeps the scroll when the column is in view', () => {
    expect(revealScrollLeft({ widths, index: 0, lead: 64, scrollLeft: 0, viewWidth: 600 })).toBe(0);
  });

  it('scrolls a column off to the right just into view (a label after two long text columns)', () => {
    // Column 3 spans 964..1054: the view must end at 1054.
    expect(revealScrollLeft({ widths, index: 3, lead: 64, scrollLeft: 0, viewWidth: 600 })).toBe(
      454,
    );
  });

  it('scrolls back to a column hidden on the left, back to the row numbers for the first', () => {
    expect(revealScrollLeft({ widths, index: 0, lead: 64, scrollLeft: 454, viewWidth: 600 })).toBe(
      0,
    );
    // A column wider than the view shows from its left edge.
    expect(revealScrollLeft({ widths, index: 2, lead: 64, scrollLeft: 0, viewWidth: 400 })).toBe(
      564,
    );
  });

  it('ignores a column that is not there', () => {
    expect(revealScrollLeft({ widths, index: 9, lead: 64, scrollLeft: 7, viewWidth: 600 })).toBe(7);
  });
});
