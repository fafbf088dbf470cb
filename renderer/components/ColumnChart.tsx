/** A small column chart (a histogram) drawn with CSS; each column has a title with its range and count. */
import './components.css';
export interface ColumnChartBar {
  /** E.g. "20–29". */
  label: string;
  value: number;
}

export interface ColumnChartProps {
  label: string;
  bars: readonly ColumnChartBar[];
  /** Axis captions under the first and last column. */
  startCaption: string;
  endCaption: string;
  /** A text summary for screen readers and for the caption line. */
  summary: string;
}

export function ColumnChart({ label, bars, startCaption, endCaption, summary }: ColumnChartProps) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure className="column-chart" aria-label={label}>
      <div className="column-chart__plot" aria-hidden="true">
        {bars.map((b) => (
          <span
            key={b.label}
            className="column-chart__bar"
            title={`${b.label}: ${b.value}`}
            style={{ height: `${Math.max(b.value > 0 ? 2 : 0, (b.value / max) * 100)}%` }}
          />
        ))}
      </div>
      <div className="column-chart__axis" aria-hidden="true">
        <span>{startCaption}</span>
        <span>{endCaption}</span>
      </div>
      <figcaption className="column-chart__caption">{summary}</figcaption>
    </figure>
  );
}
