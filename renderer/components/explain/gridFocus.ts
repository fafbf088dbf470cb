/** Arrow-key movement of the active cell in a grid (the attention matrix), clamped to its edges. */

/**
 * The cell after pressing `key` in a `rows × cols` grid: arrows move one cell, Home/End go to the
 * row's ends; the first key press on a grid without an active cell activates the top-left cell.
 * @returns the new [row, col], or null when the key does not move the cell (let it through).
 */
export function moveCell(
  active: readonly [number, number] | null,
  key: string,
  size: { rows: number; cols: number },
): [number, number] | null {
  const moves: Record<string, [number, number]> = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
  };
  if (size.rows === 0 || size.cols === 0) return null;
  if (!(key in moves) && key !== 'Home' && key !== 'End') return null;
  if (active === null) return [0, 0];
  const [r, c] = active;
  if (key === 'Home') return [r, 0];
  if (key === 'End') return [r, size.cols - 1];
  const [dr, dc] = moves[key] as [number, number];
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  return [clamp(r + dr, size.rows), clamp(c + dc, size.cols)];
}
