/** A line plot of the forecast target (recharts), reduced to at most 1,000 points. */
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SeriesPoint } from './stats.ts';

export function SeriesChart({
  label,
  points,
  byDate,
}: {
  label: string;
  points: SeriesPoint[];
  byDate: boolean;
}) {
  const tick = (x: number): string =>
    byDate ? new Date(x).toISOString().slice(0, 10) : String(x + 1);
  return (
    <figure className="series-chart" aria-label={label} data-testid="series-chart">
      <ResponsiveContainer width="100%" height={240}>
        {/* NOTE: recharts makes the chart a Tab stop (arrow keys move the tooltip); it is named like the figure. */}
        <LineChart
          data={points}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          aria-label={label}
        >
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis
            dataKey="x"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={tick}
            stroke="var(--text-faint)"
            tick={{ fontSize: 11 }}
            minTickGap={40}
          />
          <YAxis stroke="var(--text-faint)" tick={{ fontSize: 11 }} width={48} />
          <Tooltip
            labelFormatter={(x) => tick(Number(x))}
            contentStyle={{
              background: 'var(--surface)',
              border: '1px solid var(--border)',
              borderRadius: 8,
            }}
          />
          <Line
            type="linear"
            dataKey="y"
            name={label}
            stroke="var(--accent)"
            dot={false}
            strokeWidth={1.5}
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
