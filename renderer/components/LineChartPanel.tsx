/** A recharts line chart of several series on one numeric x axis, each downsampled (LTTB) so 100,000 points draw smoothly, with an optional shaded band (a prediction interval). */
import './charts.css';
import { useMemo } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartLegend } from './ChartLegend.tsx';
import { lttb, type XY } from './downsample.ts';
import { formatChartNumber } from './format.ts';

/** One line of a chart. */
export interface ChartSeries {
  /** Unique within the chart. */
  id: string;
  /** Legend and tooltip name. */
  name: string;
  points: readonly XY[];
  /** A CSS colour, e.g. 'var(--chart-1)'. */
  color: string;
  dashed?: boolean;
  /** Draw each point (for per-epoch series with few points). */
  dots?: boolean;
}

/** A shaded range between two values per x (a prediction interval). */
export interface ChartBand {
  id: string;
  /** Legend name. */
  name: string;
  /** A CSS colour; the band is drawn translucent. */
  color: string;
  points: readonly { x: number; low: number; high: number }[];
}

/** Every k-th point so at most `max` remain (the band is thinned for display like the lines). */
function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = points.length / max;
  return Array.from({ length: max }, (_, i) => points[Math.floor(i * step)] as T);
}

const bandRange = (p: { low: number; high: number }): [number, number] => [p.low, p.high];

export interface LineChartPanelProps {
  /** The chart's accessible name and caption. */
  title: string;
  series: readonly ChartSeries[];
  xLabel: string;
  /** Points drawn per series at most (default 600). */
  maxPoints?: number;
  height?: number;
  /** Log scale for the y axis (learning rate, gradient norm). */
  logY?: boolean;
  formatY?: (y: number) => string;
  formatX?: (x: number) => string;
  testId?: string;
  /** A bump to recompute the downsampled series when arrays grew in place. */
  version?: number;
  /** A shaded range drawn under the lines. */
  band?: ChartBand;
  /** The x axis counts (steps, epochs): whole-number ticks only. */
  integerX?: boolean;
}

const TOOLTIP_STYLE = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  borderRadius: 8,
  fontSize: 12,
};

export function LineChartPanel(props: LineChartPanelProps) {
  const { title, series, xLabel, maxPoints = 600, height = 200, logY = false, testId } = props;
  const formatY = props.formatY ?? formatChartNumber;
  const formatX = props.formatX ?? ((x: number) => String(x));
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` signals arrays that grew in place.
  const drawn = useMemo(
    () =>
      series.map((s) => ({
        ...s,
        points: lttb(logY ? s.points.filter((p) => p.y > 0) : s.points, Math.max(3, maxPoints)),
      })),
    [series, maxPoints, logY, props.version],
  );
  const band = props.band;
  const bandPoints = useMemo(
    () => (band === undefined ? [] : thin(band.points, Math.max(3, maxPoints))),
    [band, maxPoints],
  );
  const empty = drawn.every((s) => s.points.length === 0);
  return (
    <figure className="chart" aria-label={title} data-testid={testId}>
      <figcaption className="chart__title">{title}</figcaption>
      {empty ? (
        <p className="chart__empty" style={{ height }}>
          —
        </p>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          {/* NOTE: recharts makes the chart a Tab stop (arrow keys move the tooltip); it is named like the figure. */}
          <ComposedChart margin={{ top: 6, right: 14, bottom: 2, left: 0 }} aria-label={title}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis
              dataKey="x"
              type="number"
              domain={['dataMin', 'dataMax']}
              allowDuplicatedCategory={false}
              allowDecimals={props.integerX !== true}
              tickFormatter={formatX}
              stroke="var(--text-faint)"
              tick={{ fontSize: 11 }}
              minTickGap={32}
              label={{ value: xLabel, position: 'insideBottomRight', offset: -2, fontSize: 11 }}
            />
            <YAxis
              stroke="var(--text-faint)"
              tick={{ fontSize: 11 }}
              width={52}
              scale={logY ? 'log' : 'auto'}
              domain={logY ? ['auto', 'auto'] : ['auto', 'auto']}
              tickFormatter={formatY}
              allowDataOverflow={false}
            />
            <Tooltip
              contentStyle={TOOLTIP_STYLE}
              labelFormatter={(x) => `${xLabel} ${formatX(Number(x))}`}
              formatter={(v) => formatY(Number(v))}
            />
            {band !== undefined && bandPoints.length > 0 && (
              <Area
                data={bandPoints}
                dataKey={bandRange}
                name={band.name}
                type="linear"
                stroke="none"
                fill={band.color}
                fillOpacity={0.22}
                isAnimationActive={false}
                activeDot={false}
              />
            )}
            {drawn.map((s) => (
              <Line
                key={s.id}
                data={s.points as XY[]}
                dataKey="y"
                name={s.name}
                type="linear"
                stroke={s.color}
                strokeWidth={1.6}
                strokeDasharray={s.dashed ? '5 4' : undefined}
                dot={s.dots ? { r: 2.5, fill: s.color } : false}
                isAnimationActive={false}
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      )}
      <ChartLegend series={series} {...(band === undefined ? {} : { band })} />
    </figure>
  );
}
