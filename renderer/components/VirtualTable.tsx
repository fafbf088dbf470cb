/** A windowed table: only the rows in view (plus a few) are in the DOM, so 100,000 rows scroll smoothly. */
import './components.css';
import { type UIEvent, useEffect, useRef, useState } from 'react';
import { revealScrollLeft } from './tableReveal.ts';

export interface VirtualTableProps {
  /** Accessible name of the table. */
  label: string;
  columns: readonly string[];
  rowCount: number;
  /** The text of one cell. */
  cell: (row: number, column: number) => string;
  /** Height of a row in pixels (rows are one line; long cells are cut with an ellipsis). */
  rowHeight?: number;
  /** Height of the scrolling area in pixels. */
  height?: number;
  /** Width of each column in pixels (default 180). */
  columnWidths?: readonly number[];
  /** Columns to mark (the task's chosen columns), by index. */
  marked?: readonly number[];
  /** A column to scroll into view whenever it changes (e.g. the label column), by index. */
  reveal?: number;
  testId?: string;
}

/** Rows drawn above and below the visible ones, so fast scrolling does not show gaps. */
const OVERSCAN = 8;
const ROW_NUMBER_WIDTH = 64;

export function VirtualTable(props: VirtualTableProps) {
  const { label, columns, rowCount, cell, rowHeight = 30, height = 360, testId, reveal } = props;
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLElement>(null);
  const widths = columns.map((_, i) => props.columnWidths?.[i] ?? 180);
  const marked = new Set(props.marked ?? []);
  const widthKey = widths.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the column to show or the layout changes.
  useEffect(() => {
    const el = scroller.current;
    if (el === null || reveal === undefined) return;
    el.scrollLeft = revealScrollLeft({
      widths,
      index: reveal,
      lead: ROW_NUMBER_WIDTH,
      scrollLeft: el.scrollLeft,
      viewWidth: el.clientWidth,
    });
  }, [reveal, widthKey]);
  const totalWidth = ROW_NUMBER_WIDTH + widths.reduce((a, b) => a + b, 0);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(rowCount, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows: number[] = [];
  for (let r = first; r < last; r++) rows.push(r);
  const onScroll = (event: UIEvent<HTMLElement>): void =>
    setScrollTop(event.currentTarget.scrollTop);
  const template = `${ROW_NUMBER_WIDTH}px ${widths.map((w) => `${w}px`).join(' ')}`;

  return (
    <div className="vtable" data-testid={testId}>
      <section
        ref={scroller}
        className="vtable__scroll"
        style={{ height }}
        onScroll={onScroll}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the scrolling area must take focus so keyboard users can scroll it with the arrow keys; it is a named region.
        tabIndex={0}
        aria-label={label}
      >
        <table
          aria-label={label}
          aria-rowcount={rowCount + 1}
          aria-colcount={columns.length + 1}
          style={{ width: totalWidth, minWidth: '100%' }}
        >
          <thead>
            <tr aria-rowindex={1} style={{ gridTemplateColumns: template }}>
              <th scope="col" className="vtable__num">
                #
              </th>
              {columns.map((name, c) => (
                <th
                  scope="col"
                  key={name}
                  title={name}
                  className={marked.has(c) ? 'vtable__marked' : undefined}
                >
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody style={{ height: rowCount * rowHeight }}>
            {rows.map((r) => (
              <tr
                key={r}
                aria-rowindex={r + 2}
                style={{
                  transform: `translateY(${r * rowHeight}px)`,
                  height: rowHeight,
                  gridTemplateColumns: template,
                }}
              >
                <td className="vtable__num">{r + 1}</td>
                {columns.map((name, c) => {
                  const text = cell(r, c);
                  return (
                    <td
                      key={name}
                      title={text}
                      className={marked.has(c) ? 'vtable__marked' : undefined}
                    >
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
