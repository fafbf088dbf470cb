/** Where a wide table scrolls so a chosen column is in view (the preview's label or target column). */

/**
 * The `scrollLeft` that shows column `index` (widths in pixels, after the row-number column of
 * `lead` pixels): unchanged when the column is already fully visible, else the least scroll that
 * brings it in (its left edge first when it is wider than the view or hidden on the left; the
 * first column scrolls back to the row numbers).
 */
export function revealScrollLeft(o: {
  widths: readonly number[];
  index: number;
  lead: number;
  scrollLeft: number;
  viewWidth: number;
}): number {
  const { widths, index, lead, scrollLeft, viewWidth } = o;
  if (index < 0 || index >= widths.length) return scrollLeft;
  let left = lead;
  for (let i = 0; i < index; i++) left += widths[i] as number;
  const right = left + (widths[index] as number);
  if (left >= scrollLeft && right <= scrollLeft + viewWidth) return scrollLeft;
  if (right - left > viewWidth || left < scrollLeft) return index === 0 ? 0 : left;
  return right - viewWidth;
}
