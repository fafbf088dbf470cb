/** A windowed table: only the rows in view (plus a few) are in the DOM, so 100,000 rows scroll smoothly. */
import './components.css';
import { type UIEvent, useState } from 'react';

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
  testId?: string;
}

/** Rows drawn above and below the visible ones, so fast scrolling does not show gaps. */
const OVERSCAN = 8;
const ROW_NUMBER_WIDTH = 64;

export function VirtualTable(props: VirtualTableProps) {
  const { label, columns, rowCount, cell, rowHeight = 30, height = 360, testId } = props;
  const [scrollTop, setScrollTop] = useState(0);
  const widths = columns.map((_, i) => props.columnWidths?.[i] ?? 180);
  const totalWidth = ROW_NUMBER_WIDTH + widths.reduce((a, b) => a + b, 0);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(rowCount, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows: number[] = [];
  for (let r = first; r < last; r++) rows.push(r);
  const onScroll = (event: UIEvent<HTMLDivElement>): void =>
    setScrollTop(event.currentTarget.scrollTop);
  const template = `${ROW_NUMBER_WIDTH}px ${widths.map((w) => `${w}px`).join(' ')}`;

  return (
    <div className="vtable" data-testid={testId}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the scrolling area must take focus so keyboard users can scroll it with the arrow keys. */}
      <div className="vtable__scroll" style={{ height }} onScroll={onScroll} tabIndex={0}>
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
              {columns.map((name) => (
                <th scope="col" key={name} title={name}>
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
                    <td key={name} title={text}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
