/** Tests of arrow-key movement in the attention matrix. */
import { describe, expect, it } from 'vitest';
import { moveCell } from './gridFocus.ts';

const size = { rows: 3, cols: 4 };

describe('moveCell', () => {
  it('activates the top-left cell on the first arrow key', () => {
    expect(moveCell(null, 'ArrowDown', size)).toEqual([0, 0]);
  });

  it('moves one cell per arrow and stops at the edges', () => {
    expect(moveCell([1, 1], 'ArrowRight', size)).toEqual([1, 2]);
    expect(moveCell([1, 1], 'ArrowUp', size)).toEqual([0, 1]);
    expect(moveCell([0, 0], 'ArrowUp', size)).toEqual([0, 0]);
    expect(moveCell([2, 3], 'ArrowRight', size)).toEqual([2, 3]);
    expect(moveCell([2, 3], 'ArrowDown', size)).toEqual([2, 3]);
  });

  it('goes to the row ends with Home and End', () => {
    expect(moveCell([2, 1], 'Home', size)).toEqual([2, 0]);
    expect(moveCell([2, 1], 'End', size)).toEqual([2, 3]);
  });

  it('lets other keys through and ignores an empty grid', () => {
    expect(moveCell([1, 1], 'Tab', size)).toBeNull();
    expect(moveCell(null, 'ArrowDown', { rows: 0, cols: 4 })).toBeNull();
  });
});
